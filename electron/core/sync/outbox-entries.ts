import { distinctUntilChanged, from, map, switchMap } from 'rxjs';
import type { Observable } from 'rxjs';
import { OUTBOX_LIST_LIMIT } from '../../../shared/contract';
import type { OutboxEntry, SyncStatus } from '../../../shared/contract';
import { documentKindLabel, documentTitle } from '../../../shared/domain/document-title';
import { isCollectionName } from '../../../shared/schema';
import type { AppDatabase } from '../database/app-database';

type PendingIds = SyncStatus['pendingIds'];

/** The outbox's documents, named: a few per collection, looked up by id. */
const entriesOf = async (database: AppDatabase, pendingIds: PendingIds): Promise<OutboxEntry[]> => {
  const perCollection = await Promise.all(
    Object.entries(pendingIds).map(async ([name, ids]) => {
      if (!isCollectionName(name)) return [];
      const listed = ids.slice(0, OUTBOX_LIST_LIMIT);
      const docs = await database[name].findByIds(listed).exec();
      return listed.map((id): OutboxEntry => {
        const doc = docs.get(id);
        return {
          collection: name,
          id,
          title: doc
            ? documentTitle(name, doc.toJSON())
            : `${documentKindLabel[name]} (deleted here)`,
        };
      });
    }),
  );
  return perCollection.flat();
};

/** The sync panel's outbox list, following the engine's status. */
export const watchOutboxEntries = (
  database: AppDatabase,
  status$: Observable<SyncStatus>,
): Observable<readonly OutboxEntry[]> =>
  status$.pipe(
    map((status) => status.pendingIds),
    distinctUntilChanged((a, b) => JSON.stringify(a) === JSON.stringify(b)),
    switchMap((pendingIds) => from(entriesOf(database, pendingIds))),
  );
