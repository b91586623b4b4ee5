import { describe, expect, it } from 'vitest';
import { notificationKinds } from '../schema/notifications';
import type { NotificationKind } from '../schema/notifications';
import { checkWrite } from './checkWrite';
import {
  buildNotification,
  isRelationRefusal,
  notificationKindRules,
  PROGRAMME_RELATIONS_FIELD,
  programmeRelationsIn,
} from './notifications';

// The server's half of issue 16's last rule: a notification about a programme's event comes only
// from someone with the relation its kind needs to that programme, as the sender's own database's
// `_security` lists it (validate_doc_update's secObj). In the app no `_security` is given.

const AT = '2025-02-01T00:00:00.000Z';

const note = (kind: NotificationKind, by: string, programmeId?: string) =>
  buildNotification(
    {
      recipientId: 'someone',
      kind,
      entityId: notificationKindRules[kind].collection ? 'e1' : 'x',
      event: 'x',
      title: 'Hello',
      ...(programmeId === undefined ? {} : { programmeId }),
    },
    by,
    AT,
  );

type Relation = 'manages' | 'member' | 'none';

/** A person database's `_security`, listing the sender's relation to programme p1 (and p2's). */
const securityListing = (relation: Relation) => ({
  admins: { names: [], roles: [] },
  members: { names: ['sender'], roles: [] },
  [PROGRAMME_RELATIONS_FIELD]: {
    manages: relation === 'manages' ? ['p1', 'p2'] : ['p2'],
    takesPart: relation === 'none' ? ['p2'] : ['p1', 'p2'],
  },
});

const write = (doc: object, role: string, security?: Record<string, unknown>) =>
  checkWrite({
    collection: 'notifications',
    newDoc: doc as Record<string, unknown>,
    oldDoc: null,
    user: { name: 'sender', roles: [role] },
    ...(security === undefined ? {} : { security }),
  });

/** Which kinds a role's sender may send about p1, given their relation to it (the server). */
const allowed: Record<string, Record<Relation, readonly NotificationKind[]>> = {
  manager: {
    manages: [
      'application_decided',
      'task_assigned',
      'task_completed',
      'report_submitted',
      'certificate_pending_approval',
      'programme_changed',
    ],
    member: ['task_completed', 'report_submitted'],
    none: [],
  },
  mentor: {
    // A mentor never manages (the role refuses a manager's kinds whatever the listing says).
    manages: ['application_received', 'task_completed', 'report_submitted'],
    member: ['application_received', 'task_completed', 'report_submitted'],
    // An applicant is in no programme yet.
    none: ['application_received'],
  },
};

const programmeKinds = notificationKinds.filter(
  (kind) => notificationKindRules[kind].programme !== null,
);

describe('a notification about a programme, on the server', () => {
  it('needs the relation its kind needs to the programme it names (every kind × role × relation)', () => {
    for (const [role, byRelation] of Object.entries(allowed)) {
      for (const [relation, kinds] of Object.entries(byRelation) as [
        Relation,
        NotificationKind[],
      ][]) {
        for (const kind of programmeKinds) {
          const verdict = write(note(kind, 'sender', 'p1'), role, securityListing(relation));
          expect(verdict === null, `${role} (${relation}) sends ${kind}: ${verdict ?? 'ok'}`).toBe(
            kinds.includes(kind),
          );
        }
      }
    }
  });

  it('says which relation is missing', () => {
    expect(write(note('task_assigned', 'sender', 'p1'), 'manager', securityListing('member'))).toBe(
      'Only someone a manager of the programme sends a task_assigned notification about it.',
    );
    expect(write(note('task_completed', 'sender', 'p1'), 'mentor', securityListing('none'))).toBe(
      'Only someone in the programme sends a task_completed notification about it.',
    );
  });

  it('lets admins send about any programme: they run them all', () => {
    for (const kind of programmeKinds.filter((k) => k !== 'application_received')) {
      expect(write(note(kind, 'sender', 'p1'), 'admin', securityListing('none')), kind).toBeNull();
      expect(write(note(kind, 'sender', 'p1'), 'admin', {}), kind).toBeNull();
    }
  });

  it('refuses every relation kind when the database lists no relations (a new person, a bare _security)', () => {
    for (const security of [{}, { [PROGRAMME_RELATIONS_FIELD]: 'nonsense' }]) {
      expect(write(note('task_assigned', 'sender', 'p1'), 'manager', security)).toMatch(
        /manager of the programme/,
      );
      expect(write(note('report_submitted', 'sender', 'p1'), 'mentor', security)).toMatch(
        /in the programme/,
      );
    }
  });

  it('needs the programme named, for every kind about one, in the app too', () => {
    for (const kind of programmeKinds) {
      const role = kind === 'application_received' ? 'mentor' : 'admin';
      expect(write(note(kind, 'sender'), role), kind).toBe(
        `A ${kind} notification names its programme.`,
      );
      expect(write(note(kind, 'sender', ''), role, securityListing('manages')), kind).toMatch(
        /names its programme/,
      );
    }
  });

  it('refuses a programme on a kind about none', () => {
    for (const kind of notificationKinds.filter(
      (k) => notificationKindRules[k].programme === null,
    )) {
      expect(write(note(kind, 'sender', 'p1'), 'admin'), kind).toBe(
        `A ${kind} notification is about no programme.`,
      );
      expect(write(note(kind, 'sender', ''), 'admin'), kind).toBeNull();
    }
  });

  it('changes nothing in the app, where no _security is given: the commands check the relation', () => {
    expect(write(note('task_assigned', 'sender', 'p1'), 'manager')).toBeNull();
    expect(write(note('task_completed', 'sender', 'p1'), 'mentor')).toBeNull();
  });

  it('keeps the programme as it was sent', () => {
    const sent = note('task_assigned', 'manager1', 'p1');
    const moved = { ...sent, recipientId: 'someone', read: true, readAt: AT, programmeId: 'p2' };
    expect(
      checkWrite({
        collection: 'notifications',
        newDoc: moved,
        oldDoc: sent,
        user: { name: 'someone', roles: ['mentor'] },
      }),
    ).toMatch(/programmeId cannot change/);
  });

  it('says which refusals are about a relation (the app sends those again, electron/core/sync)', () => {
    const refusal = write(note('task_assigned', 'sender', 'p1'), 'manager', {});
    expect(isRelationRefusal(refusal ?? '')).toBe(true);
    const completion = write(note('task_completed', 'sender', 'p1'), 'mentor', {});
    expect(isRelationRefusal(completion ?? '')).toBe(true);
    expect(isRelationRefusal(write(note('task_assigned', 'sender', ''), 'manager') ?? '')).toBe(
      false,
    );
    expect(isRelationRefusal(write(note('task_assigned', 'sender', 'p1'), 'mentor') ?? '')).toBe(
      false,
    );
  });

  it('reads the listing defensively', () => {
    expect(programmeRelationsIn(undefined)).toEqual({ manages: [], takesPart: [] });
    expect(
      programmeRelationsIn({ [PROGRAMME_RELATIONS_FIELD]: { manages: ['p1', 3], takesPart: 'x' } }),
    ).toEqual({ manages: ['p1'], takesPart: [] });
  });
});
