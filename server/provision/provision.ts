import {
  basicAuth,
  createCouchClient,
  expectStatus,
  type CouchClient,
  type Credentials,
  type Fetch,
} from './couchClient';
import { ensureDatabase, ensureSecurity, type Changes } from './ensure';
import { ensureLockedThreads } from './locked-threads';
import {
  listChats,
  listProgrammes,
  provisionChatDatabase,
  provisionPersonDatabase,
  provisionProgrammeDatabase,
  provisionSharedDatabases,
} from './layoutDatabases';
import { provisionLegacyLayout } from './legacyLayout';
import { provisionProgrammeRelations } from './programme-relations';
import { hasLegacyLayout, moveOrganisation, moveTheRest } from './migrateLayout';
import type { ProvisionContext, ReplicationEndpoint } from './provisionContext';
import { serverAdminsOnly, usersDatabaseSecurity } from './securityPlan';
import { bundleValidation } from './validateBundle';
import { databaseOf, orgScope, programmeScope } from '../../shared/sync/layout';

/** How the server's data is laid out: by audience (the app's), or per collection (before it). */
export type ServerLayout = 'partitioned' | 'per-collection';

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
  /**
   * `per-collection` makes the layout of before issue 21 instead (legacyLayout.ts): for the
   * benchmark's "before" and tests that build a server to migrate from. The app needs the default.
   */
  readonly layout?: ServerLayout;
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
 * Makes a CouchDB-compatible server ready for the app (DESIGN §3): the system databases and
 * `_users` rights for app admins, then the databases of the layout partitioned by audience
 * (shared/sync/layout) — the organisation's, the deciders', the inbox, one per account, one per
 * programme (its members from the organisation's memberships), one per direct or group chat — each
 * with its `_security` and a validate_doc_update built from shared/domain, and the server-side
 * replications between the people's databases, the inbox and the deciders'.
 * Each person's relations to programmes (whom they manage, where they take part) are listed in
 * their database's `_security` for the rule on notifications (programme-relations.ts).
 * Idempotent: a second run changes nothing; a changed rule updates the design documents; a run
 * after memberships changed (on Apache CouchDB without `--watch`) sets the programmes' members
 * and the people's relations.
 */
export const provision = async (options: ProvisionOptions): Promise<ProvisionResult> => {
  const context = await createProvisionContext(options);
  const { client, changes } = context;
  expectStatus(await client.request('GET', '/_session'), [200], 'Signing in as server admin');

  // A single-node CouchDB 3 starts without them; the embedded server has them already.
  for (const system of ['_users', '_replicator']) await ensureDatabase(client, system, changes);
  await ensureSecurity(client, '_users', usersDatabaseSecurity, changes);
  // Replication documents hold the admin's credentials: server admins only.
  await ensureSecurity(client, '_replicator', serverAdminsOnly, changes);

  const accounts = await listAccounts(client);
  if (options.layout === 'per-collection') {
    await provisionLegacyLayout(context, accounts);
    return { changes };
  }
  await provisionSharedDatabases(context);
  for (const name of accounts) await provisionPersonDatabase(context, name);
  // An organisation of the per-collection layout moves in place (migrateLayout.ts).
  const moving = await hasLegacyLayout(client);
  if (moving) await moveOrganisation(client, changes);
  for (const programmeId of await listProgrammes(client)) {
    await provisionProgrammeDatabase(context, programmeId);
  }
  for (const chat of await listChats(client)) await provisionChatDatabase(context, chat);
  if (moving) {
    await moveTheRest(client, changes, { removeReplications: options.replicateBy !== 'name' });
  }
  // Who manages and takes part in which programme, listed in each person's own database for the
  // rule on notifications about a programme's events (programme-relations.ts).
  await provisionProgrammeRelations(context, accounts);
  // The forums' locked threads, listed where the reply rule sees them (locked-threads.ts).
  await ensureLockedThreads(client, changes, databaseOf(orgScope));
  for (const programmeId of await listProgrammes(client)) {
    await ensureLockedThreads(client, changes, databaseOf(programmeScope(programmeId)));
  }
  return { changes };
};
