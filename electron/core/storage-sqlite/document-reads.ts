import type { RxDocumentData } from 'rxdb';
import { statement } from './collection-table';
import type { CollectionTable } from './collection-table';
import { cacheDocument, cachedDocument, rememberRowid } from './document-cache';
import type { SqlValue } from './sqlite-driver';

/**
 * Reads go in two steps: SQLite first answers which rows — as rowids, which every index entry
 * holds, so a range scan never visits the table, and all of them in one JSON array (one value
 * crossing into JavaScript instead of one per row) — and the document cache answers for the rows
 * it knows; only the others are then fetched as JSON (in one `IN (...)` query), parsed and cached.
 * A read by id whose documents are all cached does not reach SQLite at all. See document-cache.ts
 * for why cached entries are exact.
 */

/**
 * Wraps a query selecting `rowid` (in the order wanted) so SQLite hands back one JSON array of
 * them. A subquery with ORDER BY is never flattened into an aggregate, so the array keeps its order.
 */
export function rowidArraySql(select: string): string {
  return `SELECT json_group_array(rowid) FROM (${select})`;
}

/** The rowids from a statement built with `rowidArraySql`. */
export function rowidsOf(rows: readonly SqlValue[][]): number[] {
  return JSON.parse((rows[0]?.[0] as string | undefined) ?? '[]') as number[];
}

/** Documents for these rowids, in the same order. */
export function documentsOfRowids<RxDocType>(
  state: CollectionTable<RxDocType>,
  rowids: readonly number[],
): RxDocumentData<RxDocType>[] {
  const documents = new Array<RxDocumentData<RxDocType>>(rowids.length);
  const { cache } = state;
  let missing: Map<number, number> | undefined;
  for (let i = 0; i < rowids.length; i++) {
    const rowid = rowids[i] as number;
    const id = cache.ids.get(rowid);
    const doc = id === undefined ? undefined : cachedDocument(cache, id);
    if (doc === undefined) {
      missing ??= new Map();
      missing.set(rowid, i);
    } else {
      documents[i] = doc as RxDocumentData<RxDocType>;
    }
  }
  if (missing) {
    const rows = statement(
      state,
      `SELECT rowid, id, json FROM ${state.table} WHERE rowid IN (SELECT value FROM json_each(?))`,
    ).rows([JSON.stringify([...missing.keys()])]);
    for (const [rowid, id, json] of rows) {
      documents[missing.get(rowid as number) as number] = parsed(state, rowid, id, json);
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
  let missing: string[] | undefined;
  for (const id of ids) {
    const doc = cachedDocument(state.cache, id);
    if (doc === undefined) (missing ??= []).push(id);
    else found.set(id, doc as RxDocumentData<RxDocType>);
  }
  if (missing) {
    for (const [id, doc] of parsedDocuments(state, missing)) found.set(id, doc);
  }
  return found;
}

/** Reads, parses and caches the documents with these ids (absent ones are simply not returned). */
function parsedDocuments<RxDocType>(
  state: CollectionTable<RxDocType>,
  ids: readonly string[],
): [string, RxDocumentData<RxDocType>][] {
  const select = `SELECT rowid, id, json FROM ${state.table}`;
  const rows =
    ids.length === 1
      ? statement(state, `${select} WHERE id = ?`).rows([ids[0] ?? ''])
      : statement(state, `${select} WHERE id IN (SELECT value FROM json_each(?))`).rows([
          JSON.stringify(ids),
        ]);
  return rows.map(([rowid, id, json]) => [id as string, parsed(state, rowid, id, json)]);
}

function parsed<RxDocType>(
  state: CollectionTable<RxDocType>,
  rowid: SqlValue | undefined,
  id: SqlValue | undefined,
  json: SqlValue | undefined,
): RxDocumentData<RxDocType> {
  const doc = JSON.parse(json as string) as RxDocumentData<RxDocType>;
  cacheDocument(state.cache, id as string, doc);
  rememberRowid(state.cache, rowid as number, id as string);
  return doc;
}
