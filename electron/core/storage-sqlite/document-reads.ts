import type { RxDocumentData } from 'rxdb';
import { statement } from './collection-table';
import type { CollectionTable } from './collection-table';
import { cacheDocument, cachedDocument } from './document-cache';
import type { SqlValue } from './sqlite-driver';

/**
 * Reads go in two steps: SQLite first answers which rows (and their `rev` and `lwt`), which costs
 * no JSON; only the rows whose exact version is not in the document cache are then fetched as JSON
 * (in one `IN (...)` query) and parsed. See document-cache.ts for why this can never serve a stale
 * document.
 */

/** The columns every row query selects, in this order: what `documentsOfRows` takes. */
export const ROW_HEAD = 'id, rev, lwt';

/** Documents for rows of (id, rev, lwt), in the same order. */
export function documentsOfRows<RxDocType>(
  state: CollectionTable<RxDocType>,
  rows: readonly SqlValue[][],
): RxDocumentData<RxDocType>[] {
  const documents = new Array<RxDocumentData<RxDocType>>(rows.length);
  let missing: Map<string, number> | undefined;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as SqlValue[];
    const doc = cachedDocument(state.cache, row[0] as string, row[1] as string, row[2] as number);
    if (doc === undefined) {
      missing ??= new Map();
      missing.set(row[0] as string, i);
    } else {
      documents[i] = doc as RxDocumentData<RxDocType>;
    }
  }
  if (missing) {
    for (const [id, json] of jsonOfIds(state, [...missing.keys()])) {
      const i = missing.get(id as string) as number;
      const row = rows[i] as SqlValue[];
      const doc = JSON.parse(json as string) as RxDocumentData<RxDocType>;
      cacheDocument(state.cache, row[0] as string, row[1] as string, row[2] as number, doc);
      documents[i] = doc;
    }
  }
  return documents;
}

/** The stored documents with these ids (deleted ones too), by id. */
export function readDocumentsById<RxDocType>(
  state: CollectionTable<RxDocType>,
  ids: readonly string[],
): Map<string, RxDocumentData<RxDocType>> {
  const found = new Map<string, RxDocumentData<RxDocType>>();
  if (ids.length === 0) return found;
  // Rows come back as (position in `ids`, rev, lwt): no id string is built for a cache hit.
  const rows =
    ids.length === 1
      ? statement(state, `SELECT 0, rev, lwt FROM ${state.table} WHERE id = ?`).rows([ids[0] ?? ''])
      : statement(
          state,
          `SELECT j.key, t.rev, t.lwt FROM json_each(?) AS j JOIN ${state.table} AS t ON t.id = j.value`,
        ).rows([JSON.stringify(ids)]);
  let missing: Map<string, SqlValue[]> | undefined;
  for (const row of rows) {
    const id = ids[row[0] as number] as string;
    const doc = cachedDocument(state.cache, id, row[1] as string, row[2] as number);
    if (doc === undefined) {
      missing ??= new Map();
      missing.set(id, row);
    } else {
      found.set(id, doc as RxDocumentData<RxDocType>);
    }
  }
  if (missing) {
    for (const [id, json] of jsonOfIds(state, [...missing.keys()])) {
      const row = missing.get(id as string) as SqlValue[];
      const doc = JSON.parse(json as string) as RxDocumentData<RxDocType>;
      cacheDocument(state.cache, id as string, row[1] as string, row[2] as number, doc);
      found.set(id as string, doc);
    }
  }
  return found;
}

function jsonOfIds<T>(state: CollectionTable<T>, ids: readonly string[]): SqlValue[][] {
  return ids.length === 1
    ? statement(state, `SELECT id, json FROM ${state.table} WHERE id = ?`).rows([ids[0] ?? ''])
    : statement(
        state,
        `SELECT id, json FROM ${state.table} WHERE id IN (SELECT value FROM json_each(?))`,
      ).rows([JSON.stringify(ids)]);
}
