import { authorField, collectionNames, type CollectionName } from '../../shared/schema/index';
import { collectionsIn, couchIdOf, databaseOf, homeOf } from '../../shared/sync/layout';
import { expectStatus, type CouchClient } from './couchClient';
import { databaseName, privateCollections } from './databaseNames';
import type { Changes } from './ensure';
import { normalizeSecurity, serverAdminsOnly } from './securityPlan';

/**
 * The move of an organisation from the per-collection layout (before issue 21: `mmm-tasks`,
 * `mmm-reports`… readable by every role) to the layout partitioned by audience, in place.
 *
 * Each live document of the old hubs is written where shared/sync/layout says it lives, under
 * `<collection>:<id>`, with its whole revision history (`new_edits: false`): the revision an old
 * installation last saw is still the server's, so its unsent changes are judged against the base
 * they were made on, and go up as edits, not as new documents. Idempotent: a revision already
 * there is not written twice, so a run interrupted half-way is simply run again.
 *
 * The organisation's documents go first: the programmes' databases are made from them (the
 * caller provisions in between). The old databases are then closed to everyone but server
 * admins (kept, not deleted, for a way back) and their server-side replications removed.
 * Deleted documents are not moved: nobody can have an unsent change based on a deletion that
 * the new layout would need (the app keeps an edit of a deleted document as a conflict record).
 */

const BATCH = 200;

type Doc = Record<string, unknown> & { _id: string };

const exists = async (client: CouchClient, database: string) =>
  (await client.request('GET', `/${encodeURIComponent(database)}`)).status === 200;

/** Every live document of a database with its revision history, a batch at a time. */
async function* documentsWithHistory(client: CouchClient, database: string) {
  let startkey: string | undefined;
  for (;;) {
    const query = new URLSearchParams({ limit: String(BATCH + 1) });
    if (startkey !== undefined) query.set('startkey', JSON.stringify(startkey));
    const listed = expectStatus(
      await client.request('GET', `/${encodeURIComponent(database)}/_all_docs?${query.toString()}`),
      [200],
      `Listing ${database}`,
    ).body as { rows?: { id: string }[] };
    const rows = listed.rows ?? [];
    const page = rows.slice(0, BATCH).filter((row) => !row.id.startsWith('_design/'));
    if (page.length > 0) {
      const read = expectStatus(
        await client.request('POST', `/${encodeURIComponent(database)}/_bulk_get?revs=true`, {
          docs: page.map((row) => ({ id: row.id })),
        }),
        [200],
        `Reading ${database}`,
      ).body as { results?: { docs?: { ok?: Doc }[] }[] };
      yield (read.results ?? []).flatMap((result) =>
        (result.docs ?? []).flatMap((answer) => (answer.ok ? [answer.ok] : [])),
      );
    }
    if (rows.length <= BATCH) return;
    startkey = rows[BATCH]?.id;
  }
}

/** Where an old document goes: its home for its author, its id prefixed by its collection. */
const movedDoc = (collection: CollectionName, doc: Doc) => {
  const { _id: id, ...fields } = doc;
  const named = doc[authorField[collection]];
  const author = typeof named === 'string' ? named : '';
  const home = databaseOf(homeOf(collection, { ...fields, id }, { name: author, roles: [] }));
  return { database: home, doc: { ...fields, _id: couchIdOf(collection, id) } };
};

const moveCollection = async (
  client: CouchClient,
  collection: CollectionName,
  changes: Changes,
): Promise<void> => {
  const source = databaseName(collection);
  if (!(await exists(client, source))) return;
  let moved = 0;
  for await (const docs of documentsWithHistory(client, source)) {
    const byDatabase = new Map<string, Doc[]>();
    for (const doc of docs) {
      if (doc['_deleted'] === true) continue;
      const target = movedDoc(collection, doc);
      byDatabase.set(target.database, [...(byDatabase.get(target.database) ?? []), target.doc]);
    }
    for (const [database, group] of byDatabase) {
      const answer = await client.request('POST', `/${encodeURIComponent(database)}/_bulk_docs`, {
        docs: group,
        new_edits: false,
      });
      expectStatus(answer, [201, 202], `Moving ${collection} into ${database}`);
      const refused = (answer.body as { error?: string; id?: string; reason?: string }[]).filter(
        (row) => row.error !== undefined,
      );
      if (refused.length > 0) {
        changes.push(
          `could not move ${refused.length} ${collection} into ${database}: ${refused
            .map((row) => `${row.id ?? '?'} (${row.reason ?? row.error ?? ''})`)
            .join(', ')}`,
        );
      }
      moved += group.length - refused.length;
    }
  }
  if (moved > 0) changes.push(`moved ${moved} ${collection} from ${source}`);
};

/** The old layout's server-side replications (one pair per person and private collection). */
const removeLegacyReplications = async (client: CouchClient, changes: Changes) => {
  const listed = expectStatus(
    await client.request('GET', '/_replicator/_all_docs'),
    [200],
    'Listing replications',
  ).body as { rows?: { id: string; value?: { rev?: string } }[] };
  const legacy = new RegExp(`^mmm-[0-9a-f]+-(${privateCollections.join('|')})-(up|down)$`);
  for (const row of listed.rows ?? []) {
    if (!legacy.test(row.id) || row.value?.rev === undefined) continue;
    const path = `/_replicator/${encodeURIComponent(row.id)}?rev=${row.value.rev}`;
    expectStatus(await client.request('DELETE', path), [200], `Removing ${row.id}`);
    changes.push(`removed the old replication ${row.id}`);
  }
};

/** Whether the server has the old layout's databases, not moved yet (then they are moved). */
export const hasLegacyLayout = async (client: CouchClient): Promise<boolean> => {
  const path = `/${databaseName('tasks')}/_security`;
  const answer = await client.request('GET', path);
  return (
    answer.status === 200 && normalizeSecurity(answer.body) !== normalizeSecurity(serverAdminsOnly)
  );
};

/** Moves the organisation's documents (profiles, programmes, memberships…). */
export const moveOrganisation = async (client: CouchClient, changes: Changes): Promise<void> => {
  // A programme's forum posts go to its database, made after this: they move with the rest.
  for (const collection of collectionsIn.org.filter((name) => name !== 'forumPosts')) {
    await moveCollection(client, collection, changes);
  }
};

/** Moves the rest, once the programmes' databases exist, and retires the old databases. */
export const moveTheRest = async (
  client: CouchClient,
  changes: Changes,
  options: {
    /**
     * Remove the old layout's server-side replications. Not on the embedded server: its
     * replicator (PouchDB's) throws outside any handler when a running replication's document is
     * deleted, which would end the server's process; there they stay, idle (nothing writes to the
     * old databases any more), and are gone with the old databases.
     */
    readonly removeReplications: boolean;
  },
): Promise<void> => {
  for (const collection of collectionNames) {
    if (collectionsIn.org.includes(collection) && collection !== 'forumPosts') continue;
    await moveCollection(client, collection, changes);
  }
  if (options.removeReplications) await removeLegacyReplications(client, changes);
  const all = expectStatus(await client.request('GET', '/_all_dbs'), [200], 'Listing databases')
    .body as string[];
  const legacy = new Set([
    ...collectionNames.map(databaseName),
    ...all.filter((name) => name.startsWith('mmm-private-')),
  ]);
  for (const database of all.filter((name) => legacy.has(name))) {
    const path = `/${encodeURIComponent(database)}/_security`;
    const current = expectStatus(await client.request('GET', path), [200], `Reading ${path}`);
    if (normalizeSecurity(current.body) === normalizeSecurity(serverAdminsOnly)) continue;
    expectStatus(await client.request('PUT', path, serverAdminsOnly), [200, 201], path);
    changes.push(`closed the old database ${database} to all but server admins`);
  }
};
