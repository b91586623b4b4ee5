// `npm run bench:sync`: push and pull of 10,000 documents through the app's sync engine, next to
// PouchDB's own replicate() against the same server (the anchors: PouchDB on memory, and PouchDB on
// LevelDB, durable as our SQLite is), live latency A → server → B, and files A → server → B beside
// plain HTTP (files.ts). Last line: one JSON object.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { performance } from 'node:perf_hooks';
import { join } from 'node:path';
import PouchDB from 'pouchdb-core';
import { filter, firstValueFrom } from 'rxjs';
import { generateDemoOrganisation } from '../../shared/demo';
import type { TaskDoc } from '../../shared/schema';
import { startEmbeddedServer } from '../../server/embedded/startEmbeddedServer';
import type { EmbeddedServer } from '../../server/embedded/startEmbeddedServer';
import { couchIdOf, databaseOf, programmeScope } from '../../shared/sync/layout';
import { programme } from '../server/docs';
import {
  ADMIN,
  createAccount,
  passwordOf,
  place,
  waitFor,
  waitForDatabase,
} from '../server/harness';
import { startTestClient } from '../sync/client';
import { startRemoteClient } from '../sync/remote-client';
import { benchFiles } from './files';

const DOCS = Number(process.env['BENCH_SYNC_DOCS'] ?? 10_000);
const LIVE_EDITS = Number(process.env['BENCH_SYNC_EDITS'] ?? 200);
const USER = 'manager1';
/** The manager's programme: its database holds the tasks (shared/sync/layout). */
const PROGRAMME = 'p1';
const TASKS = databaseOf(programmeScope(PROGRAMME));

interface PouchDatabase {
  bulkDocs(docs: unknown[]): Promise<unknown>;
  close(): Promise<void>;
  info(): Promise<{ doc_count: number }>;
  replicate: {
    to(target: PouchDatabase, options: Record<string, unknown>): Promise<unknown>;
    from(source: PouchDatabase, options: Record<string, unknown>): Promise<unknown>;
  };
}
type PouchConstructor = new (name: string, options?: Record<string, unknown>) => PouchDatabase;
// The embedded server already gave PouchDB's constructor its memory, http and replication plugins
// (plugin() changes the constructor itself, and a second time throws).
const Pouch = PouchDB as unknown as PouchConstructor;

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
};
const round = (ms: number) => Math.round(ms * 10) / 10;
const median = (values: number[]) => percentile(values, 50);
/** Pulls timed per side: the median is reported (one pull moves by 2× on this machine). */
const PULL_ROUNDS = Number(process.env['BENCH_SYNC_PULL_ROUNDS'] ?? 3);

/**
 * Waits until this process has been nearly idle for a moment (at most 15 s). The server runs here
 * too: after a 10,000-document push it still works ~1 s (its changes listener reports each change),
 * which would otherwise be charged to whatever is timed next.
 */
const settled = async () => {
  const deadline = performance.now() + 15_000;
  let last = performance.eventLoopUtilization();
  while (performance.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    const now = performance.eventLoopUtilization();
    const busy = performance.eventLoopUtilization(now, last).utilization;
    last = now;
    if (busy < 0.05) return;
  }
};
const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100;

const tasks = (prefix: string, count: number): TaskDoc[] => {
  const template = generateDemoOrganisation({ seed: 2 }).tasks[0];
  if (!template) throw new Error('The demo has no tasks.');
  const now = new Date().toISOString();
  return Array.from({ length: count }, (_, i) => ({
    ...template,
    id: `${prefix}-${String(i).padStart(6, '0')}`,
    title: `Task ${i}`,
    createdBy: USER,
    programmeId: PROGRAMME,
    status: 'unassigned',
    assignees: [],
    createdAt: now,
    updatedAt: now,
  }));
};

/** A fresh server with the manager and their programme (whose database the server makes). */
const startServer = async (): Promise<EmbeddedServer> => {
  const server = await startEmbeddedServer({
    port: 0,
    memory: true,
    admin: ADMIN,
    log: () => undefined,
  });
  await createAccount(server, USER, ['manager']);
  await place(server, USER, 'programmes', programme(PROGRAMME, USER));
  // The server makes the programme's database and sets its members a moment later.
  await waitForDatabase(server, USER, TASKS);
  return server;
};

const main = async () => {
  const server = await startServer();
  const credentials = { serverUrl: server.url, username: USER, password: passwordOf(USER) };

  // The app: push from one client, then pull into a fresh one.
  const pusher = await startTestClient(credentials);
  // A change is sent only to a database the client reads: the programme's, once its document came.
  await waitFor(
    'the programme database replicated',
    async () => (await firstValueFrom(pusher.engine.databases$)).includes(TASKS),
    30_000,
  );
  await pusher.waitForStatus((s) => s.state === 'idle');
  await settled();
  const inserting = performance.now();
  await pusher.database.tasks.bulkInsert(tasks('app', DOCS));
  // From the documents stored, as PouchDB's push is timed from its documents already in it.
  const started = performance.now();
  await pusher.waitForStatus((s) => s.outboxTotal === 0 && s.state === 'idle', 300_000);
  const pushMs = performance.now() - started;
  const insertMs = started - inserting;
  await pusher.close();

  /** A fresh client from opening (SQLite, sign-in, engine) to its last document stored. */
  const appPull = async () => {
    await settled();
    const at = performance.now();
    const client = await startTestClient(credentials);
    await client.waitForStatus((s) => s.state === 'idle', 300_000);
    while ((await client.database.tasks.count().exec()) < DOCS) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return { client, ms: performance.now() - at };
  };

  // The anchors: PouchDB's replicate() with the same documents and user, each on an identical
  // fresh server, so each side pulls exactly DOCS documents. On memory (the floor of the protocol)
  // and on LevelDB (durable, like the app's SQLite), in this one run.
  const levelDirectory = mkdtempSync(join(tmpdir(), 'mmm-bench-level-'));
  const anchor = async (adapter: 'memory' | 'leveldb') => {
    const anchorServer = await startServer();
    const remote = () =>
      new Pouch(`${anchorServer.url}/${TASKS}`, {
        // As the server admin: PouchDB's replication needs `_revs_diff`, `new_edits: false` and
        // `_local` checkpoints, which the server does not open to app users (routes.ts). That
        // spares the anchor the members' checks the app's requests pass: it favours PouchDB.
        auth: ADMIN,
      });
    const named = (what: string) =>
      adapter === 'memory' ? `bench-${what}-${Date.now()}` : join(levelDirectory, what);
    const local = new Pouch(named('push'), { adapter });
    await local.bulkDocs(
      tasks('pouch', DOCS).map(({ id, ...fields }) => ({ _id: couchIdOf('tasks', id), ...fields })),
    );
    const options = { batch_size: 500 };
    await settled();
    const at = performance.now();
    await local.replicate.to(remote(), options);
    const pushed = performance.now() - at;
    await local.close();
    let pulls = 0;
    return {
      pushed,
      /** A pull into a fresh local database. */
      pull: async () => {
        await settled();
        const fresh = new Pouch(named(`pull-${(pulls += 1)}`), { adapter });
        const started = performance.now();
        await fresh.replicate.from(remote(), options);
        const ms = performance.now() - started;
        const count = (await fresh.info()).doc_count;
        await fresh.close();
        return { ms, count };
      },
      close: () => anchorServer.close(),
    };
  };
  const memoryAnchor = await anchor('memory');
  const levelAnchor = await anchor('leveldb');
  console.log(
    `pushes of ${DOCS}: app ${round(pushMs)} ms (after ${round(insertMs)} ms storing them), pouchdb on memory ${round(memoryAnchor.pushed)} ms, on leveldb ${round(levelAnchor.pushed)} ms`,
  );

  // The pulls, in turns (app, memory, LevelDB), so each side meets the same moments of the machine.
  const pulls = { app: [] as number[], memory: [] as number[], level: [] as number[] };
  let puller: Awaited<ReturnType<typeof startTestClient>> | undefined;
  for (let turn = 0; turn < PULL_ROUNDS; turn++) {
    await puller?.close();
    const app = await appPull();
    puller = app.client;
    const memory = await memoryAnchor.pull();
    const level = await levelAnchor.pull();
    pulls.app.push(app.ms);
    pulls.memory.push(memory.ms);
    pulls.level.push(level.ms);
    console.log(
      `pull ${turn + 1}: app ${round(app.ms)} ms, pouchdb on memory ${round(memory.ms)} ms (${memory.count} docs), on leveldb ${round(level.ms)} ms (${level.count} docs)`,
    );
  }
  if (!puller) throw new Error('BENCH_SYNC_PULL_ROUNDS must be at least 1.');
  await Promise.all([memoryAnchor.close(), levelAnchor.close()]);
  rmSync(levelDirectory, { recursive: true, force: true });
  const pullMs = median(pulls.app);
  const memory = { pushed: memoryAnchor.pushed, pulled: median(pulls.memory) };
  const level = { pushed: levelAnchor.pushed, pulled: median(pulls.level) };
  console.log(
    `pull medians of ${PULL_ROUNDS}: app ${round(pullMs)} ms, pouchdb on memory ${round(memory.pulled)} ms, on leveldb ${round(level.pulled)} ms`,
  );

  // Live latency: a write on client A (another process) until it is in client B's database.
  const writer = await startRemoteClient(credentials);
  await writer.waitFor('the programme database replicated', async (c) =>
    (await c.call<string[]>('databases')).includes(TASKS),
  );
  const probe = tasks('live', 1)[0];
  if (!probe) throw new Error('No probe task.');
  await writer.call('insert', { collection: 'tasks', doc: probe });
  await firstValueFrom(
    puller.database.tasks.findOne(probe.id).$.pipe(filter((doc) => doc !== null)),
  );
  const latencies: number[] = [];
  // An edit that has not arrived after this long is counted as a stall (and as this long).
  const STALL_MS = 15_000;
  let stalls = 0;
  for (let i = 0; i < LIVE_EDITS; i++) {
    const title = `Live edit ${i}`;
    const arrived = firstValueFrom(
      puller.database.tasks.findOne(probe.id).$.pipe(filter((doc) => doc?.title === title)),
    );
    const before = performance.now();
    await writer.call('patch', { collection: 'tasks', docId: probe.id, fields: { title } });
    const stalled = await Promise.race([
      arrived.then(() => false),
      new Promise<boolean>((resolve) => setTimeout(() => resolve(true), STALL_MS)),
    ]);
    if (stalled) stalls += 1;
    latencies.push(performance.now() - before);
  }
  const liveP50Ms = percentile(latencies, 50);
  const liveP95Ms = percentile(latencies, 95);
  console.log(
    `live A → server → B over ${LIVE_EDITS} edits: p50 ${round(liveP50Ms)} ms, p95 ${round(liveP95Ms)} ms`,
  );

  await writer.close();
  await puller.close();
  const files = await benchFiles(server);
  await server.close();
  const result = {
    docs: DOCS,
    pushMs: round(pushMs),
    insertBeforePushMs: round(insertMs),
    pullMs: round(pullMs),
    pouchPushMs: round(memory.pushed),
    pouchPullMs: round(memory.pulled),
    pouchLevelPushMs: round(level.pushed),
    pouchLevelPullMs: round(level.pulled),
    pushRatioToPouch: ratio(pushMs, memory.pushed),
    pullRatioToPouch: ratio(pullMs, memory.pulled),
    pushRatioToPouchLevel: ratio(pushMs, level.pushed),
    pullRatioToPouchLevel: ratio(pullMs, level.pulled),
    pullRounds: PULL_ROUNDS,
    liveP50Ms: round(liveP50Ms),
    liveP95Ms: round(liveP95Ms),
    liveStalls: stalls,
    files,
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
