import { randomBytes } from 'node:crypto';
import { access, copyFile, mkdir, readdir, rename, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { firstValueFrom, timeout } from 'rxjs';
import { BACKUP_EXTENSION, HostFailure } from '../../../shared/contract';
import type { BackupMade, BackupSummary, RestorePlan } from '../../../shared/contract';
import type { DatabaseFiles } from '../database/sqlite-databases';
import type { Feature } from '../host/registry';
import type { Clock } from '../platform/clock';
import type { Logger } from '../platform/logger';
import { localDatabaseName } from '../session/session-manager';
import type { SessionManager, SignedIn } from '../session/session-manager';
import { readBackup, stripBackupDescription, writeBackup } from './backup-file';
import { backupFolder, stagingFolder } from './folders';
import type { BackupDescription } from './backup-file';

/** File choosing in the desktop app (native dialogs); browser mode has none and uses the folder. */
export interface BackupDialogs {
  /** Where to write a backup, or null when the person cancelled. */
  chooseBackupDestination(suggestedName: string): Promise<string | null>;
  /** Which backup to restore, or null when the person cancelled. */
  chooseBackupToRestore(): Promise<string | null>;
}

export interface BackupDeps {
  readonly sessions: SessionManager;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly dataDir: string;
  readonly version: string;
  /** The SQLite files behind the local databases; absent on memory storage (tests). */
  readonly databases?: DatabaseFiles;
  readonly dialogs?: BackupDialogs;
}

const MOST_LISTED = 50;
const SQLITE_SIDE_FILES = ['', '-wal', '-shm', '-journal'];

const signedIn = (sessions: SessionManager): SignedIn => {
  const current = sessions.current();
  if (!current) throw new HostFailure('forbidden', 'Sign in first: a backup is of your own data.');
  return current;
};

const normaliseUrl = (url: string) => url.trim().replace(/\/+$/, '');
const belongsTo = (description: BackupDescription, current: SignedIn) =>
  description.username === current.user.name &&
  normaliseUrl(description.serverUrl) === normaliseUrl(current.serverUrl);

/** A file name for a person and a moment: `MMM backup ada 2025-03-04 0506.mmm-backup`. */
export const backupFileName = (prefix: string, username: string, at: Date) => {
  const stamp = at.toISOString().slice(0, 16).replace('T', ' ').replace(':', '');
  const who = username.replace(/[^\p{L}\p{N}_.-]+/gu, '-').slice(0, 60) || 'someone';
  return `${prefix} ${who} ${stamp}.${BACKUP_EXTENSION}`;
};

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

/** `name`, or `name (2)`… when taken: a backup in the folder is never overwritten. */
const freePath = async (folder: string, name: string) => {
  const stem = name.slice(0, -(BACKUP_EXTENSION.length + 1));
  for (let n = 1; ; n += 1) {
    const path = join(folder, n === 1 ? name : `${stem} (${n}).${BACKUP_EXTENSION}`);
    if (!(await exists(path))) return path;
  }
};

/** A name of a backup in the backups folder, as `backup.list` gave it: nothing else is opened. */
const isBackupName = (name: string) =>
  basename(name) === name &&
  !name.startsWith('.') &&
  !/[\\/\0:]/.test(name) &&
  name.endsWith(`.${BACKUP_EXTENSION}`);

const unsyncedOf = async (current: SignedIn) =>
  firstValueFrom(current.engine.status$.pipe(timeout({ first: 2000 }))).then(
    (status) => status.outboxTotal,
    () => 0,
  );

const summaryOf = (fileName: string, d: BackupDescription, bytes: number): BackupSummary => ({
  fileName,
  createdAt: d.createdAt,
  appVersion: d.appVersion,
  username: d.username,
  serverUrl: d.serverUrl,
  documents: d.documents,
  unsynced: d.unsynced,
  bytes,
});

interface PendingRestore {
  readonly id: string;
  readonly staged: string;
  readonly description: BackupDescription;
}

/**
 * "Back up my data" and "Restore": a consistent copy of the signed-in person's database while the
 * app runs, and putting one back (same person, same server) with sync reconciling it afterwards.
 */
export const createBackupFeature = (deps: BackupDeps) => {
  let pending: PendingRestore | undefined;
  // One backup or restore at a time: a restore must not swap the file under a running copy.
  let queue: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(work: () => Promise<T>): Promise<T> => {
    const run = queue.then(work, work);
    queue = run.catch(() => undefined);
    return run;
  };

  const databases = (): DatabaseFiles => {
    if (!deps.databases) {
      throw new HostFailure('unavailable', 'Backups need the app’s SQLite store.');
    }
    return deps.databases;
  };

  const forget = async () => {
    const was = pending;
    pending = undefined;
    if (was) for (const suffix of SQLITE_SIDE_FILES) await rm(was.staged + suffix, { force: true });
  };

  const backUp = async (current: SignedIn, destination: string) => {
    const { description, bytes } = await writeBackup({
      source: databases(),
      destination,
      owner: {
        appVersion: deps.version,
        createdAt: deps.clock.now().toISOString(),
        serverUrl: current.serverUrl,
        username: current.user.name,
        databaseName: localDatabaseName(current.serverUrl, current.user.name),
        unsynced: await unsyncedOf(current),
      },
    });
    deps.logger.info(`backup: ${description.documents} documents written to ${destination}`);
    return { description, bytes };
  };

  const create = async (): Promise<BackupMade | null> => {
    const current = signedIn(deps.sessions);
    databases();
    const name = backupFileName('MMM backup', current.user.name, deps.clock.now());
    let destination: string | null;
    if (deps.dialogs) {
      destination = await deps.dialogs.chooseBackupDestination(name);
      if (destination === null) return null;
    } else {
      await mkdir(backupFolder(deps.dataDir), { recursive: true });
      destination = await freePath(backupFolder(deps.dataDir), name);
    }
    const target = destination;
    return exclusive(async () => {
      // Signed out or switched while the dialog was open: back up whoever is signed in now.
      const now = signedIn(deps.sessions);
      const { description, bytes } = await backUp(now, target);
      return { ...summaryOf(basename(target), description, bytes), location: target };
    });
  };

  const list = async (): Promise<BackupSummary[]> => {
    const current = signedIn(deps.sessions);
    const folder = backupFolder(deps.dataDir);
    const names = await readdir(folder).catch(() => [] as string[]);
    const found: BackupSummary[] = [];
    for (const name of names.filter(isBackupName)) {
      try {
        const { description, bytes } = await readBackup(join(folder, name), { check: false });
        if (belongsTo(description, current)) found.push(summaryOf(name, description, bytes));
      } catch (error) {
        const why = error instanceof Error ? error.message : String(error);
        deps.logger.warn(`backup: ${name} in the backups folder cannot be read: ${why}`);
      }
    }
    return found.sort((a, b) => b.createdAt.localeCompare(a.createdAt)).slice(0, MOST_LISTED);
  };

  const prepareRestore = async (fileName: string | undefined): Promise<RestorePlan | null> => {
    const current = signedIn(deps.sessions);
    databases();
    let source: string | null;
    if (fileName !== undefined) {
      if (!isBackupName(fileName)) {
        throw new HostFailure('invalid_input', 'Choose a backup from the backups folder.');
      }
      source = join(backupFolder(deps.dataDir), fileName);
    } else if (deps.dialogs) {
      source = await deps.dialogs.chooseBackupToRestore();
      if (source === null) return null;
    } else {
      throw new HostFailure('invalid_input', 'Choose a backup from the backups folder.');
    }
    await forget();
    await mkdir(stagingFolder(deps.dataDir), { recursive: true });
    // The restore uses this copy: what was checked and confirmed is exactly what gets restored.
    const id = randomBytes(12).toString('hex');
    const staged = join(stagingFolder(deps.dataDir), `${id}.sqlite`);
    try {
      await copyFile(source, staged);
      const { description, bytes } = await readBackup(staged, { check: true });
      if (!belongsTo(description, current)) {
        throw new HostFailure(
          'forbidden',
          `This backup holds ${description.username}’s data on ${description.serverUrl}. ` +
            `Only ${description.username}, signed in to that server, can restore it.`,
        );
      }
      pending = { id, staged, description };
      return {
        ...summaryOf(basename(source), description, bytes),
        id,
        unsyncedNow: await unsyncedOf(current),
      };
    } catch (error) {
      for (const suffix of SQLITE_SIDE_FILES) await rm(staged + suffix, { force: true });
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        throw new HostFailure('not_found', `There is no backup at ${source}.`);
      }
      throw error;
    }
  };

  const restore = (id: string) =>
    exclusive(async () => {
      const plan = pending;
      if (plan?.id !== id) {
        throw new HostFailure(
          'not_found',
          'This restore is no longer prepared: choose the backup again.',
        );
      }
      const current = signedIn(deps.sessions);
      if (!belongsTo(plan.description, current)) {
        throw new HostFailure(
          'forbidden',
          'Someone else is signed in now: choose the backup again.',
        );
      }
      const files = databases();
      // The data as it is now, as a backup of its own: a restore can itself be undone.
      await mkdir(backupFolder(deps.dataDir), { recursive: true });
      const safetyCopy = await freePath(
        backupFolder(deps.dataDir),
        backupFileName('Before restore', current.user.name, deps.clock.now()),
      );
      await backUp(current, safetyCopy);
      stripBackupDescription(plan.staged);

      let aside = '';
      const replacing = deps.sessions.replaceDatabase(async (databaseName) => {
        if (files.isOpen(databaseName)) {
          throw new Error(`The database ${databaseName} is still open; it cannot be replaced.`);
        }
        const live = files.filePath(databaseName);
        aside = `${live}.replaced`;
        // A closed database leaves no WAL, but any side file must go with its database: SQLite
        // would replay a stale WAL onto the restored file.
        for (const suffix of SQLITE_SIDE_FILES) {
          await rm(aside + suffix, { force: true });
          if (await exists(live + suffix)) await rename(live + suffix, aside + suffix);
        }
        await rename(plan.staged, live);
        return {
          undo: async () => {
            for (const suffix of SQLITE_SIDE_FILES) {
              await rm(live + suffix, { force: true });
              if (await exists(aside + suffix)) await rename(aside + suffix, live + suffix);
            }
          },
        };
      });
      await replacing.catch((error: unknown) => {
        deps.logger.error('backup: the restore failed; the data is as it was', error);
        throw new HostFailure(
          'unavailable',
          `The backup could not be restored (${error instanceof Error ? error.message : String(error)}). Your data is as it was before; a copy of it is in ${safetyCopy}.`,
        );
      });
      pending = undefined;
      for (const suffix of SQLITE_SIDE_FILES) await rm(aside + suffix, { force: true });
      deps.logger.info(
        `backup: restored ${plan.description.documents} documents from ${plan.description.createdAt}`,
      );
      return {
        restoredAt: deps.clock.now().toISOString(),
        documents: plan.description.documents,
        safetyCopy,
      };
    });

  const feature: Feature = {
    name: 'backup',
    commands: {
      'backup.create': () => create(),
      'backup.list': () => list(),
      'backup.prepareRestore': ({ fileName }) => prepareRestore(fileName),
      'backup.restore': ({ id }) => restore(id),
      'backup.cancelRestore': async ({ id }) => {
        if (pending?.id === id) await forget();
        return null;
      },
    },
  };

  return {
    feature,
    /** Removes restores prepared but never confirmed (also those a crash left behind). */
    close: async () => {
      pending = undefined;
      await rm(stagingFolder(deps.dataDir), { recursive: true, force: true });
    },
  };
};
