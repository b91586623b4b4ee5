import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ensureRxStorageInstanceParamsAreCorrect, RXDB_VERSION } from 'rxdb';
import type { RxStorage, RxStorageInstanceCreationParams } from 'rxdb';
import { betterSqlite3Driver } from './better-sqlite3-driver';
import { acquireCollectionTable } from './collection-table';
import { acquireDatabaseFile, isDatabaseFileOpen, releaseDatabaseFile } from './database-file';
import type { SQLiteDurability } from './database-file';
import type { SqliteDriver } from './sqlite-driver';
import { prepareReadStatements } from './query-runner';
import { RxStorageInstanceSQLite } from './storage-instance';
import type { SQLiteInstanceCreationOptions, SQLiteStorageInternals } from './storage-instance';

export interface SQLiteStorageSettings {
  /** The folder holding one `<database name>.sqlite` file per RxDB database. Created if missing. */
  directory: string;
  /** The SQLite binding; better-sqlite3 unless a test or another runtime passes its own. */
  driver?: SqliteDriver;
  /** 'full' (default) survives power loss; 'normal' only a killed process. See database-file.ts. */
  durability?: SQLiteDurability;
  /** Check the file's structure when it is opened (default true): damage fails at open. */
  checkOnOpen?: boolean;
  /** How long to wait for another process to release the file (default 1000 ms). */
  busyTimeoutMs?: number;
}

export type RxStorageSQLite = RxStorage<SQLiteStorageInternals, SQLiteInstanceCreationOptions> & {
  readonly settings: Readonly<Required<SQLiteStorageSettings>>;
  /** The file that holds (or will hold) the RxDB database with this name. */
  databaseFilePath(databaseName: string): string;
  /** Whether an RxDB database of this name is open on this storage in this process. */
  isDatabaseOpen(databaseName: string): boolean;
  /**
   * A consistent copy of the database in a new file (SQLite's online backup), taken while the app
   * keeps using it. The copy is a plain SQLite file in WAL mode, openable by this storage.
   */
  backupDatabase(databaseName: string, destinationPath: string): Promise<void>;
};

/**
 * A durable, indexed RxStorage for the main process: one SQLite file (WAL mode) per RxDB database
 * in `directory`, one table per collection and schema version, one indexed key column per RxDB
 * index. See README.md beside this file for the design and its limits.
 */
export function getRxStorageSQLite(settings: SQLiteStorageSettings): RxStorageSQLite {
  const full: Required<SQLiteStorageSettings> = {
    directory: resolve(settings.directory),
    driver: settings.driver ?? betterSqlite3Driver,
    durability: settings.durability ?? 'full',
    checkOnOpen: settings.checkOnOpen ?? true,
    busyTimeoutMs: settings.busyTimeoutMs ?? 1000,
  };
  const databaseFilePath = (databaseName: string): string =>
    // Encoded so a database name can never step outside the directory or clash with another.
    join(full.directory, `${encodeURIComponent(databaseName)}.sqlite`);

  return {
    name: 'sqlite-mmm',
    rxdbVersion: RXDB_VERSION,
    settings: full,
    databaseFilePath,
    isDatabaseOpen: (databaseName) => isDatabaseFileOpen(databaseFilePath(databaseName)),
    backupDatabase: async (databaseName, destinationPath) => {
      const filePath = databaseFilePath(databaseName);
      if (!isDatabaseFileOpen(filePath) && !existsSync(filePath)) {
        throw new Error(`There is no database "${databaseName}" to back up (${filePath}).`);
      }
      // Holding a reference keeps the connection open until the copy is done, even if the
      // database is closed meanwhile; the copy goes through the connection that holds the lock.
      const file = acquireDatabaseFile(filePath, full);
      try {
        await file.connection.backup(destinationPath);
      } finally {
        releaseDatabaseFile(file);
      }
    },
    createStorageInstance<RxDocType>(
      params: RxStorageInstanceCreationParams<RxDocType, SQLiteInstanceCreationOptions>,
    ): Promise<RxStorageInstanceSQLite<RxDocType>> {
      try {
        ensureRxStorageInstanceParamsAreCorrect(params);
        mkdirSync(full.directory, { recursive: true });
        const file = acquireDatabaseFile(databaseFilePath(params.databaseName), full);
        try {
          const table = acquireCollectionTable<RxDocType>(
            file,
            params.collectionName,
            params.schema,
            params.devMode,
          );
          prepareReadStatements(table);
          return Promise.resolve(
            new RxStorageInstanceSQLite<RxDocType>(
              params.databaseName,
              params.collectionName,
              params.schema,
              params.options,
              table,
            ),
          );
        } catch (error) {
          releaseDatabaseFile(file);
          throw error;
        }
      } catch (error) {
        return Promise.reject(error instanceof Error ? error : new Error(String(error)));
      }
    },
  };
}
