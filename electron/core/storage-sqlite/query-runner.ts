import {
  getQueryMatcher,
  getSortComparator,
  getStartIndexStringFromLowerBound,
  getStartIndexStringFromUpperBound,
} from 'rxdb';
import type { PreparedQuery, RxDocumentData } from 'rxdb';
import { findIndexColumn, statement } from './collection-table';
import type { CollectionTable } from './collection-table';
import { encodeIndexKey } from './index-key';
import { documentsOfRowids, rowidArraySql, rowidsOf } from './document-reads';
import type { SqlValue, SqliteStatement } from './sqlite-driver';

/** Rows read before the matcher first runs, when a query may stop early. */
const FIRST_PAGE = 128;

/**
 * RxDB's query planner has already chosen an index and the range of it the selector allows. That
 * range becomes an SQL range scan on the index's key column (same bounds, same inclusivity as the
 * memory storage's binary search); what the index cannot decide is left to RxDB's own matcher and
 * sort comparator, so the answers are RxDB's by construction.
 *
 * Every range is written `key >= lower AND key < upper`, whatever its inclusivity: for BLOBs
 * (memcmp order, shorter first) `key > x` is `key >= x||0x00` and `key <= y` is `key < y||0x00`.
 * So each index has one range statement and one count statement, prepared when the collection is
 * opened (`prepareReadStatements`) rather than by the first read.
 */
interface IndexRange {
  readonly params: SqlValue[];
  readonly column: string;
}

const AFTER = Buffer.from([0]);

function indexRangeOf<RxDocType>(
  state: CollectionTable<RxDocType>,
  preparedQuery: PreparedQuery<RxDocType>,
): IndexRange {
  const plan = preparedQuery.queryPlan;
  const index = findIndexColumn(state, plan.index);
  const fields = [...plan.index];
  const lower = encodeIndexKey(
    getStartIndexStringFromLowerBound(state.schema, fields, plan.startKeys),
  );
  const upper = encodeIndexKey(
    getStartIndexStringFromUpperBound(state.schema, fields, plan.endKeys),
  );
  return {
    params: [
      plan.inclusiveStart ? lower : Buffer.concat([lower, AFTER]),
      plan.inclusiveEnd ? Buffer.concat([upper, AFTER]) : upper,
    ],
    column: index.column,
  };
}

/** The rowids in the range, in index order, as one JSON array (parameters: bounds, limit, offset). */
function rangeStatement<T>(state: CollectionTable<T>, column: string): SqliteStatement {
  return statement(
    state,
    rowidArraySql(
      `SELECT rowid FROM ${state.table} WHERE ${column} >= ? AND ${column} < ?` +
        ` ORDER BY ${column} LIMIT ? OFFSET ?`,
    ),
  );
}

function countStatement<T>(state: CollectionTable<T>, column: string): SqliteStatement {
  return statement(
    state,
    `SELECT count(*) FROM ${state.table} WHERE ${column} >= ? AND ${column} < ?`,
  );
}

/** Prepares every index's read statements now, so that no read pays for SQLite's parser. */
export function prepareReadStatements<T>(state: CollectionTable<T>): void {
  for (const index of state.indexColumns) {
    rangeStatement(state, index.column);
    countStatement(state, index.column);
  }
}

export function runQuery<RxDocType>(
  state: CollectionTable<RxDocType>,
  preparedQuery: PreparedQuery<RxDocType>,
): RxDocumentData<RxDocType>[] {
  const { query, queryPlan } = preparedQuery;
  const skip = query.skip ? query.skip : 0;
  // typeof, not truthiness: an explicit `limit: 0` means no documents, as in the memory storage.
  const limit = typeof query.limit === 'number' ? query.limit : Infinity;
  const skipPlusLimit = skip + limit;
  const mustResort = !queryPlan.sortSatisfiedByIndex;
  const range = indexRangeOf(state, preparedQuery);
  const select = rangeStatement(state, range.column);

  let documents: RxDocumentData<RxDocType>[];
  if (queryPlan.selectorSatisfiedByIndex) {
    // The index decides everything; SQLite can stop at skip+limit unless we must re-sort.
    const sqlLimit = mustResort || !Number.isFinite(skipPlusLimit) ? -1 : skipPlusLimit;
    documents = documentsOfRowids(state, rowidsOf(select.rows([...range.params, sqlLimit, 0])));
  } else {
    const matches = getQueryMatcher(state.schema, query);
    documents = [];
    // When the first matches suffice, read the range in growing pages and stop early (doubling
    // keeps the OFFSET re-scans linear overall); otherwise read it whole.
    const paged = !mustResort && Number.isFinite(skipPlusLimit);
    let pageSize = paged ? Math.max(FIRST_PAGE, skipPlusLimit) : -1;
    let offset = 0;
    for (;;) {
      const rowids = rowidsOf(select.rows([...range.params, pageSize, offset]));
      for (const doc of documentsOfRowids(state, rowids)) {
        if (matches(doc)) documents.push(doc);
      }
      if (!paged || rowids.length < pageSize || documents.length >= skipPlusLimit) break;
      offset += rowids.length;
      pageSize *= 2;
    }
  }
  if (mustResort) documents.sort(getSortComparator(state.schema, query));
  if (skip !== 0 || documents.length > skipPlusLimit) {
    documents = documents.slice(skip, skipPlusLimit);
  }
  return documents;
}

/**
 * Counts what `runQuery` would return. Where the index covers the selector, SQLite counts index
 * entries without reading a single document.
 */
export function countQuery<RxDocType>(
  state: CollectionTable<RxDocType>,
  preparedQuery: PreparedQuery<RxDocType>,
): number {
  const { query, queryPlan } = preparedQuery;
  const range = indexRangeOf(state, preparedQuery);
  let count = 0;
  if (queryPlan.selectorSatisfiedByIndex) {
    const counted = countStatement(state, range.column).rows(range.params);
    count = Number(counted[0]?.[0] ?? 0);
  } else {
    const matches = getQueryMatcher(state.schema, query);
    const rowids = rowidsOf(rangeStatement(state, range.column).rows([...range.params, -1, 0]));
    for (const doc of documentsOfRowids(state, rowids)) {
      if (matches(doc)) count += 1;
    }
  }
  // The interface asks count() to equal query().documents.length, skip and limit included.
  const skip = query.skip ? query.skip : 0;
  const limit = typeof query.limit === 'number' ? query.limit : Infinity;
  return Math.max(0, Math.min(count - skip, limit));
}
