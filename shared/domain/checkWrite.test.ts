import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { userRoles, type UserRole } from '../schema/users';
import { checkWrite } from './checkWrite';
import {
  lifecycleKinds,
  lifecycles,
  movesOf,
  TASK_UNDO_WINDOW_MS,
  type Lifecycle,
} from './lifecycles';
import { buildNotification } from './notifications';
import { grantOf } from './permissions';
import { CODE, PRINTED, SIGNATURE, T0, sampleDocs } from './testDocs';
import { transition } from './transition';

type Doc = Record<string, unknown>;
const AT = '2025-02-01T00:00:00.000Z';
const as = (name: string, role: string) => ({ name, roles: [role] });
const write = (collection: string, newDoc: Doc, oldDoc: Doc | null, user = as('admin1', 'admin')) =>
  checkWrite({ collection, newDoc, oldDoc, user });

/** Who plays each role in the sample documents (testDocs): manager1 generated and created things. */
const actorOf: Record<UserRole, string> = {
  admin: 'admin1',
  manager: 'manager2',
  mentor: 'mentor1',
};

describe('checkWrite: creating', () => {
  const programme = sampleDocs.programme('active') as Doc;

  it('lets a manager create a programme as its author', () => {
    expect(write('programmes', programme, null, as('manager1', 'manager'))).toBeNull();
  });
  it('refuses an author who is not the writer', () => {
    expect(write('programmes', programme, null, as('manager2', 'manager'))).toMatch(/createdBy/);
  });
  it('refuses a mentor creating a programme', () => {
    const mine = { ...programme, createdBy: 'mentor1' };
    expect(write('programmes', mine, null, as('mentor1', 'mentor'))).toMatch(/mentor may not/);
  });
  it('refuses a document starting in a later state', () => {
    const archived = { ...programme, status: 'archived' };
    expect(write('programmes', archived, null, as('manager1', 'manager'))).toMatch(/cannot start/);
  });
  it('takes a certificate made and generated at once as made, then generated, by its writer', () => {
    // Its recorded move (transitions) says it was made waiting, then generated.
    const generatedBy = (by: string) => ({
      ...sampleDocs.certificate('pending_approval'),
      createdBy: by,
      generatedBy: by,
      transitions: [
        { from: 'pending_generation', to: 'pending_approval', by, at: '2025-03-01T10:00:00.000Z' },
      ],
    });
    const generated = generatedBy('manager1') as Doc;
    expect(write('certificates', generated, null, as('manager1', 'manager'))).toBeNull();
    expect(
      write('certificates', generatedBy('mentor1') as Doc, null, as('mentor1', 'mentor')),
    ).toMatch(/mentor may not/);
    // Without the move recorded (an app from before histories), it cannot start generated.
    const { transitions: _moves, ...collapsed } = generated;
    expect(write('certificates', collapsed, null, as('manager1', 'manager'))).toMatch(
      /cannot start/,
    );
    const { holderName: _name, ...unnamed } = generated;
    expect(write('certificates', unnamed, null, as('manager1', 'manager'))).toMatch(
      /prints its holder/,
    );
    const approved = sampleDocs.certificate('approved') as Doc;
    expect(
      write('certificates', { ...approved, createdBy: 'admin1' }, null, as('admin1', 'admin')),
    ).toMatch(/cannot start/);
  });

  it('refuses a new certificate already approved by someone', () => {
    const cert = { ...sampleDocs.certificate('pending_generation'), approvedBy: 'admin1' } as Doc;
    expect(write('certificates', cert, null, as('manager1', 'manager'))).toMatch(/approvedBy/);
  });
  it('lets a mentor apply as themselves only', () => {
    const application = sampleDocs.application('pending') as Doc;
    expect(write('applications', application, null, as('mentor1', 'mentor'))).toBeNull();
    expect(write('applications', application, null, as('mentor2', 'mentor'))).toMatch(/userId/);
  });
  it('lets a mentor submit their own details, not yet approved', () => {
    const details = sampleDocs.userDetails('submitted') as Doc;
    expect(details['approved']).toBe(false);
    expect(write('userDetails', details, null, as('mentor1', 'mentor'))).toBeNull();
    expect(
      write('userDetails', { ...details, approved: true }, null, as('mentor1', 'mentor')),
    ).toMatch(/approved/);
  });
  it('keeps reference lists to admins', () => {
    const stack = {
      id: 's1',
      list: 'techStack',
      name: 'TS',
      createdBy: 'manager1',
      createdAt: T0,
      updatedAt: T0,
    };
    const role = { ...stack, id: 'j1', list: 'jobRole', createdBy: 'mentor1' };
    expect(write('referenceLists', stack, null, as('manager1', 'manager'))).toMatch(/may not/);
    expect(write('referenceLists', role, null, as('mentor1', 'mentor'))).toMatch(/may not/);
    expect(write('referenceLists', { ...stack, createdBy: 'admin1' }, null)).toBeNull();
    expect(write('referenceLists', { ...role, createdBy: 'admin1' }, null)).toBeNull();
  });
  it('lets people create their own profile with their account role only', () => {
    const user = { id: 'mentor1', username: 'm', email: 'm@x.org', role: 'mentor' };
    expect(write('users', user, null, as('mentor1', 'mentor'))).toBeNull();
    expect(write('users', { ...user, role: 'admin' }, null, as('mentor1', 'mentor'))).toMatch(
      /role/,
    );
    expect(write('users', user, null, as('mentor2', 'mentor'))).toMatch(/own profile/);
  });
  it('lets admins and managers broadcast, not mentors', () => {
    const draft = { recipientId: 'x', kind: 'broadcast', entityId: 'b1', event: 'b1', title: 't' };
    const byMentor = buildNotification({ ...draft, kind: 'broadcast' }, 'mentor1', AT);
    expect(write('notifications', byMentor, null, as('mentor1', 'mentor'))).toMatch(/may not/);
    // A manager broadcasts to all mentors or all managers (issue 15's broadcast chats).
    const byManager = buildNotification({ ...draft, kind: 'broadcast' }, 'manager1', AT);
    expect(write('notifications', byManager, null, as('manager1', 'manager'))).toBeNull();
    const byAdmin = buildNotification({ ...draft, kind: 'broadcast' }, 'admin1', AT);
    expect(write('notifications', byAdmin, null)).toBeNull();
  });
  it('keeps broadcast chats to their shape: a broadcasting role, an audience its id names, only its sender', () => {
    const broadcast = {
      id: 'broadcast~mentors~b1',
      kind: 'broadcast',
      title: 'News',
      audience: 'mentors',
      memberIds: ['manager1'],
      programmeId: '',
      createdBy: 'manager1',
      createdAt: AT,
      updatedAt: AT,
    };
    const manager = as('manager1', 'manager');
    expect(write('chats', broadcast, null, manager)).toBeNull();
    expect(
      write(
        'chats',
        { ...broadcast, createdBy: 'mentor1', memberIds: ['mentor1'] },
        null,
        as('mentor1', 'mentor'),
      ),
    ).toMatch(/may not/);
    expect(write('chats', { ...broadcast, audience: 'managers' }, null, manager)).toMatch(
      /names its audience/,
    );
    expect(write('chats', { ...broadcast, audience: 'admins' }, null, manager)).toMatch(
      /all mentors or all managers/,
    );
    expect(
      write('chats', { ...broadcast, memberIds: ['manager1', 'mentor1'] }, null, manager),
    ).toMatch(/only its sender/);
    expect(write('chats', broadcast, broadcast, manager)).toBeNull();
    expect(
      write('chats', { ...broadcast, memberIds: ['manager1', 'x'] }, broadcast, manager),
    ).toMatch(/follow from their role/);
    expect(
      write(
        'chats',
        { ...broadcast, audience: 'managers', id: 'broadcast~managers~b1' },
        broadcast,
        manager,
      ),
    ).toMatch(/cannot change/);
    // A group cannot pose as one, nor carry an audience.
    const group = { ...broadcast, kind: 'group', memberIds: ['manager1', 'mentor1'] };
    expect(write('chats', group, null, manager)).toMatch(/Only a broadcast/);
    const { audience: _audience, ...plainGroup } = group;
    expect(write('chats', { ...plainGroup, id: 'g1' }, null, manager)).toBeNull();
    // Messages in a broadcast: only a broadcasting role writes them.
    const message = {
      id: 'm1',
      chatId: broadcast.id,
      body: 'Hi',
      createdBy: 'mentor1',
      createdAt: AT,
      updatedAt: AT,
    };
    expect(write('messages', message, null, as('mentor1', 'mentor'))).toMatch(/may not/);
    expect(write('messages', { ...message, createdBy: 'manager1' }, null, manager)).toBeNull();
  });
  it('puts who starts a chat in it', () => {
    const chat = {
      id: 'c',
      kind: 'group',
      memberIds: ['x', 'y'],
      programmeId: '',
      createdBy: 'mentor1',
    };
    expect(write('chats', chat, null, as('mentor1', 'mentor'))).toMatch(/is in it/);
  });
  describe('a direct chat', () => {
    const direct = {
      id: 'c1',
      kind: 'direct',
      memberIds: ['mentor1', 'mentor2'],
      programmeId: '',
      createdBy: 'mentor1',
      createdAt: T0,
      updatedAt: T0,
    };
    const mentor1 = as('mentor1', 'mentor');
    it('is between exactly two different people', () => {
      expect(write('chats', direct, null, mentor1)).toBeNull();
      for (const memberIds of [['mentor1'], ['mentor1', 'mentor1'], ['mentor1', 'a', 'b']]) {
        expect(write('chats', { ...direct, memberIds }, null, mentor1)).toMatch(/two people/);
      }
    });
    it('never gains, loses or swaps a member, even by a member or an admin', () => {
      const third = { ...direct, memberIds: ['mentor1', 'mentor2', 'mentor3'] };
      expect(write('chats', third, direct, mentor1)).toMatch(/two people/);
      const swapped = { ...direct, memberIds: ['mentor1', 'mentor3'] };
      expect(write('chats', swapped, direct, mentor1)).toMatch(/never change/);
      expect(write('chats', swapped, direct)).toMatch(/never change/);
      const reordered = { ...direct, memberIds: ['mentor2', 'mentor1'], updatedAt: AT };
      expect(write('chats', reordered, direct, mentor1)).toBeNull();
    });
    it('does not become a group chat, nor a group chat a direct one', () => {
      const group = { ...direct, kind: 'group', memberIds: ['mentor1', 'mentor2', 'mentor3'] };
      expect(write('chats', group, direct, mentor1)).toMatch(/never change/);
      const two = { ...direct, kind: 'group' };
      expect(write('chats', direct, two, mentor1)).toMatch(/never change/);
    });
    it('is not deleted, nor started again over a tombstone with someone else', () => {
      const tombstone = { ...direct, _deleted: true };
      expect(write('chats', tombstone, direct, mentor1)).toMatch(/not deleted/);
      expect(write('chats', tombstone, direct)).toMatch(/not deleted/);
      const again = { ...direct, memberIds: ['mentor1', 'mentor3'] };
      expect(write('chats', again, tombstone, mentor1)).toMatch(/never change/);
      const stripped = { _id: 'c1', _deleted: true };
      expect(write('chats', again, stripped, mentor1)).toMatch(/never change/);
      expect(write('chats', direct, tombstone, mentor1)).toBeNull();
    });
  });
  it('ties a membership id to its programme and person', () => {
    const member = {
      id: 'p1~mentor1',
      programmeId: 'p1',
      userId: 'mentor1',
      role: 'mentor',
      createdBy: 'manager1',
    };
    expect(write('programmeMembers', member, null, as('manager1', 'manager'))).toBeNull();
    expect(
      write('programmeMembers', { ...member, id: 'other' }, null, as('manager1', 'manager')),
    ).toMatch(/id/);
  });
});

describe('checkWrite: changing', () => {
  it('reads the id from _id as CouchDB holds it', () => {
    const { id: _id, ...rest } = sampleDocs.report('draft');
    const old = { ...rest, _id: 'r1' };
    expect(write('reports', { ...old, title: 'New' }, old, as('mentor1', 'mentor'))).toBeNull();
  });
  it('keeps archived programmes read-only', () => {
    const old = sampleDocs.programme('archived') as Doc;
    expect(write('programmes', { ...old, name: 'x' }, old)).toMatch(/read-only/);
  });
  it('refuses a changed author or creation date', () => {
    const old = sampleDocs.report('draft') as Doc;
    expect(
      write('reports', { ...old, createdBy: 'mentor2' }, old, as('mentor1', 'mentor')),
    ).toMatch(/cannot change/);
    expect(
      write(
        'reports',
        { ...old, createdAt: T0.replace('2025', '2024') },
        old,
        as('mentor1', 'mentor'),
      ),
    ).toMatch(/cannot change/);
  });
  it('takes a document deleted and made again offline, as one write, for the deletion and the creation', () => {
    const member = {
      id: 'p1~mentor1',
      programmeId: 'p1',
      userId: 'mentor1',
      role: 'mentor',
      createdBy: 'manager1',
      createdAt: T0,
      updatedAt: T0,
    };
    const again = { ...member, createdBy: 'manager2', createdAt: AT, updatedAt: AT };
    expect(write('programmeMembers', again, member, as('manager2', 'manager'))).toBeNull();
    // Only who may delete the old one and create the new one; and only as a later creation.
    expect(write('programmeMembers', again, member, as('mentor1', 'mentor'))).toMatch(
      /cannot change/,
    );
    expect(
      write('programmeMembers', { ...again, createdAt: T0 }, member, as('manager2', 'manager')),
    ).toMatch(/cannot change/);
    const submitted = sampleDocs.report('submitted') as Doc;
    expect(
      write('reports', { ...submitted, createdAt: AT }, submitted, as('mentor1', 'mentor')),
    ).toMatch(/cannot change/);
  });
  it('lets only the author edit a draft, and nobody a submitted report', () => {
    const draft = sampleDocs.report('draft') as Doc;
    expect(write('reports', { ...draft, title: 'x' }, draft, as('mentor2', 'mentor'))).toMatch(
      /only/,
    );
    const sent = sampleDocs.report('submitted') as Doc;
    expect(write('reports', { ...sent, title: 'x' }, sent, as('mentor1', 'mentor'))).toMatch(
      /final/,
    );
  });
  it('lets only admins change a role', () => {
    const user = { id: 'mentor1', username: 'm', email: 'm@x.org', role: 'mentor' };
    expect(write('users', { ...user, role: 'admin' }, user, as('mentor1', 'mentor'))).toMatch(
      /may not/,
    );
    expect(write('users', { ...user, bio: 'hi' }, user, as('mentor1', 'mentor'))).toBeNull();
    expect(write('users', { ...user, role: 'manager' }, user)).toBeNull();
  });
  it('lets a mentor assignee move a task but not edit it', () => {
    const task = sampleDocs.task('pending') as Doc;
    expect(
      write('tasks', { ...task, status: 'in_progress' }, task, as('mentor1', 'mentor')),
    ).toBeNull();
    expect(
      write('tasks', { ...task, status: 'in_progress' }, task, as('mentor2', 'mentor')),
    ).toMatch(/only/);
    expect(write('tasks', { ...task, title: 'x' }, task, as('mentor1', 'mentor'))).toMatch(
      /may not/,
    );
  });
  it('refuses setting a move’s record without the move', () => {
    const app = sampleDocs.application('pending') as Doc;
    expect(write('applications', { ...app, decidedBy: 'admin1' }, app)).toMatch(/only change/);
  });
  it('refuses recording someone else as the decider', () => {
    const app = sampleDocs.application('pending') as Doc;
    const decided = { ...app, status: 'approved', decidedBy: 'admin2', decidedAt: AT };
    expect(write('applications', decided, app)).toMatch(/decidedBy/);
  });
  it('lets only the recipient mark a notification read', () => {
    const note = buildNotification(
      { recipientId: 'mentor1', kind: 'message', entityId: 'c1', event: 'm1', title: 't' },
      'x',
      AT,
    ) as unknown as Doc;
    const read = { ...note, read: true, readAt: AT };
    expect(write('notifications', read, note, as('mentor1', 'mentor'))).toBeNull();
    expect(write('notifications', read, note, as('mentor2', 'mentor'))).toMatch(/recipient/);
    expect(
      write('notifications', { ...read, title: 'x' }, note, as('mentor1', 'mentor')),
    ).not.toBeNull();
  });
  it('lets server admins write anything and refuses unknown users and collections', () => {
    expect(
      checkWrite({
        collection: 'x',
        newDoc: {},
        oldDoc: null,
        user: { name: 'a', roles: ['_admin'] },
      }),
    ).toBeNull();
    expect(write('nope', {}, null)).toMatch(/Unknown collection/);
    expect(
      checkWrite({ collection: 'tasks', newDoc: {}, oldDoc: null, user: { name: 'a', roles: [] } }),
    ).toMatch(/no role/);
    expect(
      checkWrite({
        collection: 'tasks',
        newDoc: {},
        oldDoc: null,
        user: { name: null, roles: ['admin'] },
      }),
    ).toMatch(/Sign in/);
  });
});

describe('checkWrite: forum posts', () => {
  const thread: Doc = {
    id: 'th1',
    kind: 'thread',
    threadId: 'th1',
    programmeId: 'p1',
    title: 'Where do we start?',
    body: '',
    createdBy: 'mentor1',
    createdAt: T0,
    updatedAt: T0,
  };
  const reply: Doc = {
    ...thread,
    id: 'fp1',
    kind: 'reply',
    title: '',
    body: 'With the basics.',
    createdBy: 'mentor2',
  };
  const mentor1 = as('mentor1', 'mentor');
  const mentor2 = as('mentor2', 'mentor');

  it('lets anyone start a thread and reply', () => {
    expect(write('forumPosts', thread, null, mentor1)).toBeNull();
    expect(write('forumPosts', reply, null, mentor2)).toBeNull();
  });
  it('makes a thread its own thread and a reply part of another', () => {
    expect(write('forumPosts', { ...thread, threadId: 'th0' }, null, mentor1)).toMatch(/own id/);
    expect(write('forumPosts', { ...reply, threadId: 'fp1' }, null, mentor2)).toMatch(/not itself/);
    expect(write('forumPosts', { ...reply, threadId: '' }, null, mentor2)).toMatch(/not itself/);
    const { id: _id, ...couch } = thread;
    expect(write('forumPosts', { ...couch, _id: 'th1' }, null, mentor1)).toBeNull();
  });
  it('gives a thread a title and a reply none, some text, and no pin or lock', () => {
    expect(write('forumPosts', { ...thread, title: ' ' }, null, mentor1)).toMatch(/title/);
    expect(write('forumPosts', { ...reply, title: 'Re' }, null, mentor2)).toMatch(/no title/);
    expect(write('forumPosts', { ...reply, body: '' }, null, mentor2)).toMatch(/text/);
    expect(write('forumPosts', { ...reply, pinned: false }, null, mentor2)).toMatch(
      /Only a thread/,
    );
    expect(write('forumPosts', { ...reply, kind: 'post' }, null, mentor2)).toMatch(
      /thread or a reply/,
    );
  });
  it('keeps a post in its thread, forum and kind', () => {
    for (const change of [{ threadId: 'th2' }, { programmeId: '' }, { kind: 'thread' }]) {
      expect(write('forumPosts', { ...reply, ...change }, reply, mentor2)).toMatch(/cannot change/);
    }
  });
  it('lets authors edit their posts and moderators pin and lock threads only', () => {
    expect(write('forumPosts', { ...reply, body: 'Edited' }, reply, mentor2)).toBeNull();
    expect(write('forumPosts', { ...reply, body: 'Edited' }, reply, mentor1)).toMatch(/only/);
    expect(write('forumPosts', { ...thread, title: '' }, thread, mentor1)).toMatch(/title/);
    expect(write('forumPosts', { ...thread, pinned: true }, thread, mentor1)).toMatch(/may not/);
    expect(write('forumPosts', { ...thread, pinned: true }, thread)).toBeNull();
    expect(
      write(
        'forumPosts',
        { ...thread, locked: true, lockedAt: AT },
        thread,
        as('manager2', 'manager'),
      ),
    ).toBeNull();
    expect(
      write('forumPosts', { ...thread, locked: true }, thread, as('manager2', 'manager')),
    ).toMatch(/since when/);
    expect(write('forumPosts', { ...reply, locked: true }, reply)).toMatch(/Only a thread/);
    expect(write('forumPosts', { ...thread, pinned: true }, null, mentor1)).toMatch(/may not/);
  });
  it('keeps a locked thread’s opening post as it was locked, but for moderators', () => {
    const locked = { ...thread, locked: true, lockedAt: AT };
    expect(write('forumPosts', { ...locked, body: 'Sneaky' }, locked, mentor1)).toMatch(/locked/);
    expect(write('forumPosts', { ...locked, body: 'Fixed' }, locked)).toBeNull();
    const { lockedAt: _at, ...unlocked } = { ...locked, locked: false };
    expect(write('forumPosts', unlocked, locked, mentor1)).toMatch(/may not/);
    expect(write('forumPosts', unlocked, locked)).toBeNull();
  });
  it('removes a post with a reason (moderators) or as its author; removed, it stays removed', () => {
    const removed = (by: string, reason?: string) => ({
      ...reply,
      body: '',
      removedAt: AT,
      removedBy: by,
      ...(reason === undefined ? {} : { removedReason: reason }),
    });
    expect(write('forumPosts', removed('mentor2'), reply, mentor2)).toBeNull();
    expect(write('forumPosts', removed('mentor1', 'spam'), reply, mentor1)).toMatch(/may not/);
    expect(write('forumPosts', removed('admin1'), reply)).toMatch(/why/);
    expect(write('forumPosts', removed('admin1', 'Off topic'), reply)).toBeNull();
    expect(write('forumPosts', removed('someone', 'Off topic'), reply)).toMatch(/removedBy/);
    expect(write('forumPosts', { ...removed('admin1', 'Off topic'), body: 'kept' }, reply)).toMatch(
      /no text/,
    );
    const done = removed('admin1', 'Off topic');
    expect(write('forumPosts', { ...done, body: 'back' }, done)).toMatch(/does not change again/);
    expect(
      write(
        'forumPosts',
        { ...reply, removedAt: AT, removedBy: 'mentor2', body: '' },
        null,
        mentor2,
      ),
    ).toMatch(/not removed/);
  });
  it('lets the author or a moderator remove a post', () => {
    expect(write('forumPosts', { _deleted: true }, reply, mentor2)).toBeNull();
    expect(write('forumPosts', { _deleted: true }, reply, mentor1)).toMatch(/may not/);
    expect(write('forumPosts', { _deleted: true }, reply, as('manager2', 'manager'))).toBeNull();
  });
});

describe('checkWrite: deleting', () => {
  it('lets authors delete drafts but not submitted reports', () => {
    const draft = sampleDocs.report('draft') as Doc;
    expect(
      write('reports', { ...draft, _deleted: true }, draft, as('mentor1', 'mentor')),
    ).toBeNull();
    const sent = sampleDocs.report('submitted') as Doc;
    expect(write('reports', { _id: 'r1', _deleted: true }, sent, as('mentor1', 'mentor'))).toMatch(
      /draft/,
    );
  });
  it('refuses removing programmes and certificates except by admins', () => {
    const programme = sampleDocs.programme('active') as Doc;
    expect(write('programmes', { _deleted: true }, programme, as('manager1', 'manager'))).toMatch(
      /archived/,
    );
    const cert = sampleDocs.certificate('approved') as Doc;
    expect(write('certificates', { _deleted: true }, cert, as('manager1', 'manager'))).toMatch(
      /revoked/,
    );
  });
});

describe('checkWrite: reopening a completed task, and taking completing back', () => {
  const completedAt = '2025-03-01T10:00:00.000Z';
  const completed = { ...sampleDocs.task('completed'), updatedAt: completedAt } as Doc;
  const reopenedAfter = (ms: number) => ({
    ...completed,
    status: 'in_progress',
    updatedAt: new Date(Date.parse(completedAt) + ms).toISOString(),
  });

  it('lets the programme’s managers and admins reopen it at any time', () => {
    const aWeekLater = reopenedAfter(7 * 86_400_000);
    expect(write('tasks', aWeekLater, completed, as('manager2', 'manager'))).toBeNull();
    expect(write('tasks', aWeekLater, completed, as('admin1', 'admin'))).toBeNull();
  });

  it('lets an assignee take it back within the undo window, and only then', () => {
    const assignee = as('mentor1', 'mentor');
    expect(write('tasks', reopenedAfter(30_000), completed, assignee)).toBeNull();
    expect(write('tasks', reopenedAfter(TASK_UNDO_WINDOW_MS), completed, assignee)).toBeNull();
    expect(write('tasks', reopenedAfter(TASK_UNDO_WINDOW_MS + 1), completed, assignee)).toMatch(
      /mentor may not reopen a completed task/,
    );
    // A time before the completion is no undo of it.
    expect(write('tasks', reopenedAfter(-1_000), completed, assignee)).not.toBeNull();
  });

  it('refuses someone who is not assigned, even within the window', () => {
    expect(write('tasks', reopenedAfter(10_000), completed, as('mentor2', 'mentor'))).toMatch(
      /may only undo completing a task/i,
    );
  });

  it('judges an undo recorded in the task’s moves (transitions) by the same window', () => {
    const step = (from: string, to: string, by: string, at: string) => ({ from, to, by, at });
    const recorded = {
      ...completed,
      transitions: [step('in_progress', 'completed', 'mentor1', completedAt)],
    } as Doc;
    const undoneAfter = (ms: number, by = 'mentor1') => {
      const at = new Date(Date.parse(completedAt) + ms).toISOString();
      return {
        ...recorded,
        status: 'in_progress',
        updatedAt: at,
        transitions: [
          ...(recorded['transitions'] as object[]),
          step('completed', 'in_progress', by, at),
        ],
      };
    };
    const assignee = as('mentor1', 'mentor');
    expect(write('tasks', undoneAfter(30_000), recorded, assignee)).toBeNull();
    expect(write('tasks', undoneAfter(TASK_UNDO_WINDOW_MS + 1), recorded, assignee)).toMatch(
      /mentor may not reopen a completed task/,
    );
    expect(
      write('tasks', undoneAfter(10_000, 'mentor2'), recorded, as('mentor2', 'mentor')),
    ).toMatch(/may only undo completing a task/i);
    expect(
      write('tasks', undoneAfter(7 * 86_400_000, 'manager2'), recorded, as('manager2', 'manager')),
    ).toBeNull();
  });

  it('judges every delay alike: an assignee’s undo is allowed exactly within the window', () => {
    fc.assert(
      fc.property(fc.integer({ min: -600_000, max: 600_000 }), (delay) => {
        const allowed = write('tasks', reopenedAfter(delay), completed, as('mentor1', 'mentor'));
        expect(allowed === null).toBe(delay >= 0 && delay <= TASK_UNDO_WINDOW_MS);
      }),
    );
  });
});

/**
 * The server agrees with the app: for every move of every lifecycle and every role, a document
 * moved by transition() is accepted exactly when the role may make the move, and every move the
 * lifecycle forbids is refused.
 */
describe('checkWrite agrees with transition and the matrix', () => {
  const cases = lifecycleKinds.flatMap((kind) =>
    (lifecycles[kind] as Lifecycle<string>).states.flatMap((from) =>
      (lifecycles[kind] as Lifecycle<string>).states
        .filter((to) => to !== from)
        .flatMap((to) => userRoles.map((role) => ({ kind, from, to, role }))),
    ),
  );

  it.each(cases)('$kind $from → $to by $role', ({ kind, from, to, role }) => {
    const by = actorOf[role];
    const make = sampleDocs[kind] as (s: string) => Doc;
    const old = make(from);
    const ready = kind === 'task' && to === 'pending' ? { ...old, assignees: ['mentor1'] } : old;
    const moved = transition(kind, ready as never, to as never, {
      by,
      at: AT,
      reason: 'Because.',
      certificateCode: CODE,
      printed: PRINTED,
      signature: SIGNATURE,
    });
    const reason = write(
      lifecycles[kind].collection,
      moved.ok ? moved.doc : { ...old, [lifecycles[kind].field]: to },
      old,
      as(by, role),
    );
    const move = movesOf(kind).find((m) => m.from === from && m.to === to);
    if (!move) {
      expect(reason).toMatch(/cannot move|read-only/);
      return;
    }
    const grant = grantOf(role, move.action);
    // "own" as the sample documents have it: mentor1 wrote the report and is assigned the task;
    // a manager may own a programme's things through membership, which the server cannot see.
    const owns = kind === 'report' ? by === 'mentor1' : role === 'manager' || by === 'mentor1';
    const mayMove = grant === 'any' || (grant === 'own' && owns);
    if (moved.ok && mayMove) expect(reason).toBeNull();
    else expect(reason).not.toBeNull();
  });
});

describe('checkWrite: certificates carry what they print and their signature', () => {
  const pending = sampleDocs.certificate('pending_approval') as Doc;
  const admin = as('admin1', 'admin');
  const approved = { ...pending, status: 'approved', approvedBy: 'admin1', approvedAt: AT };

  it('refuses an approval without a signature, and one that changes what is printed', () => {
    expect(write('certificates', approved, pending, admin)).toMatch(/signature is missing/);
    const signed = { ...approved, signingKeyId: SIGNATURE.keyId, signature: SIGNATURE.value };
    expect(write('certificates', signed, pending, admin)).toBeNull();
    expect(write('certificates', { ...signed, holderName: 'Mallory' }, pending, admin)).toMatch(
      /holderName cannot change/,
    );
    expect(
      write('certificates', { ...signed, expirationDate: '2099-01-01' }, pending, admin),
    ).toMatch(/expirationDate cannot change/);
  });

  it('refuses a generation without the printed names, or already signed', () => {
    const waiting = sampleDocs.certificate('pending_generation') as Doc;
    const generated = { ...pending };
    const manager = as('manager1', 'manager');
    expect(write('certificates', generated, waiting, manager)).toBeNull();
    const { holderName: _name, ...unnamed } = generated;
    expect(write('certificates', unnamed, waiting, manager)).toMatch(/prints its holder/);
    expect(
      write(
        'certificates',
        { ...generated, signature: SIGNATURE.value, signingKeyId: SIGNATURE.keyId },
        waiting,
        manager,
      ),
    ).toMatch(/signed when it is approved/);
  });

  it('refuses changing the signature of an issued certificate', () => {
    const issued = sampleDocs.certificate('approved') as Doc;
    expect(
      write(
        'certificates',
        { ...issued, signature: 'T'.repeat(86) },
        issued,
        as('admin1', 'admin'),
      ),
    ).toMatch(/only change with/);
  });
});

describe('checkWrite: published signing keys', () => {
  const key = (id: string) => ({ id, publicKey: 'A'.repeat(43), createdAt: T0 });
  const person = {
    id: 'admin1',
    username: 'admin1',
    email: 'a@example.org',
    role: 'admin',
    profileComplete: true,
    dateCreated: T0,
    createdAt: T0,
    updatedAt: T0,
    signingKeys: [key('K0000001')],
  };

  it('lets a person add a key of their own, and nobody remove or change one', () => {
    const me = as('admin1', 'admin');
    const added = { ...person, signingKeys: [key('K0000001'), key('K0000002')] };
    expect(write('users', added, person, me)).toBeNull();
    expect(write('users', { ...person, signingKeys: [] }, person, me)).toMatch(/never removed/);
    expect(
      write(
        'users',
        { ...person, signingKeys: [{ ...key('K0000001'), publicKey: 'B'.repeat(43) }] },
        person,
        me,
      ),
    ).toMatch(/never removed or changed/);
  });

  it('refuses publishing a key in somebody else’s profile, even as an admin', () => {
    const added = { ...person, signingKeys: [key('K0000001'), key('K0000002')] };
    expect(write('users', added, person, as('admin2', 'admin'))).toMatch(/their own keys/);
  });
});

describe('checkWrite: messages, edited and deleted', () => {
  const mentor1 = as('mentor1', 'mentor');
  const message = {
    id: 'm1',
    chatId: 'c1',
    createdBy: 'mentor1',
    body: 'Hello',
    createdAt: T0,
    updatedAt: T0,
  };
  it('says something, unless deleted; a deleted one keeps no text', () => {
    expect(write('messages', message, null, mentor1)).toBeNull();
    expect(write('messages', { ...message, body: '  ' }, null, mentor1)).toMatch(/needs some text/);
    const deleted = { ...message, body: '', deletedAt: AT, updatedAt: AT };
    expect(write('messages', deleted, message, mentor1)).toBeNull();
    expect(write('messages', { ...deleted, body: 'still here' }, message, mentor1)).toMatch(
      /keeps no text/,
    );
  });
  it('is edited or deleted by its sender only', () => {
    const edited = { ...message, body: 'Hello!', editedAt: AT, updatedAt: AT };
    expect(write('messages', edited, message, mentor1)).toBeNull();
    expect(write('messages', edited, message, as('mentor2', 'mentor'))).not.toBeNull();
    const deleted = { ...message, body: '', deletedAt: AT, updatedAt: AT };
    expect(write('messages', deleted, message, as('mentor2', 'mentor'))).not.toBeNull();
  });
  it('never changes once deleted, not even back', () => {
    const deleted = { ...message, body: '', deletedAt: AT, updatedAt: AT };
    const { deletedAt: _gone, ...undeleted } = { ...deleted, body: 'back', updatedAt: AT };
    expect(write('messages', undeleted, deleted, mentor1)).toMatch(/does not change again/);
    expect(write('messages', { ...deleted, editedAt: AT }, deleted, mentor1)).toMatch(
      /does not change again/,
    );
  });
});

describe('checkWrite: group chats', () => {
  const group = {
    id: 'g1',
    kind: 'group',
    title: 'Study group',
    memberIds: ['mentor1', 'mentor2', 'mentor3'],
    programmeId: '',
    createdBy: 'mentor1',
    createdAt: T0,
    updatedAt: T0,
  };
  it('has its people chosen by who started it or a manager', () => {
    const fewer = { ...group, memberIds: ['mentor1', 'mentor2'], updatedAt: AT };
    expect(write('chats', fewer, group, as('mentor1', 'mentor'))).toBeNull();
    expect(write('chats', fewer, group, as('mentor2', 'mentor'))).toMatch(/started a group/);
    const managed = { ...group, memberIds: [...group.memberIds, 'manager1'], updatedAt: AT };
    expect(
      write(
        'chats',
        managed,
        { ...managed, memberIds: group.memberIds },
        as('manager1', 'manager'),
      ),
    ).toMatch(/Only members/);
    expect(write('chats', fewer, group, as('admin1', 'admin'))).toBeNull();
  });
  it('keeps who started it in it', () => {
    const without = { ...group, memberIds: ['mentor2', 'mentor3'], updatedAt: AT };
    expect(write('chats', without, group)).toMatch(/stays in it/);
  });
});
