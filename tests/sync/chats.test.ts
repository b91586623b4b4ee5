// Chats through the host contract against the embedded server, each installation in its own
// process: a direct chat between two people, read state following a person to their second
// machine, replies written offline on both sides kept in the order written, a programme's channel
// for its people only, and a third person refused everywhere.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostResult, LiveQueryName, InputOf, ResultOf } from '../../shared/contract';
import { readMarkerId, programmeChannelId } from '../../shared/domain/conversations';
import { chatScope, databaseOf, orgScope } from '../../shared/sync/layout';
import type { EmbeddedServer } from '../../server/embedded/startEmbeddedServer';
import {
  T0,
  createAccount,
  http,
  passwordOf,
  placeOf,
  put,
  startTestServer,
  waitFor,
} from '../server/harness';
import { startRemoteHost } from './remote-host';
import type { RemoteHost } from './remote-host';

type AppHarness = RemoteHost;

const valueOf = <T>(result: HostResult<T>): T => {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
};

/** Asks a live query again until its answer passes `check`. */
const until = async <N extends LiveQueryName>(
  host: RemoteHost,
  name: N,
  input: InputOf<N>,
  check: (value: ResultOf<N>) => boolean,
  timeoutMs = 20_000,
): Promise<ResultOf<N>> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await host.first(name, input);
    if (check(value)) return value;
    if (Date.now() > deadline) throw new Error(`${name} never matched: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
};

const people = {
  manager1: 'manager',
  ana: 'mentor',
  ben: 'mentor',
  cleo: 'mentor',
} as const;
const PROGRAMME = 'prog-alpha';

const seed = async (server: EmbeddedServer) => {
  const write = async (collection: Parameters<typeof placeOf>[0], doc: Record<string, unknown>) => {
    const { id, ...fields } = doc;
    const { database, couchId } = placeOf(collection, { _id: String(id), ...fields });
    const answer = await put(server, 'server-admin', database, { _id: couchId, ...fields });
    if (answer.status !== 201) throw new Error(`Seeding ${collection}: ${JSON.stringify(answer)}`);
  };
  const stamp = { createdAt: T0, updatedAt: T0 };
  for (const [id, role] of Object.entries(people)) {
    await createAccount(server, id, [role]);
    await write('users', {
      id,
      username: id,
      email: `${id}@example.org`,
      role,
      fullName: id.toUpperCase(),
      profileComplete: true,
      dateCreated: T0,
      ...stamp,
    });
  }
  await write('programmes', {
    id: PROGRAMME,
    name: 'Alpha',
    description: '',
    createdBy: 'manager1',
    status: 'active',
    dateCreated: T0,
    criteria: [],
    ...stamp,
  });
  for (const userId of ['ana', 'ben']) {
    await write('programmeMembers', {
      id: `${PROGRAMME}~${userId}`,
      programmeId: PROGRAMME,
      userId,
      role: 'mentor',
      createdBy: 'manager1',
      ...stamp,
    });
  }
};

describe('chats', () => {
  let server: EmbeddedServer;
  let ana: AppHarness;
  let ben: AppHarness;
  let benDesktop: AppHarness;
  let cleo: AppHarness;
  let chatId = '';
  const all = () => [ana, ben, benDesktop, cleo];
  const start = (username: string) =>
    startRemoteHost({
      dataDir: mkdtempSync(join(tmpdir(), `mmm-${username}-`)),
      serverUrl: server.url,
      username,
      password: passwordOf(username),
    });
  const unread = (host: AppHarness, id: string, count: number) =>
    until(
      host,
      'chats.list',
      {},
      (list) => list.rows.find((row) => row.id === id)?.unread === count,
    );

  beforeAll(async () => {
    server = await startTestServer();
    await seed(server);
    [ana, ben, benDesktop, cleo] = await Promise.all([
      start('ana'),
      start('ben'),
      start('ben'),
      start('cleo'),
    ]);
    // Everyone has the profiles and the programme before the first command.
    await Promise.all(all().map((host) => host.synced(60_000)));
  }, 120_000);
  afterAll(async () => {
    await Promise.all(all().map((host) => host.close()));
    await server.close();
  });

  it('starts one direct chat per pair, whoever starts it', async () => {
    ({ chatId } = valueOf(await ana.call('chats.startDirect', { personId: 'ben' })));
    await ana.synced();
    await until(ben, 'chats.list', {}, (list) => list.rows.some((row) => row.id === chatId));
    expect(valueOf(await ben.call('chats.startDirect', { personId: 'ana' }))).toEqual({ chatId });
    const self = await ana.call('chats.startDirect', { personId: 'ana' });
    expect(self.ok ? null : self.error.message).toMatch(/someone else/);
  });

  it('counts what is unread, and reading on one machine reads on the other', async () => {
    for (const body of ['one', 'two', 'three'])
      valueOf(await ana.call('chats.send', { chatId, body }));
    await ana.synced();
    await unread(ben, chatId, 3);
    await unread(benDesktop, chatId, 3);
    // Ana's own messages are never unread for her.
    await unread(ana, chatId, 0);

    const page = await ben.first('chats.conversation', { chatId });
    expect(page?.messages.map((m) => m.body)).toEqual(['one', 'two', 'three']);
    valueOf(
      await ben.call('chats.markRead', { chatId, upTo: page?.messages.at(-1)?.createdAt ?? '' }),
    );
    await unread(ben, chatId, 0);
    await ben.synced();
    await unread(benDesktop, chatId, 0);
    // Reading never goes backwards (an older "read up to" from a slow machine).
    valueOf(await benDesktop.call('chats.markRead', { chatId, upTo: T0 }));
    await unread(benDesktop, chatId, 0);
    expect((await benDesktop.first('chats.conversation', { chatId }))?.readAt).toBe(
      page?.messages.at(-1)?.createdAt,
    );
    // The marker is a notification to oneself, with a fixed id: one per person and chat.
    const markers = (await benDesktop.dump()).notifications.filter(
      (n) => n['id'] === readMarkerId('ben', chatId),
    );
    expect(markers).toHaveLength(1);
  });

  it('keeps both sides’ replies written offline, in the order they were written', async () => {
    await ana.network(false);
    await ben.network(false);
    valueOf(await ana.call('chats.send', { chatId, body: 'ana offline 1' }));
    await new Promise((resolve) => setTimeout(resolve, 20));
    valueOf(await ben.call('chats.send', { chatId, body: 'ben offline 1' }));
    await new Promise((resolve) => setTimeout(resolve, 20));
    valueOf(await ana.call('chats.send', { chatId, body: 'ana offline 2' }));
    // Ben comes back first, Ana second: the order is when they were written, not when they arrived.
    await ben.network(true);
    await ben.synced();
    await ana.network(true);
    await ana.synced();
    const order = ['ana offline 1', 'ben offline 1', 'ana offline 2'];
    for (const host of [ana, ben, benDesktop]) {
      const page = await until(
        host,
        'chats.conversation',
        { chatId },
        (c) => (c?.messages.length ?? 0) >= 6,
      );
      expect(page?.messages.slice(-3).map((m) => m.body)).toEqual(order);
    }
  });

  it('edits and deletes only one’s own messages; a deleted one shows as deleted', async () => {
    const mine = valueOf(await ben.call('chats.send', { chatId, body: 'typo here' }));
    valueOf(await ben.call('chats.editMessage', { messageId: mine.id, body: 'no typo' }));
    await ben.synced();
    const seen = await until(
      ana,
      'chats.conversation',
      { chatId },
      (c) => c?.messages.some((m) => m.id === mine.id && m.editedAt !== undefined) ?? false,
    );
    expect(seen?.messages.find((m) => m.id === mine.id)?.body).toBe('no typo');
    const refused = await ana.call('chats.deleteMessage', { messageId: mine.id });
    expect(refused.ok).toBe(false);
    valueOf(await ben.call('chats.deleteMessage', { messageId: mine.id }));
    const edit = await ben.call('chats.editMessage', { messageId: mine.id, body: 'again' });
    expect(edit.ok ? null : edit.error.message).toMatch(/deleted/);
    await ben.synced();
    await until(
      ana,
      'chats.conversation',
      { chatId },
      (c) =>
        c?.messages.some((m) => m.id === mine.id && m.deletedAt !== undefined && m.body === '') ??
        false,
    );
  });

  it('keeps a third person out: no chat in the list, no conversation, no sending', async () => {
    await cleo.synced();
    const list = await cleo.first('chats.list', {});
    expect(list.rows.map((row) => row.id)).not.toContain(chatId);
    expect(await cleo.first('chats.conversation', { chatId })).toBeNull();
    // Her installation does not even hold the chat (issue 21: it is in its members' databases).
    const send = await cleo.call('chats.send', { chatId, body: 'let me in' });
    expect(send.ok ? null : send.error.code).toBe('not_found');
    const read = await cleo.call('chats.markRead', { chatId, upTo: T0 });
    expect(read.ok).toBe(false);
    // Over HTTP, the direct chat's messages are in its own database, which answers its two
    // members only, and in no database anyone else reads (issue 21 routes them by chatId).
    const chatDatabase = databaseOf(chatScope(chatId));
    await waitFor('the messages in the chat’s database', async () => {
      const answer = await http(server, 'ana', 'GET', `/${chatDatabase}/_all_docs`);
      return answer.status === 200 && Number(answer.body.total_rows) > 1;
    });
    const outsider = await http(server, 'cleo', 'GET', `/${chatDatabase}/_all_docs`);
    expect(outsider.status).toBe(403);
    const orgIds = (
      (await http(server, 'cleo', 'GET', `/${databaseOf(orgScope)}/_all_docs`)).body.rows as {
        id: string;
      }[]
    ).map((row) => row.id);
    expect(orgIds.filter((id) => id.startsWith('messages:'))).toEqual([]);
  });

  it('gives a programme’s channel to its people only, made on the first message', async () => {
    const channel = programmeChannelId(PROGRAMME);
    const list = await until(ana, 'chats.list', {}, (l) => l.rows.some((r) => r.id === channel));
    expect(list.rows.find((r) => r.id === channel)?.title).toBe('Alpha');
    valueOf(await ana.call('chats.send', { chatId: channel, body: 'Hello, Alpha' }));
    await ana.synced();
    await unread(ben, channel, 1);
    expect((await cleo.first('chats.list', {})).rows.map((r) => r.id)).not.toContain(channel);
    expect(await cleo.first('chats.conversation', { chatId: channel })).toBeNull();
    const refused = await cleo.call('chats.send', { chatId: channel, body: 'hi' });
    expect(refused.ok ? null : refused.error.code).toBe('forbidden');
  });
  it('lets who started a group choose its people; someone taken out loses it', async () => {
    const { chatId: group } = valueOf(
      await ana.call('chats.startGroup', { title: 'Study group', memberIds: ['ben', 'cleo'] }),
    );
    valueOf(await ana.call('chats.send', { chatId: group, body: 'Welcome, both' }));
    await ana.synced();
    await unread(cleo, group, 1);
    const refused = await ben.call('chats.setMembers', { chatId: group, memberIds: ['ben'] });
    expect(refused.ok ? null : refused.error.code).toBe('forbidden');
    valueOf(await ana.call('chats.setMembers', { chatId: group, memberIds: ['ben'] }));
    await ana.synced();
    await until(cleo, 'chats.list', {}, (list) => !list.rows.some((row) => row.id === group));
    expect(await cleo.first('chats.conversation', { chatId: group })).toBeNull();
    const page = await until(
      ben,
      'chats.conversation',
      { chatId: group },
      (c) => c?.members.length === 2,
    );
    expect(page?.members.map((m) => m.id).sort()).toEqual(['ana', 'ben']);
    expect(page?.canManageMembers).toBe(false);
  });
  it('keeps a programme’s forum to its people; mentors do not moderate', async () => {
    const thread = valueOf(
      await ana.call('forum.startThread', {
        programmeId: PROGRAMME,
        title: 'Week 1',
        body: 'How did it go?',
      }),
    );
    await ana.synced();
    const list = await until(ben, 'forum.threads', {}, (l) =>
      l.rows.some((r) => r.id === thread.id),
    );
    expect(list.rows.find((r) => r.id === thread.id)?.unread).toBe(true);
    valueOf(await ben.call('forum.reply', { threadId: thread.id, body: 'Fine, thanks' }));
    await ben.synced();
    await until(ana, 'forum.thread', { threadId: thread.id }, (t) => t?.replies.length === 1);
    await cleo.synced();
    expect((await cleo.first('forum.threads', {})).rows.map((r) => r.id)).not.toContain(thread.id);
    expect(await cleo.first('forum.thread', { threadId: thread.id })).toBeNull();
    // The thread is in the programme's database, which her installation does not read.
    const reply = await cleo.call('forum.reply', { threadId: thread.id, body: 'me too' });
    expect(reply.ok ? null : reply.error.code).toBe('not_found');
    const lock = await ana.call('forum.moderate', { threadId: thread.id, locked: true });
    expect(lock.ok ? null : lock.error.code).toBe('forbidden');
  });
});
