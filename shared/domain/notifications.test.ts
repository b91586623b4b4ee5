import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { notificationKinds } from '../schema/notifications';
import type { NotificationKind } from '../schema/notifications';
import { privateDatabaseName } from '../sync/database-names';
import { checkWrite } from './checkWrite';
import { readMarkerId } from './conversations';
import {
  buildNotification,
  checkNewNotification,
  deliveryOf,
  draftsFor,
  notificationId,
  notificationKindRules,
  notificationPath,
  READ_MARKER_TITLE,
} from './notifications';

const AT = '2025-02-01T00:00:00.000Z';
const as = (name: string, role: string) => ({ name, roles: [role] });
/** A notification as a command writes it; the kinds about a programme name programme p1. */
const note = (kind: NotificationKind, by: string, to = 'someone', entity = 'e1', event = 'x') =>
  buildNotification(
    {
      recipientId: to,
      kind,
      entityId: entity,
      event,
      title: 'Hello',
      ...(notificationKindRules[kind].programme === null ? {} : { programmeId: 'p1' }),
    },
    by,
    AT,
  );
const write = (doc: object, user: { name: string; roles: string[] }) =>
  checkWrite({
    collection: 'notifications',
    newDoc: doc as Record<string, unknown>,
    oldDoc: null,
    user,
  });

describe('notification ids', () => {
  it('are the same for the same recipient, kind, entity and event, and differ otherwise', () => {
    const key = {
      recipientId: 'mentor1',
      kind: 'task_assigned',
      entityId: 't1',
      event: 'a',
    } as const;
    expect(notificationId(key)).toBe(notificationId({ ...key }));
    expect(notificationId(key)).toMatch(/^n[0-9a-f]{32}$/);
    fc.assert(
      fc.property(
        fc.tuple(fc.string(), fc.string(), fc.string()),
        fc.tuple(fc.string(), fc.string(), fc.string()),
        ([r1, e1, v1], [r2, e2, v2]) => {
          const a = notificationId({ recipientId: r1, kind: 'message', entityId: e1, event: v1 });
          const b = notificationId({ recipientId: r2, kind: 'message', entityId: e2, event: v2 });
          // Fields are joined with NUL: ('a', 'bc') and ('ab', 'c') are different events.
          const sameEvent = r1 === r2 && e1 === e2 && v1 === v2;
          return sameEvent ? a === b : a !== b;
        },
      ),
    );
  });
});

describe('drafts', () => {
  it('leave out the one who caused the event and name each person once', () => {
    const drafts = draftsFor(['manager1', 'manager2', 'manager1', 'mentor1'], 'mentor1', {
      kind: 'report_submitted',
      entityId: 'r1',
      event: 'submitted',
      title: 'A report',
    });
    expect(drafts.map((draft) => draft.recipientId)).toEqual(['manager1', 'manager2']);
  });
  it('fit long titles into the schema', () => {
    const long = buildNotification(
      {
        recipientId: 'a',
        kind: 'task_assigned',
        entityId: 't',
        event: 'e',
        title: 'x'.repeat(500),
      },
      'b',
      AT,
    );
    expect(long.title).toHaveLength(200);
  });
});

describe('the server’s rule for a new notification', () => {
  it('lets each kind be sent by the roles that can cause its event', () => {
    const senders: Record<string, readonly string[]> = {
      admin: notificationKinds.filter((kind) => kind !== 'application_received'),
      manager: [
        'application_decided',
        'task_assigned',
        'task_completed',
        'report_submitted',
        'details_decided',
        'certificate_pending_approval',
        'message',
        'forum_reply',
        'programme_changed',
        'broadcast',
      ],
      mentor: [
        'application_received',
        'task_completed',
        'report_submitted',
        'message',
        'forum_reply',
      ],
    };
    for (const [role, allowed] of Object.entries(senders)) {
      for (const kind of notificationKinds) {
        const entity = notificationKindRules[kind].collection ? 'e1' : 'x';
        const verdict = write(note(kind, 'sender', 'someone', entity), as('sender', role));
        expect(verdict === null, `${role} sends ${kind}: ${verdict ?? 'allowed'}`).toBe(
          allowed.includes(kind),
        );
      }
    }
  });

  it('refuses a mentor’s notification of an assignment, a decision, a certificate or a broadcast', () => {
    const mentor = as('mentor1', 'mentor');
    for (const kind of [
      'task_assigned',
      'application_decided',
      'details_decided',
      'certificate_approved',
      'certificate_revoked',
      'broadcast',
    ] as const) {
      expect(
        write(note(kind, 'mentor1', 'mentor2', kind === 'broadcast' ? 'x' : 'e1'), mentor),
      ).toMatch(/may not|may only/);
    }
  });

  it('refuses a forged id, a read one, one for oneself, a wrong link and someone else as sender', () => {
    const manager = as('manager1', 'manager');
    const good = note('task_assigned', 'manager1', 'mentor1');
    expect(write(good, manager)).toBeNull();
    expect(write({ ...good, id: 'n1' }, manager)).toMatch(/id is derived/);
    expect(write({ ...good, event: 'other' }, manager)).toMatch(/id is derived/);
    expect(write({ ...good, recipientId: 'mentor2' }, manager)).toMatch(/id is derived/);
    expect(write({ ...good, read: true }, manager)).toMatch(/unread/);
    expect(write({ ...good, readAt: AT }, manager)).toMatch(/unread/);
    expect(write(note('task_assigned', 'manager1', 'manager1'), manager)).toMatch(/own action/);
    expect(write({ ...good, link: { collection: 'reports', id: 'e1' } }, manager)).toMatch(
      /links to tasks/,
    );
    expect(write({ ...good, kind: 'nonsense' }, manager)).toMatch(/Unknown notification kind/);
    expect(write({ ...good, createdBy: 'manager2' }, manager)).toMatch(/createdBy/);
    const { event: _event, ...withoutEvent } = good;
    expect(write(withoutEvent, manager)).toMatch(/event/);
    expect(checkNewNotification(good, { name: 'manager1', role: 'manager' })).toBeNull();
  });

  it('lets the recipient only mark it read', () => {
    const sent = note('task_assigned', 'manager1', 'mentor1');
    const read = { ...sent, read: true, readAt: AT };
    const check = (doc: object, name: string) =>
      checkWrite({
        collection: 'notifications',
        newDoc: doc as Record<string, unknown>,
        oldDoc: sent,
        user: as(name, 'mentor'),
      });
    expect(check(read, 'mentor1')).toBeNull();
    expect(check(read, 'mentor2')).toMatch(/recipient/);
    expect(check({ ...read, event: 'y' }, 'mentor1')).toMatch(/event cannot change/);
  });
});

describe('read markers: the one notification a person writes to themselves', () => {
  const marker = (person: string, target: string, overrides: object = {}) => ({
    id: readMarkerId(person, target),
    recipientId: person,
    kind: 'message',
    title: READ_MARKER_TITLE,
    body: '',
    link: { collection: 'chats', id: target },
    read: true,
    readAt: AT,
    createdBy: person,
    createdAt: AT,
    updatedAt: AT,
    ...overrides,
  });
  const ownDatabase = (name: string) => privateDatabaseName(name, 'notifications');
  const writeIn = (doc: object, name: string, role: string, db?: string) =>
    checkWrite({
      collection: 'notifications',
      newDoc: doc as Record<string, unknown>,
      oldDoc: null,
      user: { ...as(name, role), ...(db === undefined ? {} : { db }) },
    });

  it('lets every role keep their own, of a chat or a thread, in the app and in their own database', () => {
    for (const role of ['admin', 'manager', 'mentor']) {
      expect(writeIn(marker('p1', 'dm~1'), 'p1', role)).toBeNull();
      expect(writeIn(marker('p1', 'dm~1'), 'p1', role, ownDatabase('p1'))).toBeNull();
      const thread = marker('p1', 't1', {
        id: readMarkerId('p1', 't1'),
        kind: 'forum_reply',
        link: { collection: 'forumPosts', id: 't1' },
      });
      expect(writeIn(thread, 'p1', role)).toBeNull();
    }
    // Made unread at first by an older app, then read: still one's own marker.
    expect(writeIn(marker('p1', 'dm~1', { read: false, readAt: undefined }), 'p1', 'mentor')).toBe(
      null,
    );
  });

  it('refuses a forged one: for someone else, a wrong id, kind or link, content, another database', () => {
    const forged = marker('victim', 'dm~1');
    expect(writeIn(forged, 'mallory', 'mentor')).toMatch(/createdBy|writer’s own/);
    expect(writeIn({ ...forged, createdBy: 'mallory' }, 'mallory', 'admin')).toMatch(
      /writer’s own/,
    );
    const mine = marker('mallory', 'dm~1');
    expect(writeIn({ ...mine, id: readMarkerId('mallory', 'dm~2') }, 'mallory', 'mentor')).toMatch(
      /id is derived/,
    );
    expect(writeIn({ ...mine, kind: 'task_assigned' }, 'mallory', 'mentor')).toMatch(
      /chat or a forum thread/,
    );
    expect(
      writeIn({ ...mine, link: { collection: 'tasks', id: 'dm~1' } }, 'mallory', 'mentor'),
    ).toMatch(/links to chats/);
    expect(writeIn({ ...mine, title: 'You are fired' }, 'mallory', 'mentor')).toMatch(
      /only how far/,
    );
    expect(writeIn({ ...mine, body: 'Click here' }, 'mallory', 'mentor')).toMatch(/only how far/);
    expect(writeIn({ ...mine, event: 'x' }, 'mallory', 'mentor')).toMatch(/only how far/);
    expect(writeIn(mine, 'mallory', 'mentor', ownDatabase('victim'))).toMatch(/own notifications/);
    expect(writeIn(mine, 'mallory', 'mentor', 'mmm-notifications')).toMatch(/own notifications/);
    // Without the read-marker id, a note to oneself is an ordinary notification: refused.
    expect(writeIn({ ...mine, id: 'n1' }, 'mallory', 'mentor')).toMatch(/own action|unread/);
  });

  it('moves only by its person, and only how far', () => {
    const stored = marker('p1', 'dm~1');
    const check = (doc: object, name: string) =>
      checkWrite({
        collection: 'notifications',
        newDoc: doc as Record<string, unknown>,
        oldDoc: stored,
        user: as(name, 'mentor'),
      });
    expect(check({ ...stored, readAt: '2025-03-01T00:00:00.000Z' }, 'p1')).toBeNull();
    expect(check({ ...stored, readAt: '2025-03-01T00:00:00.000Z' }, 'p2')).toMatch(/recipient/);
    expect(check({ ...stored, title: 'Other' }, 'p1')).toMatch(/title cannot change/);
  });
});

describe('preferences and paths', () => {
  it('deliver to the desktop unless the person chose otherwise', () => {
    expect(deliveryOf(undefined, 'task_assigned')).toBe('desktop');
    expect(deliveryOf({ tasks: 'off' }, 'task_completed')).toBe('off');
    expect(deliveryOf({ tasks: 'inApp' }, 'report_submitted')).toBe('desktop');
  });
  it('lead each kind to its screen', () => {
    const link = (collection: string) => ({ collection, id: 'x1' });
    expect(notificationPath({ kind: 'task_assigned', link: link('tasks') })).toBe('/tasks/x1');
    expect(notificationPath({ kind: 'report_submitted', link: link('reports') })).toBe(
      '/reports/x1',
    );
    expect(notificationPath({ kind: 'application_received', link: link('applications') })).toBe(
      '/approvals',
    );
    expect(notificationPath({ kind: 'message', link: link('chats') })).toBe('/chats/x1');
    expect(notificationPath({ kind: 'forum_reply', link: link('forumPosts') })).toBe('/forum/x1');
    expect(notificationPath({ kind: 'broadcast' })).toBeNull();
  });
});
