/**
 * A process-wide cache of parsed documents, so reads skip SQLite's row fetch and `JSON.parse` for
 * the documents it holds (the largest cost of a read).
 *
 * An entry is keyed by table and id and is trusted without asking SQLite, because nothing else can
 * change the file while this process has it open: the connection holds SQLite's EXCLUSIVE lock
 * (database-file.ts), writes put the documents they committed in the cache only after COMMIT (a
 * rolled-back write never reaches it), and cleanup and remove drop theirs. What could make an entry
 * stale is a change to the file while this process had it *closed* (another program, a restored
 * backup): database-file.ts fingerprints the file at close and drops all of the file's entries at
 * the next open unless the fingerprint is unchanged (`uncacheFile`).
 *
 * Entries outlive a close (RxDB closes and reopens databases) and are shared by every instance of a
 * collection. The cache is bounded by a count, least recently used first out (approximately: see
 * TableDocumentCache).
 *
 * Cached objects are handed to callers as they are, as RxDB's memory storage does: RxDB treats
 * document data as immutable (and deep-freezes it in dev mode).
 */

/** At most this many documents across all tables (~1-2 KB each for typical documents). */
export const DOCUMENT_CACHE_MAX_ENTRIES = 20_000;
const GENERATION = DOCUMENT_CACHE_MAX_ENTRIES / 2;

/**
 * One table's entries in two generations (approximate LRU at the cost of one Map lookup per hit):
 * new entries and hits go to `young`; when all tables' young generations together reach half the
 * bound, every `young` becomes `old` and the previous `old` is dropped. What was not used during a
 * whole generation is what goes.
 */
export interface TableDocumentCache {
  young: Map<string, unknown>;
  old: Map<string, unknown>;
  /**
   * Which document each SQLite rowid holds, so a query can ask SQLite for rowids only: they are in
   * every index entry, so the range scan never visits the table. Exact for the same reasons as the
   * documents (recorded after COMMIT, dropped with deletions). Cleared when it grows past a bound;
   * an unknown rowid is simply read from SQLite.
   */
  ids: Map<number, string>;
}

/** Rowids remembered per table, beyond which its map starts again (a few MB at most). */
const MAX_ROWIDS_PER_TABLE = 200_000;

/** By CollectionTable key (file, collection, version): survives the table being closed. */
const tables = new Map<string, TableDocumentCache>();
let youngEntries = 0;

export function tableDocumentCache(tableKey: string): TableDocumentCache {
  let cache = tables.get(tableKey);
  if (!cache) {
    cache = { young: new Map(), old: new Map(), ids: new Map() };
    tables.set(tableKey, cache);
  }
  return cache;
}

/** The cached document with this id: the version the file holds (see above). */
export function cachedDocument(cache: TableDocumentCache, id: string): unknown {
  const doc = cache.young.get(id);
  if (doc !== undefined) return doc;
  const old = cache.old.get(id);
  if (old === undefined) return undefined;
  cache.old.delete(id);
  addYoung(cache, id, old);
  return old;
}

/** Caches the version of a document the file now holds (committed, or just read from the file). */
export function cacheDocument(cache: TableDocumentCache, id: string, doc: unknown): void {
  cache.old.delete(id);
  addYoung(cache, id, doc);
}

/** Remembers that this rowid holds the document with this id (true once committed). */
export function rememberRowid(cache: TableDocumentCache, rowid: number, id: string): void {
  if (cache.ids.size >= MAX_ROWIDS_PER_TABLE) cache.ids.clear();
  cache.ids.set(rowid, id);
}

function addYoung(cache: TableDocumentCache, id: string, entry: unknown): void {
  const size = cache.young.size;
  cache.young.set(id, entry);
  youngEntries += cache.young.size - size;
  if (youngEntries >= GENERATION) {
    for (const table of tables.values()) {
      table.old = table.young;
      table.young = new Map();
    }
    youngEntries = 0;
  }
}

/** Forgets a deleted row: its document and its rowid (which SQLite may give to another row). */
export function uncacheDocument(cache: TableDocumentCache, id: string, rowid: number): void {
  if (cache.young.delete(id)) youngEntries -= 1;
  cache.old.delete(id);
  cache.ids.delete(rowid);
}

/** Drops every entry of one table (its tables were dropped). */
export function uncacheTable(tableKey: string): void {
  const cache = tables.get(tableKey);
  if (!cache) return;
  tables.delete(tableKey);
  youngEntries -= cache.young.size;
  cache.young = new Map();
  cache.old = new Map();
  cache.ids = new Map();
}

/** Drops every entry of every table in one file (the file may have changed while closed). */
export function uncacheFile(filePath: string): void {
  const prefix = `${filePath}|`;
  for (const key of [...tables.keys()]) if (key.startsWith(prefix)) uncacheTable(key);
}

/** For tests: how many documents are cached. */
export function documentCacheSize(): number {
  let size = 0;
  for (const table of tables.values()) size += table.young.size + table.old.size;
  return size;
}
