// `npm run bench:chat`: chat as people feel it. Message latency A → server → B (both installations
// live, A in its own process, B watching the chat through the host contract) over 200 messages,
// and opening a chat of 100,000 messages: the time until the host answers with the newest page
// (what the first paint of the chat shows), cold and warm. Last line: one JSON object.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Conversation } from '../../shared/contract';
import type { CollectionName } from '../../shared/schema';
import { chatScope, databaseOf } from '../../shared/sync/layout';
import { startEmbeddedServer } from '../../server/embedded/startEmbeddedServer';
import { ADMIN, T0, createAccount, http, passwordOf, placeOf, waitFor } from '../server/harness';
import { startAppHarness } from '../support/app-harness';
import { startRemoteHost } from '../sync/remote-host';

const MESSAGES = Number(process.env['BENCH_CHAT_MESSAGES'] ?? 100_000);
const LIVE = Number(process.env['BENCH_CHAT_LIVE'] ?? 200);
const BIG = 'bench-big-chat';
const LIVE_CHAT = 'bench-live-chat';
const context = { transport: 'memory' } as const;

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
};
const round = (ms: number) => Math.round(ms * 10) / 10;
const median = (values: number[]) => percentile(values, 50);

const main = async () => {
  const server = await startEmbeddedServer({
    port: 0,
    memory: true,
    admin: ADMIN,
    log: () => undefined,
  });
  const write = async (database: string, docs: Record<string, unknown>[]) => {
    const answer = await http(server, 'server-admin', 'POST', `/${database}/_bulk_docs`, { docs });
    if (answer.status !== 201) throw new Error(`Seeding ${database}: ${JSON.stringify(answer)}`);
  };
  // Each document where the partitioned layout puts it (shared/sync/layout), as its author wrote it.
  const place = async (
    collection: CollectionName,
    docs: (Record<string, unknown> & { _id: string })[],
  ) => {
    const byDatabase = new Map<string, Record<string, unknown>[]>();
    for (const doc of docs) {
      const { database, couchId } = placeOf(collection, doc);
      byDatabase.set(database, [...(byDatabase.get(database) ?? []), { ...doc, _id: couchId }]);
    }
    for (const [database, group] of byDatabase) await write(database, group);
  };
  const stamp = { createdAt: T0, updatedAt: T0 };
  for (const name of ['ana', 'ben']) {
    await createAccount(server, name, ['mentor']);
  }
  await place(
    'users',
    ['ana', 'ben'].map((name) => ({
      _id: name,
      username: name,
      email: `${name}@example.org`,
      role: 'mentor',
      fullName: name,
      profileComplete: true,
      dateCreated: T0,
      ...stamp,
    })),
  );
  await place(
    'chats',
    [BIG, LIVE_CHAT].map((id) => ({
      _id: id,
      kind: 'group',
      title: id,
      memberIds: ['ana', 'ben'],
      programmeId: '',
      createdBy: 'ana',
      ...stamp,
    })),
  );
  // The chat's own database is made by the server's follower as the chat passes the inbox.
  const bigChat = databaseOf(chatScope(BIG));
  await waitFor(
    'the chat’s database',
    async () => (await http(server, 'server-admin', 'GET', `/${bigChat}`)).status === 200,
  );
  // A long history: a message a minute, alternating authors.
  const start = Date.parse('2024-01-01T00:00:00.000Z');
  let seeded = performance.now();
  for (let from = 0; from < MESSAGES; from += 5_000) {
    const batch = [];
    for (let i = from; i < Math.min(MESSAGES, from + 5_000); i++) {
      const at = new Date(start + i * 60_000).toISOString();
      batch.push({
        _id: `messages:m${String(i).padStart(7, '0')}`,
        chatId: BIG,
        createdBy: i % 2 === 0 ? 'ana' : 'ben',
        body: `Message ${i}: how is the task going? https://example.org/${i}`,
        createdAt: at,
        updatedAt: at,
      });
    }
    await write(bigChat, batch);
  }
  console.log(
    `seeded ${MESSAGES} messages on the server in ${round(performance.now() - seeded)} ms`,
  );

  // B: an installation in this process; its first sync pulls the whole history.
  seeded = performance.now();
  const ben = await startAppHarness({ server });
  // Signed in by hand: the harness's signIn waits 20 s for the first sync, this pull takes longer.
  await ben.call('session.signIn', {
    serverUrl: server.url,
    username: 'ben',
    password: passwordOf('ben'),
  });
  await ben.synced(900_000);
  console.log(`B signed in and pulled the history in ${round(performance.now() - seeded)} ms`);

  // Opening the chat: the newest page, from the host, as the screen asks for it.
  const open = () =>
    new Promise<number>((resolve, reject) => {
      const started = performance.now();
      let stop: () => void = () => undefined;
      const done = { settled: false };
      stop = ben.host.watch(
        'chats.conversation',
        { chatId: BIG, limit: 100 },
        context,
        (result) => {
          if (done.settled) return;
          done.settled = true;
          const ms = performance.now() - started;
          queueMicrotask(() => stop());
          if (!result.ok) {
            reject(new Error(result.error.message));
            return;
          }
          const page = result.value as Conversation | null;
          if (page?.messages.at(-1)?.body.startsWith(`Message ${MESSAGES - 1}:`) !== true) {
            reject(new Error('The newest page is not the newest messages.'));
            return;
          }
          resolve(ms);
        },
      );
    });
  const openChatMs = await open();
  const warm: number[] = [];
  for (let i = 0; i < 5; i++) warm.push(await open());
  console.log(
    `open a chat of ${MESSAGES}: first ${round(openChatMs)} ms, then median ${round(median(warm))} ms`,
  );

  // Live latency: A (its own process) sends; B's open chat shows it.
  const ana = await startRemoteHost({
    dataDir: mkdtempSync(join(tmpdir(), 'mmm-bench-ana-')),
    serverUrl: server.url,
    username: 'ana',
    password: passwordOf('ana'),
  });
  await ana.synced(900_000);
  const waiting = new Map<string, () => void>();
  const stopWatching = ben.host.watch(
    'chats.conversation',
    { chatId: LIVE_CHAT, limit: 5 },
    context,
    (result) => {
      if (!result.ok) return;
      for (const message of (result.value as Conversation | null)?.messages ?? []) {
        waiting.get(message.body)?.();
        waiting.delete(message.body);
      }
    },
  );
  const STALL_MS = 15_000;
  const latencies: number[] = [];
  let stalls = 0;
  for (let i = 0; i < LIVE; i++) {
    const body = `ping ${i}`;
    const arrived = new Promise<void>((resolve) => waiting.set(body, resolve));
    const before = performance.now();
    const sent = await ana.call('chats.send', { chatId: LIVE_CHAT, body });
    if (!sent.ok) throw new Error(sent.error.message);
    const stalled = await Promise.race([
      arrived.then(() => false),
      new Promise<boolean>((resolve) => setTimeout(() => resolve(true), STALL_MS)),
    ]);
    if (stalled) stalls += 1;
    latencies.push(performance.now() - before);
  }
  stopWatching();
  const latencyP50Ms = percentile(latencies, 50);
  const latencyP95Ms = percentile(latencies, 95);
  console.log(
    `A → server → B over ${LIVE} messages: p50 ${round(latencyP50Ms)} ms, p95 ${round(latencyP95Ms)} ms`,
  );

  await ana.close();
  await ben.close();
  const result = {
    messages: MESSAGES,
    live: LIVE,
    latencyP50Ms: round(latencyP50Ms),
    latencyP95Ms: round(latencyP95Ms),
    latencyStalls: stalls,
    openChatMs: round(openChatMs),
    openChatWarmMs: round(median(warm)),
    targets: { latencyP95Ms: 250, openChatMs: 500 },
  };
  console.log(JSON.stringify(result));
};

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
