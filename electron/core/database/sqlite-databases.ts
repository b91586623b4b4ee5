import { join } from 'node:path';
import { getRxStorageSQLite } from '../storage-sqlite';
import { openAppDatabase } from './app-database';
import type { AppDatabase } from './app-database';
import type { RecordLostChange } from './conflict-handler';

/** Local databases as SQLite files in `<dataDir>/databases`, one per person and server. */
export const sqliteDatabases = (dataDir: string) => {
  const storage = getRxStorageSQLite({ directory: join(dataDir, 'databases') });
  return (name: string, recordLost: RecordLostChange): Promise<AppDatabase> =>
    openAppDatabase({ storage, name, recordLost });
};
