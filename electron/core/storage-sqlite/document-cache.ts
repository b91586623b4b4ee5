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
 * recently used first out.
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

/** Map iteration order is insertion order: the first key is the least recently used. */
const entries = new Map<string, CachedDocument>();

/** A table's key prefix, e.g. from its CollectionTable key: `${key}\u0000`. */
export type CachePrefix = string;

export function cachedDocument(prefix: CachePrefix, id: string, rev: string, lwt: number): unknown {
  const key = prefix + id;
  const entry = entries.get(key);
  if (entry?.rev !== rev || entry.lwt !== lwt) return undefined;
  // Touch: move to the most-recently-used end.
  entries.delete(key);
  entries.set(key, entry);
  return entry.doc;
}

export function cacheDocument(
  prefix: CachePrefix,
  id: string,
  rev: string,
  lwt: number,
  doc: unknown,
): void {
  const key = prefix + id;
  entries.delete(key);
  entries.set(key, { rev, lwt, doc });
  if (entries.size > DOCUMENT_CACHE_MAX_ENTRIES) {
    for (const oldest of entries.keys()) {
      entries.delete(oldest);
      if (entries.size <= DOCUMENT_CACHE_MAX_ENTRIES) break;
    }
  }
}

export function uncacheDocument(prefix: CachePrefix, id: string): void {
  entries.delete(prefix + id);
}

/** Drops every entry of one table (its tables were dropped). */
export function uncacheTable(prefix: CachePrefix): void {
  for (const key of entries.keys()) {
    if (key.startsWith(prefix)) entries.delete(key);
  }
}

/** For tests: how many documents are cached. */
export function documentCacheSize(): number {
  return entries.size;
}
