// A locked thread refuses replies on the server too, over HTTP against the embedded server: the
// server's follower lists the locked threads in the forum's database's `_security`, and the rule
// (shared/domain/writeRules, given `secObj`) refuses a non-moderator's reply to a listed thread.
// Both forums: the organisation's (in `mmm-org`) and a programme's (in its own database, which the
// follower starts following when the programme's database is made).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedServer } from '../../server/embedded/startEmbeddedServer';
import { LOCKED_THREADS_FIELD } from '../../shared/domain/writeRules';
import { couchIdOf, databaseOf, orgScope, programmeScope } from '../../shared/sync/layout';
import { forumPost, membership, programme } from './docs';
import { T0, createAccount, http, place, put, startTestServer, update, waitFor } from './harness';

let server: EmbeddedServer;
const ORG = databaseOf(orgScope);
const P1 = databaseOf(programmeScope('p1'));
const cid = (id: string) => couchIdOf('forumPosts', id);

const thread = (id: string, createdBy: string, programmeId: string) => ({
  _id: cid(id),
  kind: 'thread',
  threadId: id,
  programmeId,
  title: 'Open questions',
  body: 'Ask here',
  createdBy,
  pinned: false,
  locked: false,
  createdAt: T0,
  updatedAt: T0,
});
const reply = (id: string, threadId: string, createdBy: string, programmeId: string) => ({
  ...forumPost(id, createdBy),
  _id: cid(id),
  threadId,
  programmeId,
});
const listed = async (forum: string): Promise<unknown> =>
  (await http(server, 'server-admin', 'GET', `/${forum}/_security`)).body[LOCKED_THREADS_FIELD];

beforeAll(async () => {
  server = await startTestServer();
  await createAccount(server, 'manager1', ['manager']);
  await createAccount(server, 'mentor1', ['mentor']);
  await createAccount(server, 'mentor2', ['mentor']);
  expect((await place(server, 'manager1', 'programmes', programme('p1', 'manager1'))).status).toBe(
    201,
  );
  for (const mentor of ['mentor1', 'mentor2']) {
    const answer = await place(
      server,
      'manager1',
      'programmeMembers',
      membership('p1', mentor, 'manager1'),
    );
    expect(answer.status).toBe(201);
  }
  // The programme's database takes its mentors' writes once its members are set.
  await waitFor('p1’s members', async () => {
    const members = (await http(server, 'server-admin', 'GET', `/${P1}/_security`)).body.members as
      { names?: string[] } | undefined;
    return ['mentor1', 'mentor2'].every((name) => members?.names?.includes(name) === true);
  });
});
afterAll(async () => {
  await server.close();
});

describe.each([
  { forum: ORG, programmeId: '', name: 'the organisation’s forum' },
  { forum: P1, programmeId: 'p1', name: 'a programme’s forum' },
])('a locked thread of $name on the server', ({ forum, programmeId }) => {
  const p = programmeId === '' ? 'o' : 'p';
  it('takes replies while open; once locked, only a moderator’s; unlocked, everyone’s again', async () => {
    expect(
      (await put(server, 'mentor1', forum, thread(`th-lock-${p}`, 'mentor1', programmeId))).status,
    ).toBe(201);
    expect(
      (
        await put(
          server,
          'mentor2',
          forum,
          reply(`r1-${p}`, `th-lock-${p}`, 'mentor2', programmeId),
        )
      ).status,
    ).toBe(201);

    const locked = await update(server, 'manager1', forum, cid(`th-lock-${p}`), {
      locked: true,
      lockedAt: '2025-01-02T00:00:00.000Z',
    });
    expect(locked.status).toBe(201);
    await waitFor(
      'the lock listed in _security',
      async () => JSON.stringify(await listed(forum)) === JSON.stringify([`th-lock-${p}`]),
    );

    const refused = await put(
      server,
      'mentor2',
      forum,
      reply(`r2-${p}`, `th-lock-${p}`, 'mentor2', programmeId),
    );
    expect(refused.status).toBe(403);
    expect(JSON.stringify(refused.body)).toMatch(/locked/);
    // As the app's replication writes it (_bulk_docs) too: express-pouchdb validated those with
    // an empty `_security`, so a locked thread took replies from every installation.
    const pushed = await http(server, 'mentor2', 'POST', `/${forum}/_bulk_docs`, {
      docs: [reply(`r2b-${p}`, `th-lock-${p}`, 'mentor2', programmeId)],
    });
    expect(JSON.stringify(pushed.body)).toMatch(/forbidden.*locked/);
    // Its author cannot rewrite an earlier reply either; a moderator still replies.
    const edited = await update(server, 'mentor2', forum, cid(`r1-${p}`), {
      body: 'Changed after the lock',
    });
    expect(edited.status).toBe(403);
    expect(
      (
        await put(
          server,
          'manager1',
          forum,
          reply(`r3-${p}`, `th-lock-${p}`, 'manager1', programmeId),
        )
      ).status,
    ).toBe(201);
    // Another thread is unaffected.
    expect(
      (await put(server, 'mentor1', forum, thread(`th-open-${p}`, 'mentor1', programmeId))).status,
    ).toBe(201);
    expect(
      (
        await put(
          server,
          'mentor2',
          forum,
          reply(`r4-${p}`, `th-open-${p}`, 'mentor2', programmeId),
        )
      ).status,
    ).toBe(201);
    // Members and admins of the database are kept as they were.
    const security = (await http(server, 'server-admin', 'GET', `/${forum}/_security`)).body as {
      members?: { roles?: string[] };
    };
    expect(security.members?.roles).toEqual(
      expect.arrayContaining(programmeId === '' ? ['mentor', 'manager'] : ['admin']),
    );

    const { lockedAt: _lockedAt, ...unlockedThread } = (
      await http(
        server,
        'server-admin',
        'GET',
        `/${forum}/${encodeURIComponent(cid(`th-lock-${p}`))}`,
      )
    ).body;
    expect(
      (
        await put(server, 'manager1', forum, {
          ...unlockedThread,
          _id: cid(`th-lock-${p}`),
          locked: false,
        })
      ).status,
    ).toBe(201);
    await waitFor(
      'the lock gone from _security',
      async () => JSON.stringify(await listed(forum)) === '[]',
    );
    expect(
      (
        await put(
          server,
          'mentor2',
          forum,
          reply(`r5-${p}`, `th-lock-${p}`, 'mentor2', programmeId),
        )
      ).status,
    ).toBe(201);
  });

  it('a mentor cannot write the list: _security is the server admins’', async () => {
    const answer = await http(server, 'mentor1', 'PUT', `/${forum}/_security`, {
      members: { names: [], roles: ['admin', 'manager', 'mentor'] },
      admins: { names: [], roles: [] },
      [LOCKED_THREADS_FIELD]: [],
    });
    expect(answer.status).toBeGreaterThanOrEqual(400);
  });
});
