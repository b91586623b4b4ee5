import { randomBytes } from 'node:crypto';
import { open, rename, rm, stat } from 'node:fs/promises';
import { z } from 'zod';
import { HostFailure } from '../../../shared/contract';
import { collectionNames, collections } from '../../../shared/schema';
import { betterSqlite3Driver } from '../storage-sqlite';
import type { SqliteConnection, SqliteDriver } from '../storage-sqlite';

/**
 * A backup is the local SQLite database as SQLite's online backup copied it (documents, sync
 * issues and RxDB's replication state, all from one instant), plus one table saying whose it is.
 * Replication state matters: restored, each document still knows which server version it was
 * based on, so sync treats newer server versions as conflicts instead of pushing over them.
 */

export const BACKUP_TABLE = 'mmm_backup';
const APP_NAME = 'MMM Mentor Manager';

export const backupDescriptionSchema = z.object({
  format: z.literal(1),
  app: z.literal(APP_NAME),
  appVersion: z.string().max(100),
  createdAt: z.string().max(40),
  serverUrl: z.string().max(500),
  username: z.string().max(200),
  /** The local database it was copied from (one per person and server). */
  databaseName: z.string().max(200),
  /** Each collection's schema version in the copy. */
  schemaVersions: z.record(z.string().max(100), z.number().int().nonnegative()),
  documents: z.number().int().nonnegative(),
  unsynced: z.number().int().nonnegative(),
});

export type BackupDescription = z.infer<typeof backupDescriptionSchema>;

/** What the backup's writer knows; the copy itself says how many documents it holds. */
export type BackupOwner = Omit<
  BackupDescription,
  'format' | 'app' | 'schemaVersions' | 'documents'
>;

export interface DatabaseBackupSource {
  /** SQLite's online backup of the named local database into `destination`. */
  backup(databaseName: string, destination: string): Promise<void>;
}

const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');
const DOC_TABLE = /^docs:([^:]+):v(\d+)$/;

const notABackup = (why: string) =>
  new HostFailure('invalid_input', `This file is not a backup of ${APP_NAME}: ${why}`);

const withConnection = <T>(driver: SqliteDriver, path: string, use: (c: SqliteConnection) => T) => {
  const connection = driver.open(path);
  try {
    return use(connection);
  } finally {
    connection.close();
  }
};

/** The schema version of each collection table in a database file, and its live documents. */
const readContents = (connection: SqliteConnection) => {
  const schemaVersions: Record<string, number> = {};
  let documents = 0;
  const tables = connection
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
    .rows()
    .map((row) => String(row[0]));
  for (const table of tables) {
    const match = DOC_TABLE.exec(table);
    const collection = match?.[1];
    if (!match || !collection || !(collectionNames as readonly string[]).includes(collection)) {
      continue;
    }
    // Several versions of a table can exist during a migration: the highest is the live one.
    schemaVersions[collection] = Math.max(Number(match[2]), schemaVersions[collection] ?? 0);
    const count = connection
      .prepare(`SELECT count(*) FROM "${table}" WHERE deleted = 0`)
      .rows()[0]?.[0];
    documents += Number(count ?? 0);
  }
  return { schemaVersions, documents };
};

/**
 * Writes a backup of a local database to `destination`: copied beside it under a temporary name,
 * described, switched to a single-file journal (a backup is one file to carry around), then
 * renamed into place — a failed or interrupted backup never leaves a half file under the name.
 */
export const writeBackup = async (options: {
  readonly source: DatabaseBackupSource;
  readonly destination: string;
  readonly owner: BackupOwner;
  readonly driver?: SqliteDriver;
}): Promise<{ description: BackupDescription; bytes: number }> => {
  const partial = `${options.destination}.${randomBytes(4).toString('hex')}.partial`;
  try {
    await options.source.backup(options.owner.databaseName, partial);
    const description = withConnection(options.driver ?? betterSqlite3Driver, partial, (c) => {
      c.exec('PRAGMA journal_mode = DELETE');
      const description: BackupDescription = {
        format: 1,
        app: APP_NAME,
        ...options.owner,
        ...readContents(c),
      };
      c.exec(`CREATE TABLE ${BACKUP_TABLE} (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL)`);
      c.prepare(`INSERT INTO ${BACKUP_TABLE} (key, value) VALUES ('description', ?)`).run([
        JSON.stringify(description),
      ]);
      return description;
    });
    await rename(partial, options.destination);
    return { description, bytes: (await stat(options.destination)).size };
  } catch (error) {
    for (const suffix of ['', '-journal', '-wal', '-shm'])
      await rm(partial + suffix, { force: true });
    throw error;
  }
};

/**
 * Reads what a backup file says it is. `check` also verifies every page (quick_check) and the
 * collections' schema versions against this app's: a damaged file, another program's file or a
 * backup from a newer app is refused with a reason, never half-restored.
 */
export const readBackup = async (
  path: string,
  options: { readonly check: boolean; readonly driver?: SqliteDriver },
): Promise<{ description: BackupDescription; bytes: number }> => {
  const info = await stat(path).catch(() => undefined);
  if (!info?.isFile()) throw notABackup('it cannot be read.');
  const header = Buffer.alloc(SQLITE_MAGIC.length);
  const handle = await open(path, 'r');
  try {
    await handle.read(header, 0, header.length, 0);
  } finally {
    await handle.close();
  }
  if (!header.equals(SQLITE_MAGIC)) throw notABackup('it is not an SQLite database.');
  let raw: unknown;
  try {
    raw = withConnection(options.driver ?? betterSqlite3Driver, path, (c) => {
      if (options.check) {
        const problems = c
          .prepare('PRAGMA quick_check')
          .rows()
          .map((row) => String(row[0]));
        if (problems.length !== 1 || problems[0] !== 'ok') {
          throw notABackup(`it is damaged (${problems.slice(0, 2).join('; ')}).`);
        }
      }
      const row = c
        .prepare(`SELECT value FROM ${BACKUP_TABLE} WHERE key = 'description'`)
        .rows()[0];
      const contents = options.check ? readContents(c) : undefined;
      return { description: row?.[0], contents };
    });
  } catch (error) {
    if (error instanceof HostFailure) throw error;
    throw notABackup(error instanceof Error ? error.message : String(error));
  }
  const { description: text, contents } = raw as {
    description: unknown;
    contents?: ReturnType<typeof readContents>;
  };
  let parsed: ReturnType<typeof backupDescriptionSchema.safeParse>;
  try {
    parsed = backupDescriptionSchema.safeParse(typeof text === 'string' ? JSON.parse(text) : text);
  } catch {
    throw notABackup('its description cannot be read.');
  }
  if (!parsed.success) throw notABackup('it does not say whose data it holds.');
  if (contents) {
    for (const [collection, version] of Object.entries(contents.schemaVersions)) {
      const ours = collections[collection as keyof typeof collections].version;
      if (version > ours) {
        throw new HostFailure(
          'invalid_input',
          `This backup was made by a newer version of the app (${parsed.data.appVersion}); update the app to restore it.`,
        );
      }
    }
  }
  return { description: parsed.data, bytes: info.size };
};

/** Turns a checked copy of a backup into a plain local database file (its description removed). */
export const stripBackupDescription = (
  path: string,
  driver: SqliteDriver = betterSqlite3Driver,
) => {
  withConnection(driver, path, (c) => {
    c.exec(`DROP TABLE IF EXISTS ${BACKUP_TABLE}`);
  });
};
