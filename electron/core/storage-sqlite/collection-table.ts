import { Subject } from 'rxjs';
import { deepEqual, getPrimaryFieldOfPrimaryKey } from 'rxdb';
import type {
  EventBulk,
  RxDocumentData,
  RxJsonSchema,
  RxStorageChangeEvent,
  RxStorageDefaultCheckpoint,
} from 'rxdb';
import { withoutSchemaFsync } from './database-file';
import type { DatabaseFile } from './database-file';
import { tableDocumentCache, uncacheTable } from './document-cache';
import type { TableDocumentCache } from './document-cache';
import { indexColumnsOf, indexName, quoteIdentifier } from './index-key';
import type { IndexColumn } from './index-key';
import type { SqlValue, SqliteStatement } from './sqlite-driver';

export type SQLiteChangeBulk<RxDocType> = EventBulk<
  RxStorageChangeEvent<RxDocumentData<RxDocType>>,
  RxStorageDefaultCheckpoint
>;

/**
 * The state of one collection at one schema version, shared by every storage instance that opens
 * it in this process (as RxDB's memory storage shares its state): the table, its prepared
 * statements, and one change stream, so a write through one instance is seen by all.
 */
export interface CollectionTable<RxDocType> {
  readonly key: string;
  readonly file: DatabaseFile;
  readonly schema: RxJsonSchema<RxDocumentData<RxDocType>>;
  readonly primaryPath: string;
  readonly table: string;
  /** This table's parsed documents (document-cache.ts); outlives close, dropped with the table. */
  readonly cache: TableDocumentCache;
  /** Attachment rows live in their own table; absent when the schema has no attachments. */
  readonly attachmentsTable: string | undefined;
  readonly indexColumns: readonly IndexColumn<RxDocType>[];
  /** The SQL indexes besides the primary key: names and their CREATE statements. */
  readonly secondaryIndexes: readonly SecondaryIndex[];
  readonly changes$: Subject<SQLiteChangeBulk<RxDocType>>;
  readonly statements: Map<string, SqliteStatement>;
  refCount: number;
  removed: boolean;
  /** Serialises writes that must first read attachment Blobs (which is asynchronous). */
  writeQueue: Promise<unknown>;
}

export interface SecondaryIndex {
  readonly name: string;
  readonly create: string;
}

const OPEN_TABLES = new Map<string, CollectionTable<unknown>>();

export function acquireCollectionTable<RxDocType>(
  file: DatabaseFile,
  collectionName: string,
  schema: RxJsonSchema<RxDocumentData<RxDocType>>,
  devMode: boolean,
): CollectionTable<RxDocType> {
  const key = [file.filePath, collectionName, schema.version].join('|');
  const open = OPEN_TABLES.get(key) as CollectionTable<RxDocType> | undefined;
  if (open) {
    // Same guard as the memory storage: one table, one schema, or hard-to-find bugs follow.
    if (devMode && !deepEqual(open.schema, schema)) {
      throw new Error(`storage was already created with a different schema: ${key}`);
    }
    open.refCount += 1;
    return open;
  }
  const baseName = `${collectionName}:v${schema.version}`;
  const table = quoteIdentifier(`docs:${baseName}`);
  const indexColumns = indexColumnsOf(schema);
  const state: CollectionTable<RxDocType> = {
    key,
    file,
    schema,
    primaryPath: getPrimaryFieldOfPrimaryKey(schema.primaryKey),
    table,
    cache: tableDocumentCache(key),
    attachmentsTable: schema.attachments ? quoteIdentifier(`attachments:${baseName}`) : undefined,
    indexColumns,
    secondaryIndexes: secondaryIndexesOf(table, baseName, indexColumns),
    changes$: new Subject(),
    statements: new Map(),
    refCount: 1,
    removed: false,
    writeQueue: Promise.resolve(),
  };
  createTables(state, baseName);
  OPEN_TABLES.set(key, state as CollectionTable<unknown>);
  return state;
}

/** Drops one reference; the last one completes the change stream. */
export function releaseCollectionTable<T>(state: CollectionTable<T>): void {
  state.refCount -= 1;
  if (state.refCount > 0) return;
  if (OPEN_TABLES.get(state.key) === state) OPEN_TABLES.delete(state.key);
  state.changes$.complete();
}

/** Drops the tables: every instance sharing this state sees `removed` and refuses further work. */
export function dropCollectionTable<T>(state: CollectionTable<T>): void {
  state.removed = true;
  if (OPEN_TABLES.get(state.key) === state) OPEN_TABLES.delete(state.key);
  uncacheTable(state.key);
  const sql = [`DROP TABLE IF EXISTS ${state.table}`];
  if (state.attachmentsTable) sql.push(`DROP TABLE IF EXISTS ${state.attachmentsTable}`);
  state.file.connection.exec(sql.join(';'));
}

/** Prepares a statement once per table and keeps it for every later call. */
export function statement<T>(state: CollectionTable<T>, sql: string): SqliteStatement {
  let prepared = state.statements.get(sql);
  if (!prepared) {
    prepared = state.file.connection.prepare(sql);
    state.statements.set(sql, prepared);
  }
  return prepared;
}

export function findIndexColumn<RxDocType>(
  state: CollectionTable<RxDocType>,
  fields: readonly string[],
): IndexColumn<RxDocType> {
  const name = indexName(fields);
  const found = state.indexColumns.find((column) => indexName(column.fields) === name);
  if (!found) throw new Error(`index does not exist: ${name} (in ${state.table})`);
  return found;
}

/** The column values of a document row, in the order of `documentColumnNames`. */
export function documentRowValues<RxDocType>(
  state: CollectionTable<RxDocType>,
  doc: RxDocumentData<RxDocType>,
): SqlValue[] {
  const values: SqlValue[] = [
    (doc as Record<string, unknown>)[state.primaryPath] as string,
    JSON.stringify(doc),
    doc._deleted ? 1 : 0,
    doc._meta.lwt,
    doc._rev,
  ];
  for (const index of state.indexColumns) values.push(index.keyOf(doc));
  return values;
}

export function documentColumnNames<T>(state: CollectionTable<T>): string[] {
  return ['id', 'json', 'deleted', 'lwt', 'rev', ...state.indexColumns.map((i) => i.column)];
}

function secondaryIndexesOf<T>(
  table: string,
  baseName: string,
  indexColumns: readonly IndexColumn<T>[],
): SecondaryIndex[] {
  // cleanup() looks for old tombstones only; a partial index keeps live documents out of it.
  const tombstones = quoteIdentifier(`tombstones:${baseName}`);
  const indexes: SecondaryIndex[] = [
    {
      name: tombstones,
      create: `CREATE INDEX IF NOT EXISTS ${tombstones} ON ${table} (lwt) WHERE deleted = 1`,
    },
  ];
  indexColumns.forEach((index, position) => {
    const name = quoteIdentifier(`index:${baseName}:${position}`);
    indexes.push({
      name,
      create: `CREATE INDEX IF NOT EXISTS ${name} ON ${table} (${index.column})`,
    });
  });
  return indexes;
}

function createTables<T>(state: CollectionTable<T>, baseName: string): void {
  const { table, file } = state;
  const keyColumns = state.indexColumns.map((index) => `${index.column} BLOB NOT NULL`);
  const ddl = [
    `CREATE TABLE IF NOT EXISTS ${table} (id TEXT PRIMARY KEY NOT NULL, json TEXT NOT NULL,` +
      ` deleted INTEGER NOT NULL, lwt REAL NOT NULL, rev TEXT NOT NULL` +
      keyColumns.map((column) => `, ${column}`).join('') +
      ')',
    ...state.secondaryIndexes.map((index) => index.create),
  ];
  if (state.attachmentsTable) {
    ddl.push(
      `CREATE TABLE IF NOT EXISTS ${state.attachmentsTable} (docId TEXT NOT NULL,` +
        ' attachmentId TEXT NOT NULL, digest TEXT NOT NULL, type TEXT NOT NULL,' +
        ' data BLOB NOT NULL, PRIMARY KEY (docId, attachmentId)) WITHOUT ROWID',
    );
  }
  withoutSchemaFsync(file, () =>
    file.connection.transaction(() => file.connection.exec(ddl.join(';\n'))),
  );
  assertColumnsMatch(state, `docs:${baseName}`);
}

/** A table created by an older build with other indexes at the same version must not be misread. */
function assertColumnsMatch<T>(state: CollectionTable<T>, tableName: string): void {
  const existing = new Set(
    state.file.connection
      .prepare('SELECT name FROM pragma_table_info(?)')
      .rows([tableName])
      .map((row) => quoteIdentifier(String(row[0]))),
  );
  const missing = documentColumnNames(state)
    .map((column) => (column.startsWith('"') ? column : quoteIdentifier(column)))
    .filter((column) => !existing.has(column));
  if (missing.length > 0) {
    throw new Error(
      `Table ${state.table} in ${state.file.filePath} lacks index columns ${missing.join(', ')}: ` +
        'the schema changed without a new schema version.',
    );
  }
}
