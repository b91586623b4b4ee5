// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- ambient types for untyped packages, so every program that imports this file (tests too) sees them
/// <reference path="../types/pouchdb.d.ts" />
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { devNull } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import expressPouchDB from 'express-pouchdb';
import PouchDB from 'pouchdb-core';
import httpAdapter from 'pouchdb-adapter-http';
import leveldbAdapter from 'pouchdb-adapter-leveldb';
import memoryAdapter from 'pouchdb-adapter-memory';
import mapreduce from 'pouchdb-mapreduce';
import replication from 'pouchdb-replication';
import { DEMO_PASSWORD, type DemoOptions } from '../../shared/demo/index';
import type { Credentials } from '../provision/couchClient';
import { provision, type ServerLayout } from '../provision/provision';
import { resolveAdmin, resolveSessionSecret } from './adminCredentials';
import { changesFanOut, type FanOutDatabase } from './changes-fanout';
import { compileValidationsOnce } from './compiled-validations';
import { corsFor } from './cors';
import { loadDemoOrganisation } from './demo';
import { currentSequences, followProvisioning } from './follow';
import { collectFiles, type CollectedFile } from '../files/collect';
import { createCouchClient } from '../provision/couchClient';
import { FILE_GRACE_MS } from '../../shared/domain/file-refs';
import { createFileQuota, DEFAULT_FILES_QUOTA_BYTES } from './file-quota';
import { guardRequests } from './guard';
import { DEFAULT_ITERATIONS } from './passwords';
import { advertiseMultiplexedChanges, answerMultiplexed } from './multiplexed-changes';
import { jsonErrors } from './replies';
import { refuseStaleWrites } from './stale-writes';
import { DEFAULT_THROTTLE, type ThrottleLimits } from './throttle';

export interface EmbeddedServerOptions {
  /** 0 picks a free port. */
  readonly port: number;
  /** LevelDB files live here (and the generated admin, the log); omit with `memory`. */
  readonly dataDir?: string;
  readonly memory?: boolean;
  readonly host?: string;
  /** Defaults to MMM_SERVER_ADMIN, then the data dir's stored admin, then a new one. */
  readonly admin?: Credentials;
  /** Origins allowed to call it from a browser, with credentials. */
  readonly allowedOrigins?: readonly string[];
  /** Load shared/demo's organisation when the server has nobody yet (options size it). */
  readonly demo?: boolean | DemoOptions;
  /**
   * pbkdf2-sha256 iterations for new password hashes: CouchDB 3.4's 600,000 unless a test or a
   * benchmark that creates hundreds of accounts asks for fewer. Never lowered in `npm run server`.
   */
  readonly passwordIterations?: number;
  /** Failed sign-ins allowed per account and per address (docs/SECURITY.md). */
  readonly signInThrottle?: ThrottleLimits;
  /**
   * Express's `trust proxy` (e.g. `loopback` behind a TLS proxy on the same machine), so the
   * throttle counts the client's address rather than the proxy's. Off by default.
   */
  readonly trustProxy?: string;
  /**
   * `per-collection`: the layout of before issue 21, for `npm run bench:server`'s "before" and
   * tests that migrate from it. Never for an organisation: the app replicates by audience.
   */
  readonly layout?: ServerLayout;
  /** Uploaded files' bounds (docs/FILES.md "Quota" and "Collection"). */
  readonly files?: {
    /** The most bytes of files one person may have on the server; 200 MB unless said. */
    readonly quotaBytes?: number;
    /** How long a file nothing refers to stays before it is collected; a week unless said. */
    readonly graceMs?: number;
    /** How often the collection runs; hourly unless said, 0: only when called. */
    readonly collectEveryMs?: number;
    /** The collection's clock (tests). */
    readonly now?: () => string;
  };
  readonly log: (line: string) => void;
}

export interface EmbeddedServer {
  readonly url: string;
  readonly admin: Credentials;
  /** Collects the files nothing refers to any more, now (it also runs on its own, hourly). */
  collectFiles(): Promise<readonly CollectedFile[]>;
  close(): Promise<void>;
}

// Each person's private databases are fed by live replications from the three hubs, each a listener
// on the hub's changes: dozens of people are expected, and Node's default warning at 10 is noise.
EventEmitter.defaultMaxListeners = 1_000;

// validate_doc_update compiled once per design document revision, not once per write.
compileValidationsOnce();

/** PouchDB's plugin() changes the constructor itself: done once, however many servers start. */
const PouchWithPlugins = PouchDB.plugin(memoryAdapter)
  .plugin(leveldbAdapter)
  .plugin(httpAdapter)
  .plugin(mapreduce)
  .plugin(replication);

const setConfig = (
  app: ReturnType<typeof expressPouchDB>,
  section: string,
  key: string,
  value: string,
) =>
  new Promise<void>((resolve, reject) => {
    app.couchConfig.set(section, key, value, (error) => {
      if (error)
        reject(new Error(`express-pouchdb refused its ${section} setting.`, { cause: error }));
      else resolve();
    });
  });

/** The salt express-pouchdb keeps for the server admin (`-pbkdf2-<key>,<salt>,<iterations>`). */
const adminSaltOf = (app: ReturnType<typeof expressPouchDB>, admin: Credentials) =>
  /^-pbkdf2-[0-9a-f]+,([0-9a-f]+),\d+$/.exec(
    app.couchConfig.getSection('admins')[admin.username] ?? '',
  )?.[1];

/**
 * The CouchDB-compatible server for development and small organisations (DESIGN §3 "Servers"):
 * express-pouchdb on PouchDB 9, provisioned at start with the same code as production.
 */
export const startEmbeddedServer = async (
  options: EmbeddedServerOptions,
): Promise<EmbeddedServer> => {
  const memory = options.memory === true || options.dataDir === undefined;
  const dataDir = memory ? undefined : options.dataDir;
  if (dataDir !== undefined) mkdirSync(dataDir, { recursive: true });
  const admin = options.admin ?? resolveAdmin({ env: process.env, dataDir, log: options.log });

  const Pouch = PouchWithPlugins.defaults(
    memory
      ? // Memory databases are global by name in a process: each server gets its own.
        { adapter: 'memory', prefix: `mmm-${randomUUID()}-` }
      : { adapter: 'leveldb', prefix: `${dataDir ?? '.'}/` },
  );

  // The config stays in memory (admins are set below, every start) and the log goes into the data
  // dir: otherwise express-pouchdb writes config.json and log.txt into the working directory.
  const pouchApp = expressPouchDB(Pouch, {
    mode: 'fullCouchDB',
    inMemoryConfig: true,
    logPath: dataDir === undefined ? devNull : join(dataDir, 'server-log.txt'),
  });
  await setConfig(pouchApp, 'admins', admin.username, admin.password);
  await setConfig(pouchApp, 'couch_httpd_auth', 'secret', resolveSessionSecret(dataDir));

  let url = '';
  const adminClient = () => createCouchClient({ url, admin, fetch });
  const quota = createFileQuota({
    limitBytes: options.files?.quotaBytes ?? DEFAULT_FILES_QUOTA_BYTES,
    admin: adminClient,
    log: options.log,
  });
  const app = express();
  app.disable('x-powered-by');
  if (options.trustProxy !== undefined) app.set('trust proxy', options.trustProxy);
  app.use(corsFor(options.allowedOrigins ?? []));
  app.use(
    guardRequests({
      url: () => url,
      admin,
      iterations: options.passwordIterations ?? DEFAULT_ITERATIONS,
      throttle: options.signInThrottle ?? DEFAULT_THROTTLE,
      sessions: {
        secret: () => String(pouchApp.couchConfig.get('couch_httpd_auth', 'secret')),
        timeoutSeconds: () => Number(pouchApp.couchConfig.get('couch_httpd_auth', 'timeout')),
        adminSalt: () => adminSaltOf(pouchApp, admin),
      },
      log: options.log,
      quota,
    }),
  );
  // After the guard (only allowed requests get this far), before PouchDB: CouchDB's 409.
  app.use(refuseStaleWrites({ url: () => url, admin }));
  // Members' live feeds, answered together (the same answers, a fraction of the reads).
  const fanOut = changesFanOut({
    // PouchDB's constructor, typed as what the fan-out uses (server/types declares no more).
    open: (name) => new (Pouch as unknown as new (name: string) => FanOutDatabase)(name),
    log: options.log,
  });
  app.use(fanOut.handler);
  // Every database's live feed in one request (the guard checked each), and the welcome says so.
  app.use(answerMultiplexed(fanOut, options.log));
  app.use(advertiseMultiplexedChanges);
  app.use(pouchApp);
  app.use(jsonErrors(options.log));

  const host = options.host ?? '127.0.0.1';
  const server = await new Promise<ReturnType<typeof app.listen>>((resolve, reject) => {
    const listening = app.listen(options.port, host, () => {
      resolve(listening);
    });
    listening.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  // Listening on every interface: the server's own requests (provisioning, the guard's look-ups)
  // go to loopback.
  const reachable = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
  url = `http://${reachable.includes(':') ? `[${reachable}]` : reachable}:${port}`;

  const provisioning = {
    url,
    admin,
    fetch,
    replicateBy: 'name' as const,
    ...(options.layout ? { layout: options.layout } : {}),
  };
  const since = await currentSequences(provisioning);
  const { changes } = await provision(provisioning);
  options.log(`Provisioned ${url} (${changes.length} changes).`);
  if (options.demo !== undefined && options.demo !== false) {
    // Before the follower starts: it would provision the new accounts at the same time.
    const demo = await loadDemoOrganisation(
      provisioning,
      options.demo === true ? {} : options.demo,
    );
    options.log(
      demo.loaded
        ? `Loaded the demo organisation: ${demo.people} people, password ${DEMO_PASSWORD}.`
        : 'The server has people already: the demo organisation was not loaded.',
    );
  }
  const follower = followProvisioning({ ...provisioning, since, log: options.log });
  // The quota's tally read now, not at the first upload (which would wait for it).
  quota.usedBy('').catch((error: unknown) => {
    options.log(
      `Reading the files' tally failed (the first upload reads it again): ${String(error)}`,
    );
  });

  // One collection at a time; a call during one waits for it and runs again.
  let collecting: Promise<readonly CollectedFile[]> = Promise.resolve([]);
  const collect = () => {
    collecting = collecting
      .catch(() => [])
      .then(() =>
        collectFiles(adminClient(), {
          now: (options.files?.now ?? (() => new Date().toISOString()))(),
          graceMs: options.files?.graceMs ?? FILE_GRACE_MS,
          removed: (file) => {
            quota.removed(file.createdBy, file.database, file.hex);
          },
        }),
      );
    return collecting;
  };
  const collectEveryMs = options.files?.collectEveryMs ?? 60 * 60_000;
  const collector =
    collectEveryMs > 0
      ? setInterval(() => {
          collect().then(
            (removed) => {
              if (removed.length > 0) options.log(`Collected ${removed.length} unused files.`);
            },
            (error: unknown) => {
              options.log(`Collecting unused files failed: ${String(error)}`);
            },
          );
        }, collectEveryMs)
      : undefined;
  collector?.unref();

  return {
    url,
    admin,
    collectFiles: collect,
    close: async () => {
      clearInterval(collector);
      await collecting.catch(() => undefined);
      await follower.stop();
      // Ends the longpolls it holds (plain and multiplexed) as if their hold had run out.
      await fanOut.close();
      // Other open longpoll and live _changes requests would keep close() waiting forever.
      server.closeAllConnections();
      await new Promise<void>((resolve) =>
        server.close(() => {
          resolve();
        }),
      );
    },
  };
};
