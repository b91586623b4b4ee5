// A locked thread refuses replies on the server too, over HTTP against the embedded server: the
// server's follower lists the locked threads in the forum database's `_security`, and the rule
// (shared/domain/writeRules, given `secObj`) refuses a non-moderator's reply to a listed thread.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedServer } from '../../server/embedded/startEmbeddedServer';
import { databaseName } from '../../server/provision/databaseNames';
import { LOCKED_THREADS_FIELD } from '../../shared/domain/writeRules';
import { forumPost } from './docs';
import { T0, createAccount, http, put, startTestServer, update, waitFor } from './harness';

let server: EmbeddedServer;
const forum = databaseName('forumPosts');

const thread = (id: string, createdBy: string) => ({
  _id: id,
  kind: 'thread',
  threadId: id,
  programmeId: '',
  title: 'Open questions',
  body: 'Ask here',
  createdBy,
  pinned: false,
  locked: false,
  createdAt: T0,
  updatedAt: T0,
});
const reply = (id: string, threadId: string, createdBy: string) => ({
  ...forumPost(id, createdBy),
  threadId,
});
const listed = async (): Promise<unknown> =>
  (await http(server, 'server-admin', 'GET', `/${forum}/_security`)).body[LOCKED_THREADS_FIELD];

beforeAll(async () => {
  server = await startTestServer();
  await createAccount(server, 'manager1', ['manager']);
  await createAccount(server, 'mentor1', ['mentor']);
  await createAccount(server, 'mentor2', ['mentor']);
});
afterAll(async () => {
  await server.close();
});

describe('a locked forum thread on the server', () => {
  it('takes replies while open; once locked, only a moderator’s; unlocked, everyone’s again', async () => {
    expect((await put(server, 'mentor1', forum, thread('th-lock', 'mentor1'))).status).toBe(201);
    expect((await put(server, 'mentor2', forum, reply('r1', 'th-lock', 'mentor2'))).status).toBe(
      201,
    );

    const locked = await update(server, 'manager1', forum, 'th-lock', {
      locked: true,
      lockedAt: '2025-01-02T00:00:00.000Z',
    });
    expect(locked.status).toBe(201);
    await waitFor(
      'the lock listed in _security',
      async () => JSON.stringify(await listed()) === JSON.stringify(['th-lock']),
    );

    const refused = await put(server, 'mentor2', forum, reply('r2', 'th-lock', 'mentor2'));
    expect(refused.status).toBe(403);
    expect(JSON.stringify(refused.body)).toMatch(/locked/);
    // Its author cannot rewrite an earlier reply either; a moderator still replies.
    const edited = await update(server, 'mentor2', forum, 'r1', { body: 'Changed after the lock' });
    expect(edited.status).toBe(403);
    expect((await put(server, 'manager1', forum, reply('r3', 'th-lock', 'manager1'))).status).toBe(
      201,
    );
    // Another thread is unaffected.
    expect((await put(server, 'mentor1', forum, thread('th-open', 'mentor1'))).status).toBe(201);
    expect((await put(server, 'mentor2', forum, reply('r4', 'th-open', 'mentor2'))).status).toBe(
      201,
    );
    // Members and admins of the database are kept as they were.
    const security = (await http(server, 'server-admin', 'GET', `/${forum}/_security`)).body as {
      members?: { roles?: string[] };
    };
    expect(security.members?.roles).toEqual(expect.arrayContaining(['mentor', 'manager']));

    const { lockedAt: _lockedAt, ...unlockedThread } = (
      await http(server, 'server-admin', 'GET', `/${forum}/th-lock`)
    ).body;
    expect(
      (await put(server, 'manager1', forum, { ...unlockedThread, _id: 'th-lock', locked: false }))
        .status,
    ).toBe(201);
    await waitFor(
      'the lock gone from _security',
      async () => JSON.stringify(await listed()) === '[]',
    );
    expect((await put(server, 'mentor2', forum, reply('r5', 'th-lock', 'mentor2'))).status).toBe(
      201,
    );
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
