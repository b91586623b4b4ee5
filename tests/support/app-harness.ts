// The core as the app runs it (SQLite in a temporary folder, the real sync engine) against the
// embedded sync server in memory, driven through the host contract exactly as a renderer drives it.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type {
  CommandName,
  HostError,
  HostResult,
  InputOf,
  LiveQueryName,
  ResultOf,
  SyncStatus,
} from '../../shared/contract';
import { createAppHost } from '../../electron/core/create-app-host';
import type { AppHost, AppHostDeps } from '../../electron/core/create-app-host';
import {
  sqliteDatabaseFiles,
  sqliteDatabases,
} from '../../electron/core/database/sqlite-databases';
import { systemClock } from '../../electron/core/platform/clock';
import type { Clock } from '../../electron/core/platform/clock';
import { consoleLogger, silentLogger } from '../../electron/core/platform/logger';
import { createMemorySecretStore } from '../../electron/core/session/secret-store';
import { startEmbeddedServer } from '../../server/embedded/startEmbeddedServer';
import type { EmbeddedServer } from '../../server/embedded/startEmbeddedServer';
import { ADMIN, createAccount, passwordOf, startTestServer } from '../server/harness';
import { REPO_RESOURCES } from './resources';

const context = { transport: 'memory' } as const;

export class CommandRefused extends Error {
  constructor(
    readonly command: string,
    readonly error: HostError,
  ) {
    super(
      `${command} refused (${error.code}): ${error.message}${
        error.issues ? ` ${JSON.stringify(error.issues)}` : ''
      }`,
    );
  }
}

export interface AppHarness {
  readonly server: EmbeddedServer;
  readonly host: AppHost;
  readonly dataDir: string;
  /** Creates server accounts (password `passwordOf(name)`); no role makes an applicant. */
  account(name: string, role?: 'admin' | 'manager' | 'mentor'): Promise<void>;
  /**
   * Signs in (after signing out whoever was) and waits for the first sync to finish. The password
   * is `passwordOf(name)` unless given (demo people: DEMO_PASSWORD).
   */
  signIn(name: string, password?: string): Promise<void>;
  signOut(): Promise<void>;
  /** Runs a command; throws CommandRefused when the host answers with an error. */
  call<N extends CommandName>(name: N, input: InputOf<N>): Promise<ResultOf<N>>;
  /** Runs a command and returns the host's answer as it is. */
  attempt<N extends CommandName>(name: N, input: InputOf<N>): Promise<HostResult<ResultOf<N>>>;
  /** Watches a live query until its answer passes `check`, and returns that answer. */
  until<N extends LiveQueryName>(
    name: N,
    input: InputOf<N>,
    check: (value: ResultOf<N>) => boolean,
    timeoutMs?: number,
  ): Promise<ResultOf<N>>;
  /** The first answer of a live query. */
  first<N extends LiveQueryName>(name: N, input: InputOf<N>): Promise<ResultOf<N>>;
  /** Waits until local changes are on the server and the feed is quiet. */
  synced(timeoutMs?: number): Promise<SyncStatus>;
  close(): Promise<void>;
}

export const startAppHarness = async (
  options: {
    readonly clock?: Clock;
    /** Start the server with shared/demo's organisation (every password DEMO_PASSWORD). */
    readonly demo?: boolean;
    /** Another installation on a server already running (which `close` leaves running). */
    readonly server?: EmbeddedServer;
    /** How the core reaches the server (the real fetch unless given: a test can cut the line). */
    readonly fetch?: typeof fetch;
    /** The local databases (SQLite files in the data folder unless given). */
    readonly openDatabase?: (dataDir: string) => AppHostDeps['openDatabase'];
    /** This installation's data folder (a fresh temporary one unless given: a restart reuses one). */
    readonly dataDir?: string;
    /** The app's check of each person's files (docs/FILES.md "Quota"), lowered for a test. */
    readonly filesQuotaBytes?: number;
  } = {},
): Promise<AppHarness> => {
  const server =
    options.server ??
    (options.demo === true
      ? await startEmbeddedServer({
          port: 0,
          memory: true,
          admin: ADMIN,
          demo: true,
          log: () => undefined,
        })
      : await startTestServer());
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'mmm-app-'));
  const host = createAppHost({
    clock: options.clock ?? systemClock,
    dataDir,
    resourcesDir: REPO_RESOURCES,
    mode: 'browser',
    version: '0.0.0',
    platform: 'linux',
    logger: process.env['MMM_TEST_LOG'] ? consoleLogger : silentLogger,
    fetch: options.fetch ?? fetch,
    secrets: createMemorySecretStore(),
    openDatabase: (options.openDatabase ?? sqliteDatabases)(dataDir),
    databaseFiles: sqliteDatabaseFiles(dataDir),
    ...(options.filesQuotaBytes === undefined ? {} : { filesQuotaBytes: options.filesQuotaBytes }),
  });

  const attempt = async <N extends CommandName>(name: N, input: InputOf<N>) =>
    (await host.call(name, input, context)) as HostResult<ResultOf<N>>;

  const call = async <N extends CommandName>(name: N, input: InputOf<N>) => {
    const result = await attempt(name, input);
    if (!result.ok) throw new CommandRefused(name, result.error);
    return result.value;
  };

  const until = <N extends LiveQueryName>(
    name: N,
    input: InputOf<N>,
    check: (value: ResultOf<N>) => boolean,
    timeoutMs = 15_000,
  ) =>
    new Promise<ResultOf<N>>((resolve, reject) => {
      let last: HostResult<unknown> | undefined;
      let stop: () => void = () => undefined;
      // An object, not a boolean: the callback may settle it before `watch` returns.
      const state = { settled: false };
      const timer = setTimeout(() => {
        state.settled = true;
        stop();
        reject(new Error(`${name} never matched; last answer: ${JSON.stringify(last)}`));
      }, timeoutMs);
      stop = host.watch(name, input, context, (result) => {
        last = result;
        if (state.settled) return;
        if (!result.ok) {
          state.settled = true;
          clearTimeout(timer);
          reject(new CommandRefused(name, result.error));
          return;
        }
        if (check(result.value as ResultOf<N>)) {
          state.settled = true;
          clearTimeout(timer);
          queueMicrotask(() => stop());
          resolve(result.value as ResultOf<N>);
        }
      });
      if (state.settled) stop();
    });

  const synced = (timeoutMs = 20_000) =>
    until(
      'sync.status',
      {},
      (status) => status !== null && status.state === 'idle' && status.outboxTotal === 0,
      timeoutMs,
    ) as Promise<SyncStatus>;

  return {
    server,
    host,
    dataDir,
    account: (name, role) => createAccount(server, name, role ? [role] : []),
    signIn: async (name, password = passwordOf(name)) => {
      await call('session.signIn', {
        serverUrl: server.url,
        username: name,
        password,
      });
      await synced();
    },
    signOut: async () => {
      await call('session.signOut', {});
    },
    call,
    attempt,
    until,
    first: (name, input) => until(name, input, () => true),
    synced,
    close: async () => {
      await host.close();
      if (!options.server) await server.close();
    },
  };
};
