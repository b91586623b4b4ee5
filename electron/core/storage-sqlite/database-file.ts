import { rmSync, statSync, utimesSync } from 'node:fs';
import { uncacheFile } from './document-cache';
import type { SqliteConnection, SqliteDriver } from './sqlite-driver';
import { SQLiteStorageCorruptError, withStorageErrors } from './storage-errors';

/**
 * How hard a commit is pushed to disk.
 * - 'full' (default): SQLite fsyncs the WAL on every commit, so a resolved write survives a kill
 *   *and* a power cut. Measured here: ~0.5 ms per commit.
 * - 'normal': WAL + synchronous=NORMAL survives a killed process (the WAL is in the OS cache) but a
 *   power cut may lose the last commits. For benchmarks and throw-away stores.
 */
export type SQLiteDurability = 'full' | 'normal';

export interface DatabaseFileOptions {
  driver: SqliteDriver;
  durability: SQLiteDurability;
  /** Run `PRAGMA quick_check` on open, so a damaged file fails loudly before anything is written. */
  checkOnOpen: boolean;
  /** How long to wait for another process to let go of the file before failing with a lock error. */
  busyTimeoutMs: number;
}

/** One open SQLite file, shared by every storage instance of that RxDB database in this process. */
export interface DatabaseFile {
  readonly filePath: string;
  readonly connection: SqliteConnection;
  readonly durability: SQLiteDurability;
  refCount: number;
}

/**
 * A process-wide registry: one connection per file. Instances of the same database therefore see
 * each other's writes immediately and at most one connection ever holds the file's lock.
 */
const OPEN_FILES = new Map<string, DatabaseFile>();

/**
 * What each file looked like when this process last closed it. The document cache keeps a closed
 * file's documents only while the file is untouched since: at the next open, anything else (no
 * fingerprint, or another one) drops them.
 */
const CLOSED_FINGERPRINTS = new Map<string, string>();

/**
 * Identity, size, modification and change times of the file and its WAL. At close the file's mtime
 * is set two seconds back (`backdateAfterClose`), so a write by anyone afterwards — even within the
 * same coarse clock tick as the close — moves it forward; the ctime, which no program can set,
 * moves with any write, rename or utimes call; a file put in its place (a restored backup) has
 * another inode.
 */
function fingerprint(filePath: string): string {
  return ['', '-wal']
    .map((suffix) => {
      const stat = statSync(filePath + suffix, { bigint: true, throwIfNoEntry: false });
      return stat ? `${stat.dev}:${stat.ino}:${stat.size}:${stat.mtimeNs}:${stat.ctimeNs}` : '-';
    })
    .join('|');
}

function backdateAfterClose(filePath: string): void {
  try {
    const stat = statSync(filePath);
    utimesSync(filePath, stat.atime, new Date(stat.mtimeMs - 2000));
    CLOSED_FINGERPRINTS.set(filePath, fingerprint(filePath));
  } catch {
    // Without a fingerprint the next open simply does not trust the cached documents.
    CLOSED_FINGERPRINTS.delete(filePath);
  }
}

export function acquireDatabaseFile(filePath: string, options: DatabaseFileOptions): DatabaseFile {
  const open = OPEN_FILES.get(filePath);
  if (open) {
    open.refCount += 1;
    return open;
  }
  const closedAs = CLOSED_FINGERPRINTS.get(filePath);
  CLOSED_FINGERPRINTS.delete(filePath);
  if (closedAs === undefined || closedAs !== fingerprint(filePath)) uncacheFile(filePath);
  const connection = withStorageErrors(filePath, () => options.driver.open(filePath));
  try {
    withStorageErrors(filePath, () => configureConnection(connection, filePath, options));
  } catch (error) {
    connection.close();
    throw error;
  }
  const file: DatabaseFile = { filePath, connection, durability: options.durability, refCount: 1 };
  OPEN_FILES.set(filePath, file);
  return file;
}

/** Whether this process has the file open now (an RxDB database on it not yet closed). */
export function isDatabaseFileOpen(filePath: string): boolean {
  return OPEN_FILES.has(filePath);
}

/** Drops one reference; the last one closes the connection (and deletes the file if now empty). */
export function releaseDatabaseFile(file: DatabaseFile): void {
  file.refCount -= 1;
  if (file.refCount > 0) return;
  OPEN_FILES.delete(file.filePath);
  const tableCount = withStorageErrors(file.filePath, () => {
    const rows = file.connection.prepare("SELECT count(*) FROM sqlite_master WHERE type = 'table'");
    return Number(rows.rows()[0]?.[0] ?? 0);
  });
  file.connection.close();
  // A database whose every collection was removed leaves nothing worth keeping on disk.
  if (tableCount === 0) {
    for (const suffix of ['', '-wal', '-shm']) rmSync(file.filePath + suffix, { force: true });
    uncacheFile(file.filePath);
  } else {
    backdateAfterClose(file.filePath);
  }
}

/**
 * Runs `fn` (schema changes that carry no documents) with synchronous=NORMAL: its commit skips the
 * fsync. Nothing is weakened: WAL frames are fsynced in order, so the next document write's commit
 * (fsynced under 'full') makes these durable too; a power cut before that can only lose an empty
 * table, which the next open creates again. Saves ~0.5-1 ms per collection at database creation.
 */
export function withoutSchemaFsync<T>(file: DatabaseFile, fn: () => T): T {
  if (file.durability !== 'full') return fn();
  file.connection.exec('PRAGMA synchronous = NORMAL');
  try {
    return fn();
  } finally {
    file.connection.exec('PRAGMA synchronous = FULL');
  }
}

function configureConnection(
  connection: SqliteConnection,
  filePath: string,
  options: DatabaseFileOptions,
): void {
  connection.exec(`PRAGMA busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs))}`);
  // EXCLUSIVE: this process keeps the file's lock until close. A second process gets a clear
  // SQLiteStorageLockedError instead of a store whose change stream would miss the other's writes.
  // It also keeps the WAL index in heap memory (no -shm mapping), which is slightly faster.
  connection.exec('PRAGMA locking_mode = EXCLUSIVE');
  const mode = connection.prepare('PRAGMA journal_mode = WAL').rows()[0]?.[0];
  if (mode !== 'wal')
    throw new Error(`SQLite refused WAL mode for ${filePath} (got ${String(mode)})`);
  connection.exec(`PRAGMA synchronous = ${options.durability === 'full' ? 'FULL' : 'NORMAL'}`);
  // Take the write lock now rather than at the first write, so "in use elsewhere" fails at open.
  connection.exec('BEGIN IMMEDIATE; COMMIT');
  connection.exec('PRAGMA cache_size = -32000; PRAGMA temp_store = MEMORY');
  if (options.checkOnOpen) {
    const problems = connection
      .prepare('PRAGMA quick_check')
      .rows()
      .map((row) => String(row[0]));
    if (problems.length !== 1 || problems[0] !== 'ok') {
      throw new SQLiteStorageCorruptError(filePath, problems.slice(0, 3).join('; '));
    }
  }
}
