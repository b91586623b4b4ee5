/**
 * The few things the storage needs from an SQLite binding. better-sqlite3 fills it today
 * (better-sqlite3-driver.ts); node:sqlite's DatabaseSync could fill it tomorrow without the storage
 * changing. Everything is synchronous on purpose: a bulkWrite reads the current documents and writes
 * the new ones without yielding, so no other write can interleave and no lock is needed in JS.
 */

/** What SQLite can hand back or take as a parameter. BLOBs arrive as Buffers. */
export type SqlValue = string | number | bigint | Buffer | null;

export interface SqliteStatement {
  /** Runs a statement that returns no rows (INSERT, UPDATE, DELETE, DDL). */
  run(params?: readonly SqlValue[]): { changes: number; lastInsertRowid: number };
  /** Every row, each as an array of column values in SELECT order. */
  rows(params?: readonly SqlValue[]): SqlValue[][];
  /** Rows one at a time, so a caller can stop early without reading the whole range. */
  iterateRows(params?: readonly SqlValue[]): IterableIterator<SqlValue[]>;
}

export interface SqliteConnection {
  /** Prepares (and caches nothing: callers keep the statements they reuse). */
  prepare(sql: string): SqliteStatement;
  /** Runs one or more statements without parameters (schema, pragmas). */
  exec(sql: string): void;
  /** Runs `fn` in a transaction: committed if it returns, rolled back if it throws. */
  transaction<T>(fn: () => T): T;
  /**
   * Copies the whole database into a new file with SQLite's online backup: a consistent snapshot
   * while this connection keeps reading and writing (its own writes during the copy are carried
   * into it). The one asynchronous method: the copy runs in steps so the app is not blocked.
   */
  backup(destinationPath: string): Promise<void>;
  close(): void;
}

export interface SqliteDriver {
  /** A human-readable name for error messages and the benchmark. */
  readonly name: string;
  /** Opens (creating if missing) the database file at an absolute path. */
  open(filePath: string): SqliteConnection;
}

/**
 * SQLite result codes the storage reacts to. Drivers surface them as `error.code`
 * ('SQLITE_BUSY', 'SQLITE_CORRUPT', ...) — better-sqlite3 does so natively.
 */
export function sqliteErrorCode(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    const code = error.code;
    return typeof code === 'string' ? code : undefined;
  }
  return undefined;
}
