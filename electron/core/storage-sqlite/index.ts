export { getRxStorageSQLite } from './rx-storage-sqlite';
export type { RxStorageSQLite, SQLiteStorageSettings } from './rx-storage-sqlite';
export type { SQLiteDurability } from './database-file';
export { RxStorageInstanceSQLite } from './storage-instance';
export type { SQLiteStorageInternals } from './storage-instance';
export { SQLiteStorageCorruptError, SQLiteStorageLockedError } from './storage-errors';
export { betterSqlite3Driver } from './better-sqlite3-driver';
export type { SqliteConnection, SqliteDriver, SqliteStatement, SqlValue } from './sqlite-driver';
