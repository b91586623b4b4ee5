import { LOCKED_THREADS_FIELD } from '../../shared/domain/writeRules';
import { databaseName } from './databaseNames';
import { expectStatus, type CouchClient } from './couchClient';
import type { Changes } from './ensure';

/** Threads read per `_find` page (CouchDB's default page is 25). */
const PAGE = 1_000;

/** The ids of the locked threads in a forum database, from the threads themselves. */
const lockedThreadIds = async (client: CouchClient, database: string): Promise<string[]> => {
  const ids: string[] = [];
  for (let skip = 0; ; skip += PAGE) {
    const answer = expectStatus(
      await client.request('POST', `/${encodeURIComponent(database)}/_find`, {
        selector: { kind: 'thread', locked: true },
        fields: ['_id'],
        limit: PAGE,
        skip,
      }),
      [200],
      `Finding the locked threads of ${database}`,
    );
    const docs = (answer.body as { docs?: { _id?: unknown }[] }).docs ?? [];
    for (const doc of docs) if (typeof doc._id === 'string') ids.push(doc._id);
    if (docs.length < PAGE) return ids.sort();
  }
};

/**
 * Lists a forum database's locked threads in its `_security` object, where validate_doc_update
 * sees them (`secObj`): the rule refuses a reply to a listed thread unless a moderator writes it
 * (shared/domain/writeRules). The list is made again from the threads each time, so a run heals
 * whatever an earlier one missed; members and admins are kept as they are.
 */
export const ensureLockedThreads = async (
  client: CouchClient,
  changes: Changes,
  database: string = databaseName('forumPosts'),
): Promise<void> => {
  const path = `/${encodeURIComponent(database)}/_security`;
  const locked = await lockedThreadIds(client, database);
  const current = expectStatus(await client.request('GET', path), [200], `Reading ${path}`);
  const security = (current.body ?? {}) as Record<string, unknown>;
  if (JSON.stringify(security[LOCKED_THREADS_FIELD] ?? []) === JSON.stringify(locked)) return;
  expectStatus(
    await client.request('PUT', path, { ...security, [LOCKED_THREADS_FIELD]: locked }),
    [200, 201],
    `Writing ${path}`,
  );
  changes.push(`listed ${locked.length} locked threads in ${database}/_security`);
};
