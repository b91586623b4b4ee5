import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { notificationKinds } from '../schema/notifications';
import type { NotificationKind } from '../schema/notifications';
import { checkWrite } from './checkWrite';
import {
  buildNotification,
  checkNewNotification,
  deliveryOf,
  draftsFor,
  notificationId,
  notificationKindRules,
  notificationPath,
} from './notifications';

const AT = '2025-02-01T00:00:00.000Z';
const as = (name: string, role: string) => ({ name, roles: [role] });
const note = (kind: NotificationKind, by: string, to = 'someone', entity = 'e1', event = 'x') =>
  buildNotification({ recipientId: to, kind, entityId: entity, event, title: 'Hello' }, by, AT);
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
    expect(notificationPath({ kind: 'broadcast' })).toBeNull();
  });
});
