// `npm run bench:sync`: push and pull of 10,000 documents through the app's sync engine, next to
// PouchDB's own replicate() against the same server (the anchor), live latency A → server → B, and
// files A → server → B beside plain HTTP (files.ts). Last line: one JSON object.
import PouchDB from 'pouchdb-core';
import { filter, firstValueFrom } from 'rxjs';
import { generateDemoOrganisation } from '../../shared/demo';
import type { TaskDoc } from '../../shared/schema';
import { startEmbeddedServer } from '../../server/embedded/startEmbeddedServer';
import { ADMIN, createAccount, passwordOf } from '../server/harness';
import { startTestClient } from '../sync/client';
import { startRemoteClient } from '../sync/remote-client';
import { benchFiles } from './files';

const DOCS = Number(process.env['BENCH_SYNC_DOCS'] ?? 10_000);
const LIVE_EDITS = Number(process.env['BENCH_SYNC_EDITS'] ?? 200);
const USER = 'manager1';

interface PouchDatabase {
  bulkDocs(docs: unknown[]): Promise<unknown>;
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

const tasks = (prefix: string, count: number): TaskDoc[] => {
  const template = generateDemoOrganisation({ seed: 2 }).tasks[0];
  if (!template) throw new Error('The demo has no tasks.');
  const now = new Date().toISOString();
  return Array.from({ length: count }, (_, i) => ({
    ...template,
    id: `${prefix}-${String(i).padStart(6, '0')}`,
    title: `Task ${i}`,
    createdBy: USER,
    status: 'unassigned',
    assignees: [],
    createdAt: now,
    updatedAt: now,
  }));
};

const main = async () => {
  const server = await startEmbeddedServer({
    port: 0,
    memory: true,
    admin: ADMIN,
    log: () => undefined,
  });
  await createAccount(server, USER, ['manager']);
  const credentials = { serverUrl: server.url, username: USER, password: passwordOf(USER) };

  // The app: push from one client, then pull into a fresh one.
  const pusher = await startTestClient(credentials);
  await pusher.waitForStatus((s) => s.state === 'idle');
  let started = performance.now();
  await pusher.database.tasks.bulkInsert(tasks('app', DOCS));
  await pusher.waitForStatus((s) => s.outboxTotal === 0 && s.state === 'idle', 300_000);
  const pushMs = performance.now() - started;
  await pusher.close();

  started = performance.now();
  const puller = await startTestClient(credentials);
  await puller.waitForStatus((s) => s.state === 'idle', 300_000);
  const waitForAll = async () => {
    while ((await puller.database.tasks.count().exec()) < DOCS) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  await waitForAll();
  const pullMs = performance.now() - started;
  console.log(
    `app: push ${DOCS} in ${round(pushMs)} ms, pull into a fresh client in ${round(pullMs)} ms`,
  );

  // The anchor: PouchDB's replicate() with the same documents and user, on an identical fresh
  // server, so each side pulls exactly DOCS documents.
  const anchorServer = await startEmbeddedServer({
    port: 0,
    memory: true,
    admin: ADMIN,
    log: () => undefined,
  });
  await createAccount(anchorServer, USER, ['manager']);
  const remote = () =>
    new Pouch(`${anchorServer.url}/mmm-tasks`, {
      auth: { username: USER, password: passwordOf(USER) },
    });
  const local = new Pouch(`bench-push-${Date.now()}`, { adapter: 'memory' });
  await local.bulkDocs(tasks('pouch', DOCS).map(({ id, ...fields }) => ({ _id: id, ...fields })));
  started = performance.now();
  await local.replicate.to(remote(), { batch_size: 500 });
  const pouchPushMs = performance.now() - started;
  const fresh = new Pouch(`bench-pull-${Date.now()}`, { adapter: 'memory' });
  started = performance.now();
  await fresh.replicate.from(remote(), { batch_size: 500 });
  const pouchPullMs = performance.now() - started;
  console.log(
    `pouchdb: push ${DOCS} in ${round(pouchPushMs)} ms, pull ${(await fresh.info()).doc_count} docs in ${round(pouchPullMs)} ms`,
  );

  // Live latency: a write on client A (another process) until it is in client B's database.
  const writer = await startRemoteClient(credentials);
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
  await anchorServer.close();
  const result = {
    docs: DOCS,
    pushMs: round(pushMs),
    pullMs: round(pullMs),
    pouchPushMs: round(pouchPushMs),
    pouchPullMs: round(pouchPullMs),
    pushRatioToPouch: round(pushMs / pouchPushMs),
    pullRatioToPouch: round(pullMs / pouchPullMs),
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
