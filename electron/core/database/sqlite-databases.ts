import { join } from 'node:path';
import { getRxStorageSQLite } from '../storage-sqlite';
import { openAppDatabase } from './app-database';
import type { AppDatabase } from './app-database';
import type { ConflictHooks } from './conflict-handler';

const databasesFolder = (dataDir: string) => join(dataDir, 'databases');

/** Local databases as SQLite files in `<dataDir>/databases`, one per person and server. */
export const sqliteDatabases = (dataDir: string) => {
  const storage = getRxStorageSQLite({ directory: databasesFolder(dataDir) });
  return (name: string, conflicts: ConflictHooks): Promise<AppDatabase> =>
    openAppDatabase({ storage, name, conflicts });
};

/** The files behind the local databases, for backups and restores. */
export interface DatabaseFiles {
  filePath(name: string): string;
  /** Whether the database is open in this process (its file must not be replaced then). */
  isOpen(name: string): boolean;
  /** SQLite's online backup: a consistent copy while the database is in use. */
  backup(name: string, destination: string): Promise<void>;
}

export const sqliteDatabaseFiles = (dataDir: string): DatabaseFiles => {
  // The storage keeps one connection per file for the whole process, so this storage object
  // reaches the connection the app's database is using.
  const storage = getRxStorageSQLite({ directory: databasesFolder(dataDir) });
  return {
    filePath: (name) => storage.databaseFilePath(name),
    isOpen: (name) => storage.isDatabaseOpen(name),
    backup: (name, destination) => storage.backupDatabase(name, destination),
  };
};
