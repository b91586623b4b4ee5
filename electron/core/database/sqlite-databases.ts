import { join } from 'node:path';
import { getRxStorageSQLite } from '../storage-sqlite';
import { openAppDatabase } from './app-database';
import type { AppDatabase } from './app-database';
import type { ConflictHooks } from './conflict-handler';

/** Local databases as SQLite files in `<dataDir>/databases`, one per person and server. */
export const sqliteDatabases = (dataDir: string) => {
  const storage = getRxStorageSQLite({ directory: join(dataDir, 'databases') });
  return (name: string, conflicts: ConflictHooks): Promise<AppDatabase> =>
    openAppDatabase({ storage, name, conflicts });
};
