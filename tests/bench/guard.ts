// `npm run bench:guard`: what the embedded server's guard costs per request. The same replication
// requests (a signed-in cookie, as the app sends them; Basic auth, as tests and tools do) go to
// express-pouchdb alone, to the same express-pouchdb with the guard in front, and to the whole
// embedded server (provisioned, with its follower and server-side replications running), side by
// side in one run: one at a time (latency) and from many callers at once (throughput). Sign-in is
// timed too. Last line: one JSON object.
import { devNull } from 'node:os';
import express from 'express';
import expressPouchDB from 'express-pouchdb';
import PouchDB from 'pouchdb-core';
import { guardRequests } from '../../server/embedded/guard';
import { startEmbeddedServer } from '../../server/embedded/startEmbeddedServer';
import { basicAuth } from '../../server/provision/couchClient';
import { ADMIN, accountPath, passwordOf } from '../server/harness';

const SEQUENTIAL = Number(process.env['BENCH_GUARD_REQUESTS'] ?? 1_000);
const CALLERS = Number(process.env['BENCH_GUARD_CALLERS'] ?? 50);
const PER_CALLER = Number(process.env['BENCH_GUARD_PER_CALLER'] ?? 20);
const USER = 'mentor1';
const DATABASE = 'mmm-tasks';

/** Milliseconds each request spent in the guard (the guarded variant). */
const guardTimes: number[] = [];

interface Target {
  readonly url: string;
  close(): Promise<void>;
}

const round = (ms: number) => Math.round(ms * 100) / 100;
const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
};

const send = async (url: string, headers: Record<string, string>, init: RequestInit = {}) => {
  const answer = await fetch(url, { ...init, headers: { accept: 'application/json', ...headers } });
  if (answer.status >= 400) throw new Error(`${url} answered ${answer.status}`);
  await answer.arrayBuffer();
  return answer;
};

/**
 * express-pouchdb as it comes, with one account, database and members: the baseline; with the
 * guard in front, the same server and nothing else: the difference is the guard's own cost.
 */
const startBare = async (withGuard: boolean): Promise<Target> => {
  // The embedded server's module gave PouchDB its plugins already (plugin() changes it in place).
  const Pouch = (PouchDB as unknown as { defaults(o: object): unknown }).defaults({
    adapter: 'memory',
    prefix: `bench-bare-${Date.now()}-`,
  });
  const pouchApp = expressPouchDB(Pouch, {
    mode: 'fullCouchDB',
    inMemoryConfig: true,
    logPath: devNull,
  });
  await new Promise<void>((resolve, reject) => {
    pouchApp.couchConfig.set('admins', ADMIN.username, ADMIN.password, (error) => {
      if (error) reject(new Error('admin refused'));
      else resolve();
    });
  });
  let url = '';
  const app = express();
  if (withGuard) {
    const guard = guardRequests({
      url: () => url,
      admin: ADMIN,
      iterations: 600_000,
      throttle: { perAccount: 5, perAddress: 1_000, windowMs: 60_000, signUpsPerAddress: 20 },
      sessions: {
        secret: () => String(pouchApp.couchConfig.get('couch_httpd_auth', 'secret')),
        timeoutSeconds: () => Number(pouchApp.couchConfig.get('couch_httpd_auth', 'timeout')),
        adminSalt: () =>
          /,([0-9a-f]+),\d+$/.exec(
            pouchApp.couchConfig.getSection('admins')[ADMIN.username] ?? '',
          )?.[1],
      },
      log: console.error,
    });
    // The time from entering the guard to its passing the request on: its own cost, measured
    // where it is spent (end-to-end latency on a busy machine buries a fraction of a millisecond).
    app.use((req, res, next) => {
      const entered = process.hrtime.bigint();
      guard(req, res, (error?: unknown) => {
        guardTimes.push(Number(process.hrtime.bigint() - entered) / 1e6);
        next(error);
      });
    });
  }
  app.use(pouchApp);
  const server = await new Promise<ReturnType<typeof app.listen>>((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => {
      resolve(listening);
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  url = `http://127.0.0.1:${port}`;
  const admin = { authorization: basicAuth(ADMIN), 'content-type': 'application/json' };
  await send(`${url}/${DATABASE}`, admin, { method: 'PUT' });
  await send(`${url}/${DATABASE}/_security`, admin, {
    method: 'PUT',
    body: JSON.stringify({ members: { names: [], roles: ['mentor'] } }),
  });
  return {
    url,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
};

const prepare = async (url: string) => {
  const admin = { authorization: basicAuth(ADMIN), 'content-type': 'application/json' };
  await send(`${url}${accountPath(USER)}`, admin, {
    method: 'PUT',
    body: JSON.stringify({
      _id: `org.couchdb.user:${USER}`,
      name: USER,
      type: 'user',
      roles: ['mentor'],
      password: passwordOf(USER),
    }),
  }).catch(() => undefined);
  await send(`${url}/${DATABASE}/t1`, admin, {
    method: 'PUT',
    body: JSON.stringify({ _id: 't1', title: 'x' }),
  }).catch(() => undefined);
  const started = performance.now();
  const signIn = await fetch(`${url}/_session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: USER, password: passwordOf(USER) }),
  });
  const signInMs = performance.now() - started;
  const cookie = /AuthSession=[^;]*/.exec(signIn.headers.get('set-cookie') ?? '')?.[0];
  if (!cookie) throw new Error(`No session cookie from ${url} (${signIn.status})`);
  return { cookie, signInMs };
};

const sequential = async (url: string, headers: Record<string, string>) => {
  const times: number[] = [];
  for (let i = 0; i < SEQUENTIAL; i += 1) {
    const started = performance.now();
    await send(`${url}/${DATABASE}/_all_docs?limit=1&include_docs=true`, headers);
    times.push(performance.now() - started);
  }
  return {
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    mean: times.reduce((a, b) => a + b, 0) / times.length,
  };
};

const concurrent = async (url: string, headers: Record<string, string>) => {
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CALLERS }, async () => {
      for (let i = 0; i < PER_CALLER; i += 1) {
        await send(
          `${url}/${DATABASE}/_bulk_get`,
          { ...headers, 'content-type': 'application/json' },
          {
            method: 'POST',
            body: JSON.stringify({ docs: [{ id: 't1' }] }),
          },
        );
      }
    }),
  );
  return (CALLERS * PER_CALLER) / ((performance.now() - started) / 1000);
};

const measure = async (name: string, target: Target) => {
  const { cookie, signInMs } = await prepare(target.url);
  const basic = { authorization: basicAuth({ username: USER, password: passwordOf(USER) }) };
  // Warm up (the first Basic request pays the password hash).
  await sequential(target.url, basic);
  const withCookie = await sequential(target.url, { cookie });
  const withBasic = await sequential(target.url, basic);
  const throughput = await concurrent(target.url, { cookie });
  console.log(
    `${name}: sign-in ${round(signInMs)} ms; cookie p50 ${round(withCookie.p50)} ms p95 ${round(withCookie.p95)} ms; ` +
      `basic p50 ${round(withBasic.p50)} ms; ${Math.round(throughput)} req/s from ${CALLERS} callers`,
  );
  return { signInMs, withCookie, withBasic, throughput };
};

const main = async () => {
  const bare = await startBare(false);
  const bareFigures = await measure('express-pouchdb alone', bare);
  await bare.close();
  const guarded = await startBare(true);
  const guardedFigures = await measure('express-pouchdb + guard', guarded);
  await guarded.close();
  console.log(
    `in the guard: p50 ${round(percentile(guardTimes, 50))} ms, p95 ${round(percentile(guardTimes, 95))} ms over ${guardTimes.length} requests`,
  );
  const embedded = await startEmbeddedServer({
    port: 0,
    memory: true,
    admin: ADMIN,
    log: () => undefined,
  });
  const embeddedFigures = await measure('embedded server', embedded);
  await embedded.close();

  console.log(
    JSON.stringify({
      requests: SEQUENTIAL,
      callers: CALLERS,
      signInMs: round(guardedFigures.signInMs),
      bareSignInMs: round(bareFigures.signInMs),
      cookieP50Ms: round(guardedFigures.withCookie.p50),
      bareCookieP50Ms: round(bareFigures.withCookie.p50),
      guardOverheadP50Ms: round(guardedFigures.withCookie.p50 - bareFigures.withCookie.p50),
      cookieMeanMs: round(guardedFigures.withCookie.mean),
      bareCookieMeanMs: round(bareFigures.withCookie.mean),
      basicP50Ms: round(guardedFigures.withBasic.p50),
      bareBasicP50Ms: round(bareFigures.withBasic.p50),
      requestsPerSecond: Math.round(guardedFigures.throughput),
      bareRequestsPerSecond: Math.round(bareFigures.throughput),
      inGuardP50Ms: round(percentile(guardTimes, 50)),
      inGuardP95Ms: round(percentile(guardTimes, 95)),
      embeddedCookieP50Ms: round(embeddedFigures.withCookie.p50),
      embeddedRequestsPerSecond: Math.round(embeddedFigures.throughput),
    }),
  );
};

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
