// `npm run bench:server`: how many people one embedded server carries. For each size N and each
// server layout, side by side in one run: a fresh server (LevelDB on disk, its own process), N
// accounts in programmes of about ten, and N simulated installations (another process) holding the
// live feeds the app holds and each writing every 10–30 s. Measured over the steady phase: how
// long a write takes to become visible to the others who replicate it (p50, p95, max), writes not
// seen within the grace period and failed requests (errors), the server's CPU and memory per
// person, feeds per installation and the connections they hold open. Each layout runs with the
// live feeds the app holds on the embedded server (`multiplexed`: one request per installation)
// and on Apache CouchDB (`per-database`: a longpoll each), side by side (`BENCH_SERVER_FEEDS`).
// The machine's cores are shared: compare within a run. Last line: one JSON object.
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { collectionNames } from '../../shared/schema';
import { ADMIN, passwordOf } from '../server/harness';
import { basicAuth } from '../../server/provision/couchClient';
import type { ClientsPlan, ClientsReply, FeedMode } from './server/clients-child';
import { layoutNames, layouts, type BenchLayout, type LayoutName } from './server/layouts';
import { benchOrganisation } from './server/organisation';
import type { ServerReply, ServerRequest } from './server/server-child';

const SIZES = (process.env['BENCH_SERVER_SIZES'] ?? '10,50,200,500').split(',').map(Number);
const LAYOUTS = (process.env['BENCH_SERVER_LAYOUTS'] ?? layoutNames.join(','))
  .split(',')
  .filter((name): name is LayoutName => (layoutNames as readonly string[]).includes(name));
const FEED_MODES: readonly FeedMode[] = (() => {
  const asked = process.env['BENCH_SERVER_FEEDS'] ?? 'both';
  if (asked === 'both') return ['per-database', 'multiplexed'];
  if (asked === 'per-database' || asked === 'multiplexed') return [asked];
  throw new Error('BENCH_SERVER_FEEDS is per-database, multiplexed or both.');
})();
const STEADY_MS = Number(process.env['BENCH_SERVER_STEADY_S'] ?? 90) * 1_000;
const GRACE_MS = Number(process.env['BENCH_SERVER_GRACE_S'] ?? 20) * 1_000;

const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;
const percentile = (values: readonly number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** `BENCH_SERVER_PROFILE=dir`: the server process writes a CPU profile there (`--cpu-prof`). */
const PROFILE_DIR = process.env['BENCH_SERVER_PROFILE'];
const child = (script: string, args: readonly string[] = []) =>
  fork(join(__dirname, 'server', script), args, {
    execArgv: [
      '--import',
      'tsx',
      ...(PROFILE_DIR && script === 'server-child.ts'
        ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`]
        : []),
    ],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });

const nextMessage = <T>(process_: ChildProcess, type: string): Promise<T> =>
  new Promise((resolve, reject) => {
    const onMessage = (message: { type?: string }) => {
      if (message.type !== type) return;
      process_.off('message', onMessage);
      process_.off('exit', onExit);
      resolve(message as T);
    };
    const onExit = (code: number | null) => reject(new Error(`A child exited (${code}).`));
    process_.on('message', onMessage);
    process_.once('exit', onExit);
  });

const asAdmin = async (url: string, method: string, path: string, body?: unknown) => {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: {
      authorization: basicAuth(ADMIN),
      accept: 'application/json',
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as unknown };
};

/** Accounts, the databases provisioning makes for them, and the organisation's documents. */
const seed = async (url: string, size: number, layout: BenchLayout) => {
  const org = benchOrganisation(size);
  for (const person of org.people) {
    const id = `org.couchdb.user:${person.name}`;
    const answer = await asAdmin(url, 'PUT', `/_users/${encodeURIComponent(id)}`, {
      _id: id,
      name: person.name,
      type: 'user',
      roles: [person.role],
      password: passwordOf(person.name),
    });
    if (answer.status !== 201) throw new Error(`Account ${person.name}: ${answer.status}`);
  }
  const byDatabase = new Map<string, Record<string, unknown>[]>();
  for (const collection of collectionNames) {
    for (const doc of org.docs[collection] as readonly Record<string, unknown>[]) {
      const { database, couchId } = layout.seedPlaceOf(collection, doc);
      const { id: _id, ...fields } = doc;
      byDatabase.set(database, [...(byDatabase.get(database) ?? []), { ...fields, _id: couchId }]);
    }
  }
  // The server's follower makes each new person's databases as their account appears, and each
  // programme's as the organisation's database gets it: that one is written first.
  const deadline = Date.now() + 10 * 60_000;
  const made = async (database: string) => {
    while ((await asAdmin(url, 'GET', `/${database}`)).status !== 200) {
      if (Date.now() > deadline) throw new Error(`${database} was never made.`);
      await sleep(250);
    }
  };
  const ordered = [...byDatabase].sort(
    ([a], [b]) => Number(b === 'mmm-org') - Number(a === 'mmm-org'),
  );
  for (const [database, docs] of ordered) {
    await made(database);
    const answer = await asAdmin(url, 'POST', `/${database}/_bulk_docs`, { docs });
    const failed = (answer.body as { error?: string }[]).find((row) => row.error);
    if (answer.status !== 201 || failed) throw new Error(`Seeding ${database} failed.`);
  }
  for (const database of new Set(org.people.flatMap((p) => layout.feedsOf(p))))
    await made(database);
  return org;
};

interface Stats {
  readonly cpuMicros: number;
  readonly rssBytes: number;
}

const statsOf = async (server: ChildProcess): Promise<Stats> => {
  const reply = nextMessage<ServerReply & { type: 'stats' }>(server, 'stats');
  server.send({ type: 'stats' } satisfies ServerRequest);
  return reply;
};

/** Waits until the server has settled (server-side replication of the seed done): < 15% CPU. */
const settle = async (server: ChildProcess) => {
  for (let tries = 0; tries < 60; tries += 1) {
    const before = await statsOf(server);
    await sleep(2_000);
    const after = await statsOf(server);
    if ((after.cpuMicros - before.cpuMicros) / 2_000_000 < 0.15) return;
  }
};

const run = async (size: number, layout: BenchLayout, feedMode: FeedMode) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'mmm-bench-server-'));
  const server = child('server-child.ts', [dataDir, layout.name]);
  const clients = child('clients-child.ts');
  try {
    const { url } = await nextMessage<ServerReply & { type: 'listening' }>(server, 'listening');
    const empty = await statsOf(server);
    const org = await seed(url, size, layout);
    await settle(server);
    const seeded = await statsOf(server);
    clients.send({
      url,
      size,
      layout: layout.name,
      feeds: feedMode,
      steadyMs: STEADY_MS,
      graceMs: GRACE_MS,
    } satisfies ClientsPlan);
    const { feeds } = await nextMessage<ClientsReply & { type: 'ready' }>(clients, 'ready');
    const connected = await statsOf(server);
    const finished = nextMessage<ClientsReply & { type: 'done' }>(clients, 'done');
    const started = performance.now();
    clients.send({ type: 'go' });
    await sleep(STEADY_MS);
    const steady = await statsOf(server);
    const steadyMs = performance.now() - started;
    const done = await finished;

    const feedsOf = new Map(org.people.map((p) => [p.name, new Set(layout.feedsOf(p))]));
    const latencies: number[] = [];
    let expected = 0;
    let missing = 0;
    const byReceiver = new Map(
      Object.entries(done.received).map(([name, marks]) => [name, new Map(marks)]),
    );
    for (const write of done.writes) {
      for (const person of org.people) {
        if (person.name === write.writer || !feedsOf.get(person.name)?.has(write.database)) {
          continue;
        }
        expected += 1;
        const latency = byReceiver.get(person.name)?.get(write.mark);
        if (latency === undefined) missing += 1;
        else latencies.push(latency);
      }
    }
    const cpuPercent = ((steady.cpuMicros - connected.cpuMicros) / 1_000 / steadyMs) * 100;
    const result = {
      layout: layout.name,
      feeds: feedMode,
      people: size,
      writes: done.writes.length,
      deliveries: expected,
      p50Ms: round(percentile(latencies, 50)),
      p95Ms: round(percentile(latencies, 95)),
      maxMs: round(Math.max(...latencies, 0)),
      errors: missing + done.errors.length,
      unseenWrites: missing,
      failedRequests: done.errors.length,
      feedsPerPerson: round(feeds / size, 2),
      liveRequestsPerPerson: feedMode === 'multiplexed' ? 1 : round(feeds / size, 2),
      openConnectionsPerPerson: round(done.openConnections / size, 2),
      replicationsPerPerson: layout.replicationsPerPerson,
      serverCpuPercent: round(cpuPercent),
      serverCpuPercentPerPerson: round(cpuPercent / size, 3),
      serverRssMb: round(steady.rssBytes / 2 ** 20),
      serverRssKbPerPerson: round((steady.rssBytes - empty.rssBytes) / 1024 / size),
      seededRssMb: round(seeded.rssBytes / 2 ** 20),
      clientsCpuPercent: round((done.cpuMicros / 1_000 / steadyMs) * 100),
    };
    if (done.errors.length > 0)
      console.log(`  first errors: ${done.errors.slice(0, 3).join(' | ')}`);
    console.log(
      `${layout.name} ${feedMode} N=${size} (load ${loadavg()[0]?.toFixed(1) ?? '?'}): ${result.writes} writes, ${expected} deliveries, p50 ${result.p50Ms} ms, p95 ${result.p95Ms} ms, max ${result.maxMs} ms, ${result.errors} errors; ${result.feedsPerPerson} feeds in ${result.liveRequestsPerPerson} requests, ${result.openConnectionsPerPerson} open connections and ${result.replicationsPerPerson} server replications per person; server CPU ${result.serverCpuPercent}% (${result.serverCpuPercentPerPerson}% per person), RSS ${result.serverRssMb} MB (${result.serverRssKbPerPerson} KB per person); clients CPU ${result.clientsCpuPercent}%`,
    );
    return result;
  } finally {
    server.send({ type: 'close' } satisfies ServerRequest);
    clients.kill();
    await new Promise((resolve) => server.once('exit', resolve));
    rmSync(dataDir, { recursive: true, force: true });
  }
};

const main = async () => {
  console.log(
    `bench:server — steady ${STEADY_MS / 1000} s, grace ${GRACE_MS / 1000} s, layouts ${LAYOUTS.join(', ')}, feeds ${FEED_MODES.join(', ')}, sizes ${SIZES.join(', ')}`,
  );
  const results = [];
  for (const size of SIZES) {
    for (const name of LAYOUTS) {
      for (const feedMode of FEED_MODES)
        results.push(await run(size, layouts(size)[name], feedMode));
    }
  }
  console.log(JSON.stringify({ steadySeconds: STEADY_MS / 1000, results }));
};

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
