import { collectionNames } from '../../shared/schema/index';
import { expectStatus, type CouchClient } from './couchClient';
import { validationDesignDoc } from './designDocs';
import {
  databaseName,
  directChatDatabaseName,
  hexOf,
  privateCollections,
  privateDatabaseName,
  type PrivateCollection,
} from './databaseNames';
import { ensureDatabase, ensureDocument, ensureSecurity } from './ensure';
import { ensureLockedThreads } from './locked-threads';
import type { ProvisionContext } from './provisionContext';
import { byNames, sharedSecurity } from './securityPlan';

/**
 * The per-collection layout the server had before its data was partitioned by audience (issue
 * 21): one database per collection readable by every role, private copies for each person fed by
 * six server-side replications. Kept for what still needs it: the layout migration (its database
 * names, and tests that build such a server to migrate from) and `npm run bench:server`'s
 * "before" (startEmbeddedServer's `layout: 'per-collection'`). Nothing in the app uses it.
 */

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

/** A person's private databases and the replications that feed them. */
export const provisionLegacyPerson = async (
  context: ProvisionContext,
  name: string,
): Promise<void> => {
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
export const provisionLegacyDirectChat = async (
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

/** Direct chats, whose messages each got a database of their own. */
export const listLegacyDirectChats = async (client: CouchClient) => {
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

/** The per-collection layout's databases, and each account's and direct chat's. */
export const provisionLegacyLayout = async (
  context: ProvisionContext,
  accounts: readonly string[],
): Promise<void> => {
  const { client, bundle, changes } = context;
  for (const collection of collectionNames) {
    const database = databaseName(collection);
    await ensureDatabase(client, database, changes);
    await ensureSecurity(client, database, sharedSecurity(collection), changes);
    await ensureDocument(client, database, validationDesignDoc(collection, bundle), changes);
  }
  await ensureLockedThreads(client, changes);
  for (const name of accounts) await provisionLegacyPerson(context, name);
  for (const chat of await listLegacyDirectChats(client)) {
    await provisionLegacyDirectChat(context, chat);
  }
};
