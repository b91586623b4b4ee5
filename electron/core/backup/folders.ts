import { join } from 'node:path';

/** Browser-mode backups and every pre-restore safety copy live here. */
export const backupFolder = (dataDir: string) => join(dataDir, 'backups');

/** Backups being restored are copied here first: same disk as the databases, so renames are atomic. */
export const stagingFolder = (dataDir: string) => join(dataDir, 'restore');
