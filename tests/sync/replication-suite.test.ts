import { afterAll, beforeAll, describe } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addRxPlugin, randomToken } from 'rxdb';
import type { RxCollection, RxStorage } from 'rxdb';
import { RxDBAttachmentsPlugin } from 'rxdb/plugins/attachments';
import { RxDBDevModePlugin } from 'rxdb/plugins/dev-mode';
import { replicateCouchDB } from 'rxdb/plugins/replication-couchdb';
import type { RxCouchDBReplicationState } from 'rxdb/plugins/replication-couchdb';
import { runReplicationBaseTestSuite, setConfig } from 'rxdb/plugins/test-utils';
import { wrappedValidateAjvStorage } from 'rxdb/plugins/validate-ajv';
import { getRxStorageSQLite } from '../../electron/core/storage-sqlite';
import { createCouchFetch } from '../../electron/core/sync/couch-fetch';
import type { ServerRejection } from '../../electron/core/sync/couch-fetch';
import { PULL_BATCH_SIZE, PUSH_BATCH_SIZE } from '../../electron/core/sync/sync-engine';
import type { EmbeddedServer } from '../../server/embedded/startEmbeddedServer';
import { basicAuth } from '../../server/provision/couchClient';
import { ADMIN, http, startTestServer } from '../server/harness';

/**
 * RxDB's replication base suite (DESIGN §3 "Sync", issue 6) with the app's replication setup:
 * replication-couchdb through the app's fetch wrapper (createCouchFetch), with the options of
 * sync-engine.ts, against the real embedded CouchDB-compatible server, and the project's SQLite
 * storage on the client.
 *
 * The suite's schema (`schemas.human`) is not one of the app's, so it replicates with a plain
 * database (no validate_doc_update) created by the server admin, a fresh one for every case.
 */
addRxPlugin(RxDBDevModePlugin);
addRxPlugin(RxDBAttachmentsPlugin);

const directory = mkdtempSync(join(tmpdir(), 'mmm-replication-suite-'));
const clientStorage = (): RxStorage<unknown, unknown> =>
  wrappedValidateAjvStorage({ storage: getRxStorageSQLite({ directory }) });

setConfig({
  storage: {
    name: 'sqlite-mmm',
    getStorage: clientStorage,
    getPerformanceStorage: () => ({ storage: clientStorage(), description: 'sqlite-mmm' }),
    hasPersistence: true,
    hasMultiInstance: false,
    hasAttachments: true,
    hasReplication: true,
  },
});

let server: EmbeddedServer | undefined;
/** The database every replication of the current case targets. */
let database = '';
/** What the fetch wrapper reported; a case must end with none. */
const rejections: ServerRejection[] = [];
const unauthorised: string[] = [];

const currentServer = (): EmbeddedServer => {
  if (!server) throw new Error('server not started');
  return server;
};

const createDatabase = async (): Promise<void> => {
  database = `rxdb-suite-${randomToken(10)}`;
  const answer = await http(currentServer(), 'server-admin', 'PUT', `/${database}`);
  if (answer.status !== 201) throw new Error(`Creating ${database}: ${JSON.stringify(answer)}`);
};

/** As sync-engine.ts builds it, but signed in as the server admin with basic auth. */
const couchFetch = (): typeof fetch =>
  createCouchFetch({
    fetch,
    auth: {
      headers: () => ({ authorization: basicAuth(ADMIN) }),
      onSetCookie: () => undefined,
      reauthenticate: () => Promise.resolve(false),
    },
    timeoutMs: 30_000,
    longpollTimeoutMs: 90_000,
    onRejected: (rejection) => rejections.push(rejection),
    onUnauthorised: () => unauthorised.push(database),
    onReachable: () => undefined,
  });

/** The replication of sync-engine.ts (identifier, batch sizes, leadership, retry) for one collection. */
const replicate = (collection: RxCollection, live: boolean): RxCouchDBReplicationState<unknown> => {
  const serverUrl = currentServer().url.replace(/\/+$/, '');
  return replicateCouchDB<unknown>({
    replicationIdentifier: `mmm-${serverUrl}/${database}`,
    collection,
    url: `${serverUrl}/${database}/`,
    fetch: couchFetch(),
    live,
    retryTime: 1000,
    waitForLeadership: false,
    autoStart: true,
    pull: { batchSize: PULL_BATCH_SIZE },
    push: { batchSize: PUSH_BATCH_SIZE },
  });
};

/** A one-shot sync; any error on the way (even one RxDB retried past) fails the case. */
const syncOnce = async (collection: RxCollection): Promise<void> => {
  const state = replicate(collection, false);
  const errors: string[] = [];
  const subscription = state.error$.subscribe((error) => errors.push(error.message));
  try {
    await state.awaitInitialReplication();
  } finally {
    subscription.unsubscribe();
    await state.cancel();
  }
  if (errors.length > 0) throw new Error(`syncOnce: ${errors.join('; ')}`);
};

interface ChangesAnswer {
  results: { id: string; doc?: Record<string, unknown> }[];
}

beforeAll(async () => {
  server = await startTestServer();
  await createDatabase();
});

afterAll(async () => {
  await server?.close();
  rmSync(directory, { recursive: true, force: true });
});

describe('RxDB replication base suite: replication-couchdb, couch-fetch, embedded server, sqlite', () => {
  runReplicationBaseTestSuite({
    startReplication: (collection) => replicate(collection, true),
    syncOnce,
    async getAllServerDocs() {
      // `_all_docs` leaves out deleted documents; the changes feed lists tombstones too.
      const answer = await http(
        currentServer(),
        'server-admin',
        'GET',
        `/${database}/_changes?include_docs=true&style=all_docs`,
      );
      return (answer.body as unknown as ChangesAnswer).results
        .filter((row) => !row.id.startsWith('_design/'))
        .map((row) => row.doc);
    },
    async cleanUpServer() {
      if (rejections.length > 0 || unauthorised.length > 0) {
        throw new Error(
          `The fetch wrapper reported ${JSON.stringify({ rejections, unauthorised })}`,
        );
      }
      await http(currentServer(), 'server-admin', 'DELETE', `/${database}`);
      await createDatabase();
    },
    // CouchDB keeps a deleted document as a tombstone: `_deleted: true`.
    softDeletes: true,
    isDeleted: (doc: { _deleted?: boolean }) => doc._deleted === true,
    getPrimaryOfServerDoc: (doc: { _id: string }) => doc._id,
    ...(process.env['SUITE_ATTACHMENTS'] === '1' ? { syncOnceWithAttachments: syncOnce } : {}),
  });
});
