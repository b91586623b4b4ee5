import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedServer } from '../../server/embedded/startEmbeddedServer';
import { NONE } from '../../shared/schema/fields';
import type { CollectionName } from '../../shared/schema';
import {
  couchIdOf,
  databaseOf,
  decisionsScope,
  inboxScope,
  orgScope,
  personScope,
  programmeChannelId,
  programmeScope,
} from '../../shared/sync/layout';
import { application, chat, message, notification, profile, programme, report, task } from './docs';
import {
  T0,
  createAccount,
  databaseExists,
  http,
  isRefused,
  put,
  startTestServer,
  waitFor,
  type Answer,
  type As,
} from './harness';

/**
 * Over HTTP, as each person: the server's data partitioned by audience (docs/SECURITY.md). Who can
 * read which database, what each database takes, and how documents reach the people who must
 * read them.
 */
let server: EmbeddedServer;

const ORG = databaseOf(orgScope);
const DECISIONS = databaseOf(decisionsScope);
const INBOX = databaseOf(inboxScope);
const P1 = databaseOf(programmeScope('p1'));
const P2 = databaseOf(programmeScope('p2'));
const personDb = (name: string) => databaseOf(personScope(name));

/** A document of a collection with its CouchDB id (`<collection>:<id>`). */
const as = (collection: CollectionName, doc: Record<string, unknown> & { _id: string }) => ({
  ...doc,
  _id: couchIdOf(collection, doc._id),
});
const write = (
  who: As,
  database: string,
  collection: CollectionName,
  doc: Record<string, unknown> & { _id: string },
) => put(server, who, database, as(collection, doc));
const read = (who: As, path: string) => http(server, who, 'GET', path);
const readable = async (who: As, database: string) =>
  (await read(who, `/${database}/_all_docs`)).status === 200;
const has = async (who: As, database: string, couchId: string) =>
  (await read(who, `/${database}/${encodeURIComponent(couchId)}`)).status === 200;

/** Every way a member reads a database: each must be refused to someone who is not one. */
const readPaths = (database: string) => [
  `/${database}`,
  `/${database}/_all_docs`,
  `/${database}/_changes`,
  `/${database}/_changes?feed=longpoll&since=now`,
  `/${database}/${encodeURIComponent(couchIdOf('tasks', 't1'))}`,
];
const refusedEverywhere = async (who: As, database: string) => {
  const answers: Answer[] = [];
  for (const path of readPaths(database)) answers.push(await read(who, path));
  answers.push(
    await http(server, who, 'POST', `/${database}/_bulk_get`, {
      docs: [{ id: couchIdOf('tasks', 't1') }],
    }),
  );
  answers.push(
    await http(server, who, 'POST', `/${database}/_all_docs`, {
      keys: [couchIdOf('tasks', 't1')],
    }),
  );
  return answers.every(isRefused);
};

const member = (programmeId: string, userId: string, role: string) => ({
  _id: `${programmeId}~${userId}`,
  programmeId,
  userId,
  role,
  createdBy: 'manager1',
  createdAt: T0,
  updatedAt: T0,
});

beforeAll(async () => {
  server = await startTestServer();
  for (const [name, roles] of [
    ['admin1', ['admin']],
    ['manager1', ['manager']],
    ['mentor1', ['mentor']],
    ['mentor2', ['mentor']],
    ['applicant', []],
  ] as const) {
    await createAccount(server, name, roles);
    await write('server-admin', ORG, 'users', profile(name, roles[0] ?? 'mentor'));
  }
  for (const id of ['p1', 'p2']) {
    expect((await write('manager1', ORG, 'programmes', programme(id, 'manager1'))).status).toBe(
      201,
    );
  }
  expect(
    (await write('manager1', ORG, 'programmeMembers', member('p1', 'mentor1', 'mentor'))).status,
  ).toBe(201);
  expect(
    (await write('manager1', ORG, 'programmeMembers', member('p2', 'mentor2', 'mentor'))).status,
  ).toBe(201);
  // The server follows the organisation's database: programme databases open to their members.
  await waitFor(
    'programme databases',
    async () => (await readable('mentor1', P1)) && (await readable('mentor2', P2)),
  );
  await waitFor('person databases', () => databaseExists(server, personDb('applicant')));
});
afterAll(async () => {
  await server.close();
});

describe('anonymous requests', () => {
  it('are refused on every app database, for reading and writing', async () => {
    const all = await http(server, 'server-admin', 'GET', '/_all_dbs');
    const appDatabases = (all.body as unknown as string[]).filter((name) =>
      name.startsWith('mmm-'),
    );
    // The shared three, five people's, two programmes'.
    expect(appDatabases.length).toBeGreaterThanOrEqual(3 + 5 + 2);
    for (const database of appDatabases) {
      expect(await refusedEverywhere('anonymous', database), database).toBe(true);
      expect(
        isRefused(await put(server, 'anonymous', database, as('tasks', task('x', 'manager1', [])))),
        database,
      ).toBe(true);
    }
  });
});

describe('the organisation’s database', () => {
  it('is read by everyone with a role, and by nobody else', async () => {
    for (const who of ['admin1', 'manager1', 'mentor1', 'mentor2']) {
      expect(await readable(who, ORG), who).toBe(true);
    }
    expect(await refusedEverywhere('applicant', ORG)).toBe(true);
    expect(await refusedEverywhere('anonymous', ORG)).toBe(true);
  });

  it('takes only what everyone may read', async () => {
    const inProgramme = await write('manager1', ORG, 'tasks', task('t-org', 'manager1', []));
    expect(inProgramme.status).toBe(403);
    const draft = await write('mentor1', ORG, 'reports', report('r-org', 'mentor1'));
    expect(draft.status).toBe(403);
  });
});

describe('programme databases', () => {
  it('a mentor reads nothing of a programme they are not in', async () => {
    expect(await readable('mentor1', P1)).toBe(true);
    expect(await refusedEverywhere('mentor1', P2)).toBe(true);
    expect(await refusedEverywhere('mentor2', P1)).toBe(true);
    const planted = await write(
      'mentor1',
      P2,
      'messages',
      message('m-x', programmeChannelId('p2'), 'mentor1'),
    );
    expect(isRefused(planted)).toBe(true);
  });

  it('are read by their creator, their members and admins', async () => {
    for (const who of ['admin1', 'manager1', 'mentor1'])
      expect(await readable(who, P1), who).toBe(true);
    for (const who of ['manager1', 'mentor2', 'admin1'])
      expect(await readable(who, P2), who).toBe(true);
  });

  it('hold one programme’s documents, and no drafts', async () => {
    expect((await write('manager1', P1, 'tasks', task('t1', 'manager1', ['mentor1']))).status).toBe(
      201,
    );
    const otherProgramme = await write(
      'manager1',
      P1,
      'tasks',
      task('t2', 'manager1', [], { programmeId: 'p2' }),
    );
    expect(otherProgramme.status).toBe(403);
    const draft = await write('mentor1', P1, 'reports', report('r1', 'mentor1'));
    expect(draft.status).toBe(403);
    const submitted = await write(
      'mentor1',
      P1,
      'reports',
      report('r2', 'mentor1', {
        state: 'submitted',
        submittedAt: T0,
        achievements: 'Done',
        transitions: [{ from: 'draft', to: 'submitted', by: 'mentor1', at: T0 }],
      }),
    );
    expect(submitted.status).toBe(201);
    // Bare ids (the per-collection layout's) and unknown collections are refused.
    expect((await put(server, 'manager1', P1, task('bare', 'manager1', []))).status).toBe(403);
    const channel = await write(
      'manager1',
      P1,
      'messages',
      message('m1', programmeChannelId('p1'), 'manager1'),
    );
    expect(channel.status).toBe(201);
    expect(await has('mentor1', P1, couchIdOf('messages', 'm1'))).toBe(true);
  });

  it('someone removed from a programme loses access to its new documents', async () => {
    expect(
      (await write('manager1', ORG, 'programmeMembers', member('p1', 'mentor2', 'mentor'))).status,
    ).toBe(201);
    await waitFor('mentor2 let in', () => readable('mentor2', P1));
    const membership = await read(
      'manager1',
      `/${ORG}/${encodeURIComponent(couchIdOf('programmeMembers', 'p1~mentor2'))}`,
    );
    const removed = await http(
      server,
      'manager1',
      'PUT',
      `/${ORG}/${encodeURIComponent(couchIdOf('programmeMembers', 'p1~mentor2'))}`,
      { ...membership.body, _deleted: true },
    );
    expect(removed.status).toBe(201);
    await waitFor('mentor2 shut out', async () => !(await readable('mentor2', P1)));
    expect((await write('manager1', P1, 'tasks', task('t-after', 'manager1', []))).status).toBe(
      201,
    );
    expect(await refusedEverywhere('mentor2', P1)).toBe(true);
    expect(
      isRefused(
        await read('mentor2', `/${P1}/${encodeURIComponent(couchIdOf('tasks', 't-after'))}`),
      ),
    ).toBe(true);
  });
});

describe('person databases', () => {
  it('are read by their person alone: nobody reads another’s drafts', async () => {
    const mine = personDb('mentor1');
    expect((await write('mentor1', mine, 'reports', report('d1', 'mentor1'))).status).toBe(201);
    expect(await has('mentor1', mine, couchIdOf('reports', 'd1'))).toBe(true);
    for (const who of ['mentor2', 'manager1', 'admin1', 'applicant', 'anonymous']) {
      expect(await refusedEverywhere(who, mine), who).toBe(true);
    }
    // Nor can anyone plant a draft of someone else in their own database.
    const planted = await write('mentor2', personDb('mentor2'), 'reports', report('d2', 'mentor1'));
    expect(planted.status).toBe(403);
  });

  it('an applicant without a role has their own database, and nothing else', async () => {
    expect(await readable('applicant', personDb('applicant'))).toBe(true);
    for (const database of [ORG, DECISIONS, P1]) {
      expect(await refusedEverywhere('applicant', database), database).toBe(true);
    }
  });

  it('the inbox is the server’s alone', async () => {
    for (const who of ['admin1', 'manager1', 'mentor1']) {
      expect(await refusedEverywhere(who, INBOX), who).toBe(true);
    }
  });

  it('an application reaches the deciders and its decision comes back to the applicant only', async () => {
    const mine = personDb('mentor1');
    expect(
      (await write('mentor1', mine, 'applications', application('a1', 'mentor1'))).status,
    ).toBe(201);
    expect(
      isRefused(await write('mentor1', mine, 'applications', application('a2', 'mentor2'))),
    ).toBe(true);
    expect(await refusedEverywhere('mentor1', DECISIONS)).toBe(true);
    const inDecisions = couchIdOf('applications', 'a1');
    await waitFor('the application with the deciders', () =>
      has('manager1', DECISIONS, inDecisions),
    );
    const current = await read('manager1', `/${DECISIONS}/${encodeURIComponent(inDecisions)}`);
    const decided = await http(
      server,
      'manager1',
      'PUT',
      `/${DECISIONS}/${encodeURIComponent(inDecisions)}`,
      {
        ...current.body,
        status: 'approved',
        decidedBy: 'manager1',
        decidedAt: T0,
      },
    );
    expect(decided.status).toBe(201);
    await waitFor('the decision in the applicant’s database', async () => {
      const copy = await read('mentor1', `/${mine}/${encodeURIComponent(inDecisions)}`);
      return copy.body['status'] === 'approved';
    });
    expect(await has('server-admin', personDb('mentor2'), inDecisions)).toBe(false);
  });

  it('a notification reaches its recipient’s database and nobody else’s', async () => {
    const note = notification('t1', 'manager1', 'mentor1', 'task_assigned');
    const sent = await write('manager1', personDb('manager1'), 'notifications', note);
    expect(sent.status).toBe(201);
    const id = couchIdOf('notifications', note._id);
    await waitFor('the notification', () => has('mentor1', personDb('mentor1'), id));
    expect(await has('server-admin', personDb('mentor2'), id)).toBe(false);
    // Sent as someone else, or to someone else from another's database: refused.
    const forged = await write(
      'mentor2',
      personDb('mentor2'),
      'notifications',
      notification('t2', 'manager1', 'mentor1', 'task_assigned'),
    );
    expect(forged.status).toBe(403);
  });

  it('a mentor cannot send a notification of an event they cannot cause, nor write into another’s database', async () => {
    const mine = personDb('mentor1');
    // Assignments, decisions, certificates and broadcasts are not a mentor's to announce.
    const forged = [
      notification('t9', 'mentor1', 'mentor2', 'task_assigned'),
      notification('a9', 'mentor1', 'mentor2', 'application_decided'),
      notification('c9', 'mentor1', 'mentor2', 'certificate_approved'),
      notification('b9', 'mentor1', 'mentor2', 'broadcast'),
      // Nor as someone else, nor with an id of their own choosing.
      notification('r9', 'manager1', 'mentor2', 'task_assigned'),
      { ...notification('r8', 'mentor1', 'manager1', 'report_submitted'), _id: 'n-mine' },
    ];
    for (const doc of forged) {
      expect(isRefused(await write('mentor1', mine, 'notifications', doc)), doc._id).toBe(true);
    }
    const planted = notification('r7', 'mentor1', 'mentor2', 'report_submitted');
    expect(isRefused(await write('mentor1', personDb('mentor2'), 'notifications', planted))).toBe(
      true,
    );
    expect(isRefused(await write('mentor1', 'mmm-inbox', 'notifications', planted))).toBe(true);
    // What a mentor does cause (a submitted report) goes through, to its recipient only.
    const report = notification('r1', 'mentor1', 'manager1', 'report_submitted');
    expect((await write('mentor1', mine, 'notifications', report)).status).toBe(201);
    const reportId = couchIdOf('notifications', report._id);
    await waitFor('the report notification', () => has('manager1', personDb('manager1'), reportId));
    for (const doc of forged) {
      const couchId = couchIdOf('notifications', doc._id);
      expect(await has('server-admin', personDb('mentor2'), couchId)).toBe(false);
    }
  });
});

describe('the general forum', () => {
  it('is in the organisation’s database; a programme’s forum in the programme’s', async () => {
    const post = {
      _id: 'f1',
      kind: 'thread',
      threadId: 'f1',
      programmeId: NONE,
      title: 'Hello',
      body: 'Hi',
      createdBy: 'mentor1',
      createdAt: T0,
      updatedAt: T0,
    };
    expect((await write('mentor1', ORG, 'forumPosts', post)).status).toBe(201);
    expect(
      (
        await write('mentor1', ORG, 'forumPosts', {
          ...post,
          _id: 'f2',
          threadId: 'f2',
          programmeId: 'p1',
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await write('mentor1', P1, 'forumPosts', {
          ...post,
          _id: 'f3',
          threadId: 'f3',
          programmeId: 'p1',
        })
      ).status,
    ).toBe(201);
  });
});

describe('direct chats', () => {
  it('a direct chat gets a database only its two members read', async () => {
    const started = await write(
      'mentor1',
      personDb('mentor1'),
      'chats',
      chat('chat1', 'mentor1', ['mentor1', 'manager1']),
    );
    expect(started.status).toBe(201);
    // The chat passes through the inbox to its other member; the server makes its database.
    await waitFor('the chat with its other member', () =>
      has('manager1', personDb('manager1'), couchIdOf('chats', 'chat1')),
    );
    const chatDb = databaseOf({ kind: 'chat', chatId: 'chat1' });
    await waitFor('the chat database', () => readable('mentor1', chatDb));
    expect(
      (await write('mentor1', chatDb, 'messages', message('m1', 'chat1', 'mentor1'))).status,
    ).toBe(201);
    expect(await has('manager1', chatDb, couchIdOf('messages', 'm1'))).toBe(true);
    for (const outsider of ['mentor2', 'admin1']) {
      expect(await refusedEverywhere(outsider, chatDb), outsider).toBe(true);
      expect(
        isRefused(
          await write(outsider, chatDb, 'messages', message(`m-${outsider}`, 'chat1', outsider)),
        ),
      ).toBe(true);
      expect(await has('server-admin', personDb(outsider), couchIdOf('chats', 'chat1'))).toBe(
        false,
      );
    }
    // Messages are sent as oneself, and belong to their chat.
    expect(
      isRefused(await write('manager1', chatDb, 'messages', message('m2', 'chat1', 'mentor1'))),
    ).toBe(true);
    expect(
      isRefused(await write('manager1', chatDb, 'messages', message('m3', 'chat2', 'manager1'))),
    ).toBe(true);
  });
});
