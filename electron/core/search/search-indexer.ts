import { createHash } from 'node:crypto';
import { getChangedDocumentsSince } from 'rxdb';
import type { RxCollection, RxDocumentData } from 'rxdb';
import type { Subscription } from 'rxjs';
import type { Actor } from '../../../shared/domain';
import { collections } from '../../../shared/schema';
import type { AppDatabase } from '../database/app-database';
import type { Logger } from '../platform/logger';
import type { SqliteDriver } from '../storage-sqlite';
import { entryOf, indexedCollectionNames } from './search-entries';
import type { IndexedCollection } from './search-entries';
import { isDamage, openSearchStore, removeSearchStore } from './search-store';
import type { Checkpoint, IndexChange, SearchStore } from './search-store';

/**
 * Keeps the search index up to date with the person's database. At open it reads what changed
 * since the index's checkpoints (everything, for a new index) with RxDB's own
 * `getChangedDocumentsSince`; then every write — made here or pulled by sync — arrives on the
 * collections' change streams and is indexed in small slices, each one transaction with its
 * checkpoint, yielding to the event loop between slices so a burst of synced documents never
 * holds the core up for long.
 */

/** How text becomes terms; raising it rebuilds every index. */
const TERMS_VERSION = 1;
/** A slice aims at this much synchronous work before the event loop gets its turn. */
const SLICE_TARGET_MS = 5;
const PAGE_SIZE = 500;
/** FTS5 merge work after each slice, in pages: keeps segments few without long merges. */
const MERGE_PAGES = 16;
/**
 * After this many documents indexed (a build, a big sync), the index is merged into one segment
 * per table while nothing else is to be done, a step of MERGE_ALL_PAGES at a time. Not after every
 * write: merging a small segment into a large one rewrites the large one.
 */
const MERGE_ALL_AFTER = 5_000;
const MERGE_ALL_PAGES = 32;
/** ...once nothing was written for this long: not between the batches of a sync pull. */
const MERGE_ALL_QUIET_MS = 2_000;
/** An index opened with more segments than this in a table (a build cut short) is merged too. */
const MAX_SEGMENTS_AT_OPEN = 8;

type AnyDoc = RxDocumentData<Record<string, unknown>> & { readonly id: string };
type Collection = RxCollection<Record<string, unknown>>;

/** Changes with the indexed collections' schemas or the way text becomes terms. */
export const searchSchemaHash = (): string =>
  createHash('sha256')
    .update(
      JSON.stringify({
        terms: TERMS_VERSION,
        schemas: indexedCollectionNames.map((name) => collections[name]),
      }),
    )
    .digest('hex')
    .slice(0, 32);

export interface SearchIndexStats {
  /** The longest synchronous slice of indexing (or merging) so far, in ms. */
  readonly longestSliceMs: number;
  readonly indexedDocuments: number;
  /** Documents indexed since the index was last merged into one segment per table. */
  readonly sinceMergedAll: number;
}

export interface SearchIndexer {
  /** The index to read; replaced when a damaged one is rebuilt. */
  store(): SearchStore;
  /** While the index is being built from nothing: how far; else null. */
  building(): { readonly done: number; readonly total: number } | null;
  /** While anything written is not indexed yet (a build, a sync burst): how far; else null. */
  progress(): { readonly done: number; readonly total: number } | null;
  /** Resolves once everything written so far is indexed (or after `maxWaitMs`). */
  settled(maxWaitMs?: number): Promise<void>;
  /** Resolves once a merge into one segment that is due has run too (the benchmark, tests). */
  merged(maxWaitMs?: number): Promise<void>;
  stats(): SearchIndexStats;
  /** Starts the longest-slice measure again (the benchmark measures a burst on its own). */
  resetStats(): void;
  /** Stops listening, indexes what is queued, closes the file. */
  close(): Promise<void>;
}

const nextTurn = () =>
  new Promise<void>((resolve) => {
    setImmediate(resolve);
  });

const after = (doc: AnyDoc, checkpoint: Checkpoint | undefined): boolean =>
  !checkpoint ||
  doc._meta.lwt > checkpoint.lwt ||
  (doc._meta.lwt === checkpoint.lwt && doc.id > checkpoint.id);

const byCheckpointOrder = (a: { readonly doc: AnyDoc }, b: { readonly doc: AnyDoc }): number =>
  a.doc._meta.lwt - b.doc._meta.lwt || (a.doc.id < b.doc.id ? -1 : a.doc.id > b.doc.id ? 1 : 0);

export const startSearchIndexer = async (options: {
  readonly database: AppDatabase;
  readonly filePath: string;
  /** Whose index it is: another person's drafts stay out of it. */
  readonly owner: Actor;
  readonly logger: Logger;
  readonly driver?: SqliteDriver;
  /** When the index is merged into one segment per table (smaller in tests). */
  readonly mergeAll?: {
    /** MERGE_ALL_AFTER documents indexed. */
    readonly afterDocuments?: number;
    /** MAX_SEGMENTS_AT_OPEN segments in a table. */
    readonly segmentsAtOpen?: number;
    /** MERGE_ALL_QUIET_MS. */
    readonly quietMs?: number;
  };
}): Promise<SearchIndexer> => {
  const { database, filePath, owner, logger } = options;
  const identity = { schemaHash: searchSchemaHash(), databaseToken: await database.storageToken };
  const open = () =>
    openSearchStore({ filePath, identity, ...(options.driver ? { driver: options.driver } : {}) });
  let store = open();
  const collectionOf = (name: IndexedCollection) => database[name] as unknown as Collection;

  let closed = false;
  let caughtUp = false;
  let building: { done: number; total: number } | null = null;
  let longestSliceMs = 0;
  let indexedDocuments = 0;
  const mergeAllAfter = options.mergeAll?.afterDocuments ?? MERGE_ALL_AFTER;
  const segmentsAtOpen = options.mergeAll?.segmentsAtOpen ?? MAX_SEGMENTS_AT_OPEN;
  const quietMs = options.mergeAll?.quietMs ?? MERGE_ALL_QUIET_MS;
  const fragmented = () => {
    try {
      return Math.max(...Object.values(store.segments())) > segmentsAtOpen;
    } catch (error) {
      // A damaged file is found (and rebuilt) by the first indexing.
      if (isDamage(error)) return false;
      throw error;
    }
  };
  let sinceMergedAll = fragmented() ? mergeAllAfter : 0;
  /** Live changes indexed since the queue was last empty. */
  let backlogDone = 0;
  /** Live changes waiting, latest version per document, oldest first. */
  const queue = new Map<string, { collection: IndexedCollection; doc: AnyDoc }>();
  const idle: (() => void)[] = [];

  const changeOf = (collection: IndexedCollection, doc: AnyDoc): IndexChange => ({
    collection,
    id: doc.id,
    entry: doc._deleted ? undefined : entryOf(collection, doc as never, owner),
  });

  /** What one document costs to index, measured as it goes: how big the next slice can be. */
  let perDocMs = 0.1;
  /** Indexes documents in slices of about SLICE_TARGET_MS, each with its checkpoint. */
  const index = async (items: readonly { collection: IndexedCollection; doc: AnyDoc }[]) => {
    for (let start = 0; start < items.length && !closed;) {
      const size = Math.max(10, Math.min(500, Math.floor(SLICE_TARGET_MS / perDocMs)));
      const slice = items.slice(start, start + size);
      const began = performance.now();
      const reached: Partial<Record<IndexedCollection, Checkpoint>> = {};
      const changes: IndexChange[] = [];
      for (const { collection, doc } of slice) {
        // A document already read past (catch-up met it) is not indexed again at an older version.
        if (!after(doc, store.checkpoint(collection))) continue;
        changes.push(changeOf(collection, doc));
        reached[collection] = { id: doc.id, lwt: doc._meta.lwt };
      }
      store.apply(changes, reached);
      const applied = performance.now() - began;
      store.merge(MERGE_PAGES);
      const took = performance.now() - began;
      longestSliceMs = Math.max(longestSliceMs, took);
      indexedDocuments += changes.length;
      sinceMergedAll += changes.length;
      perDocMs = Math.max(0.005, (perDocMs + applied / slice.length) / 2);
      start += slice.length;
      if (building) building.done = Math.min(building.total, building.done + slice.length);
      await nextTurn();
    }
  };

  /**
   * Whether the database went back in time under the index (a backup restored): the last
   * document the index saw, at the version it saw, must still be there, or newer.
   */
  const rolledBack = async (): Promise<boolean> => {
    for (const name of indexedCollectionNames) {
      const checkpoint = store.checkpoint(name);
      if (!checkpoint) continue;
      const [doc] = await collectionOf(name).storageInstance.findDocumentsById(
        [checkpoint.id],
        true,
      );
      if (!doc || doc._meta.lwt < checkpoint.lwt) return true;
    }
    return false;
  };

  const rebuild = (reason: string) => {
    logger.warn(`Search: rebuilding the index (${reason}).`);
    store.close();
    removeSearchStore(filePath);
    store = open();
    caughtUp = false;
  };

  const catchUp = async () => {
    if (store.startedEmpty === null && (await rolledBack())) rebuild('the database was restored');
    if (store.startedEmpty !== null || store.size() === 0) {
      let total = 0;
      for (const name of indexedCollectionNames) total += await collectionOf(name).count().exec();
      building = { done: 0, total };
      if (store.startedEmpty !== 'new index' && store.startedEmpty !== null) {
        logger.info(`Search: building the index (${store.startedEmpty}).`);
      }
    }
    for (const name of indexedCollectionNames) {
      let checkpoint = store.checkpoint(name);
      for (;;) {
        if (closed) return;
        const page = await getChangedDocumentsSince(
          collectionOf(name).storageInstance,
          PAGE_SIZE,
          checkpoint,
        );
        if (page.documents.length === 0) break;
        await index(page.documents.map((doc) => ({ collection: name, doc: doc as AnyDoc })));
        checkpoint = page.checkpoint as Checkpoint;
      }
    }
    building = null;
    caughtUp = true;
  };

  /**
   * Merges the index into one segment per table in steps, yielding between them and giving way
   * to indexing whenever there is any (a step is a statement of its own: a crash loses nothing).
   */
  let mergingAll: Promise<void> | null = null;
  const mergedWaiters: (() => void)[] = [];
  const mergeAll = async () => {
    try {
      while (!closed && sinceMergedAll >= mergeAllAfter) {
        if (pumping !== null || queue.size > 0) return;
        const began = performance.now();
        const done = store.mergeAll(MERGE_ALL_PAGES);
        longestSliceMs = Math.max(longestSliceMs, performance.now() - began);
        if (done) sinceMergedAll = 0;
        await nextTurn();
      }
    } catch (error) {
      if (closed) return;
      if (!isDamage(error)) throw error;
      rebuild('the index file is damaged');
      kick();
    }
  };
  let quietTimer: NodeJS.Timeout | undefined;
  const mergeWhenQuiet = () => {
    clearTimeout(quietTimer);
    quietTimer = undefined;
    if (mergingAll || closed || sinceMergedAll < mergeAllAfter) {
      if (!mergingAll) for (const resolve of mergedWaiters.splice(0)) resolve();
      return;
    }
    quietTimer = setTimeout(startMergingAll, quietMs);
    // A merge that is due never keeps the process alive.
    quietTimer.unref();
  };
  const startMergingAll = () => {
    quietTimer = undefined;
    if (mergingAll || closed || pumping !== null || queue.size > 0) return;
    mergingAll = mergeAll()
      .catch((error: unknown) => {
        logger.error('Search: merging the index failed.', error);
        sinceMergedAll = 0;
      })
      .finally(() => {
        mergingAll = null;
        // Stopped for indexing: the pump starts it again once it is done.
        if (pumping === null && queue.size === 0) {
          for (const resolve of mergedWaiters.splice(0)) resolve();
        }
      });
  };

  let pumping: Promise<void> | null = null;
  const pump = async () => {
    try {
      if (!caughtUp) await catchUp();
      while (queue.size > 0 && !closed) {
        // In the order the checkpoint moves (lwt, then id): one write stores many documents at
        // the same lwt, and taken in the order they were written, one with a smaller id after a
        // larger one would look already read and be left out of the index.
        const batch = [...queue.values()].sort(byCheckpointOrder).slice(0, 500);
        for (const { collection, doc } of batch) queue.delete(`${collection}\n${doc.id}`);
        await index(batch);
        backlogDone += batch.length;
      }
    } catch (error) {
      if (closed) return;
      if (!isDamage(error)) throw error;
      // A damaged file is rebuilt from the database, never trusted and never fatal.
      rebuild('the index file is damaged');
      queue.clear();
    }
  };
  const kick = () => {
    if (pumping || closed) return;
    // Something was written: the quiet a merge waits for starts again once it is indexed.
    clearTimeout(quietTimer);
    quietTimer = undefined;
    pumping = pump()
      .catch((error: unknown) => {
        logger.error('Search: indexing failed.', error);
      })
      .finally(() => {
        pumping = null;
        if (!closed && (queue.size > 0 || !caughtUp)) kick();
        else {
          backlogDone = 0;
          for (const resolve of idle.splice(0)) resolve();
          mergeWhenQuiet();
        }
      });
  };

  const subscriptions: Subscription[] = indexedCollectionNames.map((name) =>
    collectionOf(name).eventBulks$.subscribe((bulk) => {
      for (const event of bulk.events) {
        const doc = event.documentData as unknown as AnyDoc;
        const key = `${name}\n${doc.id}`;
        queue.delete(key);
        queue.set(key, { collection: name, doc });
      }
      kick();
    }),
  );
  kick();

  const settled = (maxWaitMs = 60_000) =>
    pumping === null && queue.size === 0 && caughtUp
      ? Promise.resolve()
      : new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, maxWaitMs);
          idle.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });

  return {
    store: () => store,
    building: () => (building ? { ...building } : null),
    progress: () =>
      building
        ? { ...building }
        : pumping !== null || queue.size > 0 || !caughtUp
          ? { done: backlogDone, total: backlogDone + queue.size }
          : null,
    settled,
    merged: async (maxWaitMs = 60_000) => {
      await settled(maxWaitMs);
      if (!mergingAll && sinceMergedAll < mergeAllAfter) return;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, maxWaitMs);
        mergedWaiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
        if (!quietTimer) mergeWhenQuiet();
      });
    },
    stats: () => ({ longestSliceMs, indexedDocuments, sinceMergedAll }),
    resetStats: () => {
      longestSliceMs = 0;
      indexedDocuments = 0;
    },
    close: async () => {
      for (const subscription of subscriptions) subscription.unsubscribe();
      // The database closes at the same time: stop at the next slice. What was not indexed yet
      // is past the checkpoint, so the next open reads it again.
      closed = true;
      clearTimeout(quietTimer);
      await pumping;
      await mergingAll;
      for (const resolve of mergedWaiters.splice(0)) resolve();
      store.close();
    },
  };
};
