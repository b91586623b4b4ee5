import { collectionNames } from '../../shared/schema/index';
import {
  basicAuth,
  createCouchClient,
  expectStatus,
  type CouchClient,
  type Credentials,
  type Fetch,
} from './couchClient';
import { databaseName } from './databaseNames';
import { validationDesignDoc } from './designDocs';
import { ensureDatabase, ensureDocument, ensureSecurity, type Changes } from './ensure';
import { ensureLockedThreads } from './locked-threads';
import {
  provisionDirectChat,
  provisionPerson,
  type ProvisionContext,
  type ReplicationEndpoint,
} from './privateDatabases';
import { serverAdminsOnly, sharedSecurity, usersDatabaseSecurity } from './securityPlan';
import { bundleValidation } from './validateBundle';

export interface ProvisionOptions {
  /** The server, e.g. `http://127.0.0.1:5984`. */
  readonly url: string;
  /** A server admin (CouchDB `[admins]`). */
  readonly admin: Credentials;
  readonly fetch: Fetch;
  /**
   * How `_replicator` documents name databases: `url` (default; CouchDB 3 only replicates URLs,
   * with the admin's credentials in a header) or `name` (the embedded server's local databases).
   */
  readonly replicateBy?: 'url' | 'name';
}

export interface ProvisionResult {
  /** What this run changed; empty when the server was already provisioned. */
  readonly changes: readonly string[];
}

const USER_PREFIX = 'org.couchdb.user:';

const endpointFor = (client: CouchClient, options: ProvisionOptions): ReplicationEndpoint =>
  options.replicateBy === 'name'
    ? (database) => database
    : (database) => ({
        url: `${client.url}/${encodeURIComponent(database)}`,
        headers: { Authorization: basicAuth(options.admin) },
      });

/** The names of every account in the server's user store. */
export const listAccounts = async (client: CouchClient): Promise<string[]> => {
  const range = `startkey=${encodeURIComponent(JSON.stringify(USER_PREFIX))}&endkey=${encodeURIComponent(JSON.stringify(`${USER_PREFIX}\ufff0`))}`;
  const answer = expectStatus(
    await client.request('GET', `/_users/_all_docs?${range}`),
    [200],
    'Listing accounts',
  );
  const rows = (answer.body as { rows?: { id: string }[] }).rows ?? [];
  return rows.map((row) => row.id.slice(USER_PREFIX.length));
};

/** Direct chats, whose messages each get a database of their own. */
const listDirectChats = async (client: CouchClient) => {
  const answer = expectStatus(
    await client.request('GET', `/${databaseName('chats')}/_all_docs?include_docs=true`),
    [200],
    'Listing chats',
  );
  const rows = (answer.body as { rows?: { doc?: Record<string, unknown> }[] }).rows ?? [];
  return rows.flatMap(({ doc }) => {
    const id = doc?._id;
    const members = doc?.memberIds;
    return doc?.kind === 'direct' && typeof id === 'string' && Array.isArray(members)
      ? [{ id, memberIds: members.filter((m): m is string => typeof m === 'string') }]
      : [];
  });
};

/** Everything provisioning needs, bundled once per run. */
export const createProvisionContext = async (
  options: ProvisionOptions,
  changes: Changes = [],
): Promise<ProvisionContext> => {
  const client = createCouchClient(options);
  return {
    client,
    bundle: await bundleValidation(),
    endpoint: endpointFor(client, options),
    changes,
  };
};

/**
 * Makes a CouchDB-compatible server ready for the app (DESIGN §3): the system databases, one
 * database per collection with its `_security` and validate_doc_update built from shared/domain,
 * `_users` rights for app admins, and private databases for every account and direct chat.
 * Idempotent: a second run changes nothing; a changed rule updates the design documents.
 */
export const provision = async (options: ProvisionOptions): Promise<ProvisionResult> => {
  const context = await createProvisionContext(options);
  const { client, bundle, changes } = context;
  expectStatus(await client.request('GET', '/_session'), [200], 'Signing in as server admin');

  // A single-node CouchDB 3 starts without them; the embedded server has them already.
  for (const system of ['_users', '_replicator']) await ensureDatabase(client, system, changes);
  await ensureSecurity(client, '_users', usersDatabaseSecurity, changes);
  // Replication documents hold the admin's credentials: server admins only.
  await ensureSecurity(client, '_replicator', serverAdminsOnly, changes);

  for (const collection of collectionNames) {
    const database = databaseName(collection);
    await ensureDatabase(client, database, changes);
    await ensureSecurity(client, database, sharedSecurity(collection), changes);
    await ensureDocument(client, database, validationDesignDoc(collection, bundle), changes);
  }
  await ensureLockedThreads(client, changes);
  for (const name of await listAccounts(client)) await provisionPerson(context, name);
  for (const chat of await listDirectChats(client)) await provisionDirectChat(context, chat);
  return { changes };
};
