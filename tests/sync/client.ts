// One real client of the sync server for tests and benchmarks: SQLite database in its own folder,
// a CouchDB session, and the sync engine, wired as the app wires them.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { firstValueFrom, filter } from 'rxjs';
import { openAppDatabase } from '../../electron/core/database/app-database';
import type { AppDatabase } from '../../electron/core/database/app-database';
import { consoleLogger, silentLogger } from '../../electron/core/platform/logger';
import { systemClock } from '../../electron/core/platform/clock';
import { createMemorySecretStore } from '../../electron/core/session/secret-store';
import { getRxStorageSQLite } from '../../electron/core/storage-sqlite';
import { createCouchSession } from '../../electron/core/sync/couch-session';
import { startSyncEngine } from '../../electron/core/sync/sync-engine';
import type { SyncEngine, SyncStatus } from '../../electron/core/sync/sync-engine';
import { createConflictRecorder, createSyncIssueStore } from '../../electron/core/sync/sync-issues';
import type { SyncIssueStore } from '../../electron/core/sync/sync-issues';

export interface TestClient {
  readonly database: AppDatabase;
  readonly engine: SyncEngine;
  readonly issues: SyncIssueStore;
  readonly directory: string;
  status(): SyncStatus;
  waitForStatus(check: (status: SyncStatus) => boolean, timeoutMs?: number): Promise<SyncStatus>;
  close(): Promise<void>;
}

export const startTestClient = async (options: {
  readonly serverUrl: string;
  readonly username: string;
  readonly password: string;
  readonly fetch?: typeof fetch;
  readonly directory?: string;
  /** False: one longpoll per database (for a test that holds one database's feed). */
  readonly multiplexFeeds?: boolean;
}): Promise<TestClient> => {
  const directory = options.directory ?? mkdtempSync(join(tmpdir(), 'mmm-client-'));
  const fetchImpl = options.fetch ?? fetch;
  const conflicts = createConflictRecorder(silentLogger);
  const database = await openAppDatabase({
    storage: getRxStorageSQLite({ directory }),
    name: 'client',
    conflicts,
  });
  const issues = await createSyncIssueStore(database, systemClock);
  const session = createCouchSession({
    serverUrl: options.serverUrl,
    fetch: fetchImpl,
    secrets: createMemorySecretStore(),
  });
  const signedIn = await session.signIn(options.username, options.password);
  if (!signedIn.ok) throw new Error(`Sign-in failed: ${signedIn.message}`);
  conflicts.attach(issues, signedIn.user);
  const engine = startSyncEngine({
    database,
    serverUrl: options.serverUrl,
    user: signedIn.user,
    auth: session.auth,
    fetch: fetchImpl,
    issues,
    clock: systemClock,
    logger: process.env['MMM_TEST_LOG'] ? consoleLogger : silentLogger,
    retryTimeMs: 200,
    onPushed: conflicts.rememberPushed,
    onPulled: conflicts.rememberPulled,
    ...(options.multiplexFeeds === undefined ? {} : { multiplexFeeds: options.multiplexFeeds }),
  });
  conflicts.follow(engine);
  let latest: SyncStatus | undefined;
  const subscription = engine.status$.subscribe((status) => {
    latest = status;
  });
  return {
    database,
    engine,
    issues,
    directory,
    status: () => {
      if (!latest) throw new Error('No sync status yet.');
      return latest;
    },
    waitForStatus: (check, timeoutMs = 15_000) =>
      Promise.race([
        firstValueFrom(engine.status$.pipe(filter(check))),
        new Promise<never>((_, reject) =>
          setTimeout(() => {
            reject(new Error(`Sync status never matched; last: ${JSON.stringify(latest)}`));
          }, timeoutMs),
        ),
      ]),
    close: async () => {
      subscription.unsubscribe();
      await engine.stop();
      await database.close();
    },
  };
};
