// One installation of the app in its own process (RxDB's open-source build allows 13 collections
// per process, and one installation uses them all): the core as the app runs it, on SQLite in its
// data folder, with its secrets in a file there, driven over Node's IPC channel through the host
// contract. Its network can be cut, and the app restarted on the same folder.
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import type { HostResult } from '../../shared/contract';
import { collectionNames } from '../../shared/schema';
import { createAppHost } from '../../electron/core/create-app-host';
import type { AppHost } from '../../electron/core/create-app-host';
import type { AppDatabase } from '../../electron/core/database/app-database';
import { withoutBookkeeping } from '../../electron/core/database/conflict-handler';
import { sqliteDatabases } from '../../electron/core/database/sqlite-databases';
import { systemClock } from '../../electron/core/platform/clock';
import { silentLogger } from '../../electron/core/platform/logger';
import { createFileSecretStore } from '../../electron/core/session/secret-store';
import { serveWorker } from './worker';
import { REPO_RESOURCES } from '../support/resources';

const context = { transport: 'memory' } as const;

let host: AppHost | undefined;
let database: AppDatabase | undefined;
let online = true;

/** A write to the local database, with the version it replaced (null: none, or a deletion). */
interface LocalWrite {
  readonly collection: string;
  readonly docId: string;
  readonly before: Record<string, unknown> | null;
  readonly after: Record<string, unknown> | null;
}
/** The writes a command made, while one runs (replication's own writes are not the command's). */
let journal: LocalWrite[] | undefined;
const plainDoc = (doc: unknown): Record<string, unknown> | null => {
  if (!doc || (doc as { _deleted?: unknown })._deleted === true) return null;
  const { _deleted: _d, ...fields } = withoutBookkeeping(doc);
  return fields;
};
let options: { dataDir: string; serverUrl: string; username: string; password: string };

/** The installation's network: cut, every request fails as an unplugged cable would. */
const network: typeof fetch = (input, init) =>
  online ? fetch(input, init) : Promise.reject(new TypeError('fetch failed (network is off)'));

/**
 * With MMM_TRACE_DIR set, every write to the local database (the app's and the replication's) is
 * appended to <dir>/<user>.jsonl: what happened to a document on each machine, for a failing seed.
 */
const trace = (bulk: {
  readonly context: string;
  readonly collectionName?: string;
  readonly isLocal: boolean;
  readonly events: readonly { documentId: string; documentData: unknown; operation: string }[];
}) => {
  const directory = process.env['MMM_TRACE_DIR'];
  if (!directory || bulk.isLocal) return;
  const lines = bulk.events.map((event) => {
    const { _rev: rev, _meta: meta, ...doc } = event.documentData as Record<string, unknown>;
    return `${JSON.stringify({ t: new Date().toISOString(), context: bulk.context, collection: bulk.collectionName, op: event.operation, id: event.documentId, rev, meta, doc })}\n`;
  });
  appendFileSync(join(directory, `${options.username}.jsonl`), lines.join(''));
};

const open = async () => {
  const databases = sqliteDatabases(options.dataDir);
  host = createAppHost({
    clock: systemClock,
    dataDir: options.dataDir,
    resourcesDir: REPO_RESOURCES,
    mode: 'browser',
    version: '0.0.0',
    platform: 'linux',
    logger: silentLogger,
    fetch: network,
    secrets: createFileSecretStore(join(options.dataDir, 'secrets.json')),
    openDatabase: async (name, conflicts) => {
      database = await databases(name, conflicts);
      database.eventBulks$.subscribe((bulk) => {
        trace(bulk);
        if (!journal || bulk.isLocal || bulk.context.startsWith('replication-')) return;
        for (const event of bulk.events) {
          journal.push({
            collection: bulk.collectionName ?? '',
            docId: event.documentId,
            before: plainDoc(event.previousDocumentData),
            after: plainDoc(event.documentData),
          });
        }
      });
      return database;
    },
  });
  const signedIn = await host.call(
    'session.signIn',
    { serverUrl: options.serverUrl, username: options.username, password: options.password },
    context,
  );
  if (!signedIn.ok) throw new Error(`Sign-in failed: ${signedIn.error.message}`);
};

/** The first answer of a live query. */
const first = (name: string, input: unknown) =>
  new Promise<HostResult<unknown>>((resolve) => {
    if (!host) throw new Error('Not started.');
    const state = { done: false };
    let stop: () => void = () => undefined;
    stop = host.watch(name, input, context, (result) => {
      if (state.done) return;
      state.done = true;
      queueMicrotask(() => stop());
      resolve(result);
    });
    if (state.done) stop();
  });

/** Every document of the local database (tombstones left out), without RxDB's bookkeeping. */
const dump = async () => {
  if (!database) throw new Error('Not started.');
  const all: Record<string, Record<string, unknown>[]> = {};
  for (const name of collectionNames) {
    const docs = await database[name].find().exec();
    all[name] = docs.flatMap((doc) => {
      const plain = plainDoc(doc.toJSON(true));
      return plain ? [plain] : [];
    });
  }
  return all;
};

const close = async () => {
  await host?.close();
  host = undefined;
  database = undefined;
};

const handle = async (op: string, args: Record<string, unknown>): Promise<unknown> => {
  switch (op) {
    case 'start':
      options = args as typeof options;
      await open();
      return null;
    case 'call':
      if (!host) throw new Error('Not started.');
      return host.call(args['name'], args['input'], context);
    case 'command': {
      // A command with the local writes it made, each with the version it replaced.
      if (!host) throw new Error('Not started.');
      journal = [];
      try {
        const result = await host.call(args['name'], args['input'], context);
        await new Promise((resolve) => setImmediate(resolve));
        return { result, writes: journal };
      } finally {
        journal = undefined;
      }
    }
    case 'first':
      return first(String(args['name']), args['input']);
    case 'dump':
      return dump();
    case 'network':
      online = args['online'] === true;
      return null;
    case 'restart':
      await close();
      await open();
      return null;
    case 'close':
      await close();
      return null;
    default:
      throw new Error(`Unknown op ${op}.`);
  }
};

serveWorker(handle);
