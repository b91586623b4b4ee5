import { afterAll, beforeAll, describe } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import clone from 'clone';
import {
  addRxPlugin,
  createRxDatabase,
  normalizeMangoQuery,
  prepareQuery,
  randomToken,
} from 'rxdb';
import type {
  ReplicationPushHandler,
  RxAttachmentData,
  RxAttachmentWriteData,
  RxCollection,
  RxStorage,
} from 'rxdb';
import { RxDBAttachmentsPlugin } from 'rxdb/plugins/attachments';
import { RxDBDevModePlugin } from 'rxdb/plugins/dev-mode';
import { replicateRxCollection } from 'rxdb/plugins/replication';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import {
  getPullHandler,
  getPullStream,
  getPushHandler,
  runReplicationBaseTestSuite,
  schemas,
  setConfig,
} from 'rxdb/plugins/test-utils';
import { wrappedValidateAjvStorage } from 'rxdb/plugins/validate-ajv';
import { getRxStorageSQLite } from '../../electron/core/storage-sqlite';

/**
 * RxDB's replication base suite with this storage on the client side. The "server" is an RxDB
 * collection on the memory storage, reached through RxDB's own replication test helpers
 * (getPullHandler / getPushHandler / getPullStream): the embedded CouchDB-compatible server does
 * not exist yet. When it does, point startReplication/syncOnce at it with replication-couchdb.
 */
addRxPlugin(RxDBDevModePlugin);
addRxPlugin(RxDBAttachmentsPlugin);

const directory = mkdtempSync(join(tmpdir(), 'mmm-sqlite-replication-'));
// CLIENT_MEMORY=1 runs the same suite with RxDB's memory storage on the client, for comparison.
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

type Human = Record<string, unknown> & { passportId: string };
interface Server {
  /** One replication identifier per server, as the app will have: checkpoints survive between syncs. */
  id: string;
  plain: RxCollection<Human>;
  withAttachments: RxCollection<Human>;
}
let server: Server | undefined;

/** A fresh server: two memory-storage collections (one whose schema allows attachments). */
async function createServer(): Promise<Server> {
  const db = await createRxDatabase({
    name: `server${randomToken(8)}`,
    storage: wrappedValidateAjvStorage({ storage: getRxStorageMemory() }),
    multiInstance: false,
  });
  const attachmentsSchema = clone(schemas.human);
  attachmentsSchema.attachments = {};
  const collections = await db.addCollections({
    plain: { schema: schemas.human },
    withattachments: { schema: attachmentsSchema },
  });
  return {
    id: db.name,
    plain: collections['plain'] as unknown as RxCollection<Human>,
    withAttachments: collections['withattachments'] as unknown as RxCollection<Human>,
  };
}

function currentServer(): Server {
  if (!server) throw new Error('server not started');
  return server;
}

/**
 * RxDB's push helper answers a conflict with the master document's attachment *stubs* only, so the
 * fork could never fetch the winning attachment's bytes (the memory storage fails the suite's
 * attachment-conflict case the same way). A real server sends them inline, as CouchDB does with
 * `attachments=true`; this fills them in from the server's storage.
 */
function pushHandlerWithAttachmentData(remote: RxCollection<Human>): ReplicationPushHandler<Human> {
  const push = getPushHandler(remote);
  return async (rows) => {
    const conflicts = await push(rows);
    return Promise.all(
      conflicts.map(async (doc) => {
        const stubs = (doc as { _attachments?: Record<string, RxAttachmentData> })._attachments;
        if (!stubs) return doc;
        const filled: Record<string, RxAttachmentWriteData> = {};
        for (const [id, stub] of Object.entries(stubs)) {
          const data = await remote.storageInstance.getAttachmentData(
            doc.passportId,
            id,
            stub.digest,
          );
          filled[id] = { ...stub, data };
        }
        return { ...doc, _attachments: filled };
      }),
    );
  };
}

function replicate(collection: RxCollection, remote: RxCollection<Human>, live: boolean) {
  return replicateRxCollection({
    collection,
    replicationIdentifier: `suite-${currentServer().id}-${remote.name}`,
    live,
    pull: { handler: getPullHandler(remote), stream$: live ? getPullStream(remote) : undefined },
    push: { handler: pushHandlerWithAttachmentData(remote) },
  });
}

async function syncOnceWith(collection: RxCollection, remote: RxCollection<Human>): Promise<void> {
  const state = replicate(collection, remote, false);
  await state.awaitInitialReplication();
  await state.cancel();
}

beforeAll(async () => {
  server = await createServer();
});
afterAll(() => rmSync(directory, { recursive: true, force: true }));

describe('RxDB replication base suite, sqlite storage on the client', () => {
  runReplicationBaseTestSuite({
    startReplication: (collection) => replicate(collection, currentServer().plain, true),
    syncOnce: (collection) => syncOnceWith(collection, currentServer().plain),
    syncOnceWithAttachments: (collection) =>
      syncOnceWith(collection, currentServer().withAttachments),
    async getAllServerDocs() {
      const remote = currentServer().plain;
      // Straight from the storage, tombstones included: the server "soft deletes".
      const query = prepareQuery(
        remote.schema.jsonSchema,
        normalizeMangoQuery(remote.schema.jsonSchema, {}),
      );
      return (await remote.storageInstance.query(query)).documents;
    },
    async cleanUpServer() {
      await server?.plain.database.close();
      server = await createServer();
    },
    softDeletes: true,
    isDeleted: (doc: { _deleted?: boolean }) => doc._deleted === true,
    getPrimaryOfServerDoc: (doc: Human) => doc.passportId,
  });
});
