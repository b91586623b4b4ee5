import { sqliteErrorCode } from './sqlite-driver';

/**
 * Named errors for the two things a user can actually run into on disk. Both carry the file path
 * so the app can say which file, and neither is ever swallowed: a damaged store must stop the app
 * from writing over it, not be silently recreated empty.
 */

/** The file is not a healthy SQLite database: torn, truncated, overwritten or not SQLite at all. */
export class SQLiteStorageCorruptError extends Error {
  readonly code = 'SQLITE_STORAGE_CORRUPT';
  constructor(
    readonly filePath: string,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(
      `The local database file ${filePath} is damaged (${detail}). ` +
        'It was not modified; restore it from a backup or move it aside to start empty.',
      options,
    );
    this.name = 'SQLiteStorageCorruptError';
  }
}

/** Another process holds the file: only one process may own a store, see README.md. */
export class SQLiteStorageLockedError extends Error {
  readonly code = 'SQLITE_STORAGE_LOCKED';
  constructor(
    readonly filePath: string,
    options?: { cause?: unknown },
  ) {
    super(
      `The local database file ${filePath} is in use by another process. ` +
        'Close the other copy of the app (only one process may open a store at a time).',
      options,
    );
    this.name = 'SQLiteStorageLockedError';
  }
}

const CORRUPTION_CODES = new Set(['SQLITE_CORRUPT', 'SQLITE_NOTADB', 'SQLITE_CORRUPT_INDEX']);
const LOCK_CODES = new Set(['SQLITE_BUSY', 'SQLITE_LOCKED', 'SQLITE_BUSY_SNAPSHOT']);

/** Turns a driver error about the file into one of the named errors; returns others unchanged. */
export function toStorageError(error: unknown, filePath: string): unknown {
  const code = sqliteErrorCode(error);
  if (code === undefined) return error;
  if (CORRUPTION_CODES.has(code) || code.startsWith('SQLITE_CORRUPT')) {
    return new SQLiteStorageCorruptError(filePath, code, { cause: error });
  }
  if (LOCK_CODES.has(code) || code.startsWith('SQLITE_BUSY')) {
    return new SQLiteStorageLockedError(filePath, { cause: error });
  }
  return error;
}

/** Runs `fn`, rethrowing file-level driver errors as named storage errors. */
export function withStorageErrors<T>(filePath: string, fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    throw toStorageError(error, filePath);
  }
}
