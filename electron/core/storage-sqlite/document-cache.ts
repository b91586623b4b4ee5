/**
 * A process-wide cache of parsed documents, so reads skip `JSON.parse` (the largest cost of a read
 * once SQLite has found the rows).
 *
 * An entry is keyed by table and id, and only ever used for the exact version SQLite holds: every
 * read first takes the row's `rev` and `lwt` from SQLite (cheap: no JSON crosses into JavaScript)
 * and uses the cached object only when both are equal; anything else is parsed from the row and
 * replaces the entry. A stale entry can therefore never be returned — not after a rolled-back write,
 * not after the file was changed while this process had it closed. Writes put the documents they
 * committed in the cache; cleanup and remove drop theirs.
 *
 * Entries outlive a close (RxDB closes and reopens databases; the next open validates them as
 * above) and are shared by every instance of a collection. The cache is bounded by a count, least
 * recently used first out (approximately: see TableDocumentCache).
 *
 * Cached objects are handed to callers as they are, as RxDB's memory storage does: RxDB treats
 * document data as immutable (and deep-freezes it in dev mode).
 */

interface CachedDocument {
  readonly rev: string;
  readonly lwt: number;
  readonly doc: unknown;
}

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
  young: Map<string, CachedDocument>;
  old: Map<string, CachedDocument>;
}

/** By CollectionTable key (file, collection, version): survives the table being closed. */
const tables = new Map<string, TableDocumentCache>();
let youngEntries = 0;

export function tableDocumentCache(tableKey: string): TableDocumentCache {
  let cache = tables.get(tableKey);
  if (!cache) {
    cache = { young: new Map(), old: new Map() };
    tables.set(tableKey, cache);
  }
  return cache;
}

/** The cached document if it is exactly this version (id, rev and lwt as SQLite holds them). */
export function cachedDocument(
  cache: TableDocumentCache,
  id: string,
  rev: string,
  lwt: number,
): unknown {
  let entry = cache.young.get(id);
  if (entry === undefined) {
    entry = cache.old.get(id);
    if (entry === undefined) return undefined;
    cache.old.delete(id);
    addYoung(cache, id, entry);
  }
  return entry.rev === rev && entry.lwt === lwt ? entry.doc : undefined;
}

export function cacheDocument(
  cache: TableDocumentCache,
  id: string,
  rev: string,
  lwt: number,
  doc: unknown,
): void {
  cache.old.delete(id);
  addYoung(cache, id, { rev, lwt, doc });
}

function addYoung(cache: TableDocumentCache, id: string, entry: CachedDocument): void {
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

export function uncacheDocument(cache: TableDocumentCache, id: string): void {
  if (cache.young.delete(id)) youngEntries -= 1;
  cache.old.delete(id);
}

/** Drops every entry of one table (its tables were dropped). */
export function uncacheTable(tableKey: string): void {
  const cache = tables.get(tableKey);
  if (!cache) return;
  tables.delete(tableKey);
  youngEntries -= cache.young.size;
  cache.young = new Map();
  cache.old = new Map();
}

/** For tests: how many documents are cached. */
export function documentCacheSize(): number {
  let size = 0;
  for (const table of tables.values()) size += table.young.size + table.old.size;
  return size;
}
