import { z } from 'zod';
import { command } from './define';

/**
 * What the desktop shell adds for support and safety: backups of the local database and a
 * diagnostics report. Choosing files happens in the host (a dialog in the desktop app; the
 * backups folder in browser mode, whose browser cannot give the core a path) — the renderer never
 * names a path of its own.
 */

/** A backup file's name ends with this; it is an SQLite file with a description inside. */
export const BACKUP_EXTENSION = 'mmm-backup';

export interface BackupSummary {
  /** The file's name (never a path from the renderer's side). */
  readonly fileName: string;
  readonly createdAt: string;
  /** The app version that wrote it. */
  readonly appVersion: string;
  readonly username: string;
  readonly serverUrl: string;
  /** Documents in it, every collection together. */
  readonly documents: number;
  /** Changes that were not on the server yet when it was made. */
  readonly unsynced: number;
  readonly bytes: number;
}

export interface BackupMade extends BackupSummary {
  /** Where it was written, for the person to find it. */
  readonly location: string;
}

/** A backup checked and set aside, waiting for the person to confirm the restore. */
export interface RestorePlan extends BackupSummary {
  readonly id: string;
  /** Changes on this machine not yet on the server, which the restore replaces. */
  readonly unsyncedNow: number;
}

export interface RestoreDone {
  readonly restoredAt: string;
  readonly documents: number;
  /** The data as it was before the restore, itself a backup (in the backups folder). */
  readonly safetyCopy: string;
}

export interface DiagnosticsReport {
  readonly generatedAt: string;
  /** Plain text for a support ticket: versions, folders, sync state, recent problems; no secrets. */
  readonly text: string;
}

const noInput = z.object({}).strict();

export const backupContract = {
  'backup.create': command<BackupMade | null>()(
    noInput,
    'Writes a consistent copy of the local database while the app runs: to a file chosen in a dialog (desktop; null when cancelled) or into the backups folder (browser mode).',
  ),
  'backup.list': command<readonly BackupSummary[]>()(
    noInput,
    'The backups in this installation’s backups folder that belong to the signed-in person and server, newest first.',
  ),
  'backup.prepareRestore': command<RestorePlan | null>()(
    z
      .object({
        /** A backup from `backup.list`; without it the desktop app asks with a dialog. */
        fileName: z.string().min(1).max(255).optional(),
      })
      .strict(),
    'Checks a backup (whose, which server, intact) and holds it for `backup.restore`; null when the dialog was cancelled.',
  ),
  'backup.restore': command<RestoreDone>()(
    z.object({ id: z.string().min(1).max(100) }).strict(),
    'Replaces the local database with a prepared backup, keeping a copy of the current one; sync then reconciles it with the server.',
  ),
  'backup.cancelRestore': command<null>()(
    z.object({ id: z.string().min(1).max(100) }).strict(),
    'Forgets a prepared restore.',
  ),
};

export const diagnosticsContract = {
  'diagnostics.collect': command<DiagnosticsReport>()(
    noInput,
    'Versions, folders, sync state and the last problems in the log, for support. Never a secret.',
  ),
};
