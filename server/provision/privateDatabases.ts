import type { CouchClient } from './couchClient';
import { validationDesignDoc } from './designDocs';
import {
  databaseName,
  directChatDatabaseName,
  hexOf,
  privateCollections,
  privateDatabaseName,
  type PrivateCollection,
} from './databaseNames';
import { ensureDatabase, ensureDocument, ensureSecurity, type Changes } from './ensure';
import { byNames } from './securityPlan';

/**
 * How a `_replicator` document names a database. CouchDB 3 wants a URL with credentials; the
 * embedded server (express-pouchdb) replicates local databases by name.
 */
export type ReplicationEndpoint = (database: string) => unknown;

/**
 * Which documents flow between a person's private database and the hub, both ways, as Mango
 * selectors (run by the server's own replicator, CouchDB 3 and PouchDB alike):
 * - applications and details go up to the hub, where admins and managers read and decide them,
 *   and come back down with the decision;
 * - notifications they send go up, and the hub's notifications addressed to them come down.
 * Only matching documents move, so a copy of someone else's document never reaches a private
 * database even if one was written to the hub.
 */
const flows = (
  name: string,
): Record<PrivateCollection, { up: Record<string, string>; down: Record<string, string> }> => ({
  applications: { up: { userId: name }, down: { userId: name } },
  userDetails: { up: { userId: name }, down: { userId: name } },
  notifications: { up: { createdBy: name }, down: { recipientId: name } },
});

export interface ProvisionContext {
  readonly client: CouchClient;
  readonly bundle: string;
  readonly endpoint: ReplicationEndpoint;
  readonly changes: Changes;
}

/** A person's private databases and the replications that feed them. */
export const provisionPerson = async (context: ProvisionContext, name: string): Promise<void> => {
  const { client, bundle, endpoint, changes } = context;
  for (const collection of privateCollections) {
    const database = privateDatabaseName(name, collection);
    await ensureDatabase(client, database, changes);
    await ensureSecurity(client, database, byNames([name]), changes);
    await ensureDocument(client, database, validationDesignDoc(collection, bundle), changes);
    const flow = flows(name)[collection];
    const hub = databaseName(collection);
    for (const [direction, source, target, selector] of [
      ['up', database, hub, flow.up],
      ['down', hub, database, flow.down],
    ] as const) {
      await ensureDocument(
        client,
        '_replicator',
        {
          _id: `mmm-${hexOf(name)}-${collection}-${direction}`,
          source: endpoint(source),
          target: endpoint(target),
          selector,
          continuous: true,
        },
        changes,
      );
    }
  }
};

/**
 * A direct chat's own database: its two members read and write its messages, nobody else. The
 * members are set when the database is made and never replaced: shared/domain refuses a change to
 * a direct chat's members, and should a changed chat document reach the server anyway (written by
 * a server admin), the people already reading the messages stay the only ones.
 */
export const provisionDirectChat = async (
  context: ProvisionContext,
  chat: { readonly id: string; readonly memberIds: readonly string[] },
): Promise<void> => {
  const { client, bundle, changes } = context;
  if (new Set(chat.memberIds).size !== 2) {
    changes.push(`skipped direct chat ${chat.id}: it is not between two people`);
    return;
  }
  const database = directChatDatabaseName(chat.id);
  await ensureDatabase(client, database, changes);
  await ensureSecurity(client, database, byNames(chat.memberIds), changes, { membersFixed: true });
  await ensureDocument(client, database, validationDesignDoc('messages', bundle), changes);
};
