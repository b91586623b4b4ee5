// What the menu's own entries do. Each is glue: a native dialog or shell call around a host
// command, so the work itself (backups, diagnostics) is the core's, tested in plain Node.
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { App, BrowserWindow, Clipboard, Dialog, Shell } from 'electron';
import { BACKUP_EXTENSION } from '../../shared/contract';
import type { CommandName, HostResult, InputOf, ResultOf } from '../../shared/contract';
import type { BackupDialogs } from '../core/backup/backup-feature';
import type { Host } from '../core/host/host';
import type { Logger } from '../core/platform/logger';
import type { MenuActions } from './app-menu';
import { APP_NAME } from './app-menu';

export interface DesktopDeps {
  readonly host: Pick<Host, 'call'>;
  readonly dialog: Pick<Dialog, 'showSaveDialog' | 'showOpenDialog' | 'showMessageBox'>;
  readonly shell: Pick<Shell, 'openPath'>;
  readonly clipboard: Pick<Clipboard, 'writeText'>;
  readonly app: Pick<App, 'getPath' | 'showAboutPanel'>;
  /** The main window, when there is one. */
  readonly window: () => BrowserWindow | undefined;
  readonly dataDir: string;
  readonly logsDir: string;
  readonly logger: Logger;
  readonly writeFile?: (path: string, data: Buffer) => Promise<void>;
}

const backupFilter = { name: `${APP_NAME} backup`, extensions: [BACKUP_EXTENSION] };

/** The host's commands, called from the main process as the renderer would call them. */
const call = async <N extends CommandName>(
  host: Pick<Host, 'call'>,
  name: N,
  input: InputOf<N>,
): Promise<HostResult<ResultOf<N>>> =>
  (await host.call(name, input, { transport: 'memory' })) as HostResult<ResultOf<N>>;

/** Native file dialogs for the core's backups (the core never imports Electron). */
export const createBackupDialogs = (
  deps: Pick<DesktopDeps, 'dialog' | 'app' | 'window'>,
): BackupDialogs => ({
  chooseBackupDestination: async (suggestedName) => {
    const options = {
      title: 'Back up my data',
      defaultPath: join(deps.app.getPath('documents'), suggestedName),
      filters: [backupFilter],
    };
    const window = deps.window();
    const answer = window
      ? await deps.dialog.showSaveDialog(window, options)
      : await deps.dialog.showSaveDialog(options);
    if (answer.canceled || !answer.filePath) return null;
    // Linux's dialog adds no extension; without one the restore dialog's filter would hide it.
    const withExtension = `${answer.filePath}.${BACKUP_EXTENSION}`;
    return answer.filePath.endsWith(`.${BACKUP_EXTENSION}`) || existsSync(withExtension)
      ? answer.filePath
      : withExtension;
  },
  chooseBackupToRestore: async () => {
    const options = {
      title: 'Restore from a backup',
      defaultPath: deps.app.getPath('documents'),
      filters: [backupFilter],
      properties: ['openFile' as const],
    };
    const window = deps.window();
    const answer = window
      ? await deps.dialog.showOpenDialog(window, options)
      : await deps.dialog.showOpenDialog(options);
    return answer.canceled ? null : (answer.filePaths[0] ?? null);
  },
});

export const createDesktopActions = (deps: DesktopDeps): MenuActions => {
  const tell = async (
    type: 'info' | 'error' | 'warning',
    message: string,
    detail?: string,
    buttons = ['OK'],
  ) => {
    const options = { type, message, buttons, ...(detail ? { detail } : {}), noLink: true };
    const window = deps.window();
    return window
      ? deps.dialog.showMessageBox(window, options)
      : deps.dialog.showMessageBox(options);
  };
  // A menu click has nobody to answer: whatever fails is shown and logged, never thrown.
  const guarded = (what: string, work: () => Promise<void>) => () => {
    work().catch((error: unknown) => {
      deps.logger.error(`menu: ${what} failed`, error);
      void tell(
        'error',
        `${what} did not work.`,
        error instanceof Error ? error.message : String(error),
      );
    });
  };
  const open = (what: string, folder: string) =>
    guarded(what, async () => {
      const problem = await deps.shell.openPath(folder);
      if (problem) throw new Error(`${folder}: ${problem}`);
    });

  return {
    print: () => {
      deps.window()?.webContents.print({}, (success, reason) => {
        if (!success && reason !== 'cancelled')
          deps.logger.warn(`menu: printing failed: ${reason}`);
      });
    },
    exportPdf: guarded('Export PDF', async () => {
      const window = deps.window();
      if (!window) return;
      const answer = await deps.dialog.showSaveDialog(window, {
        title: 'Export PDF',
        defaultPath: join(deps.app.getPath('documents'), `${APP_NAME}.pdf`),
        filters: [{ name: 'PDF', extensions: ['pdf'] }],
      });
      if (answer.canceled || !answer.filePath) return;
      const pdf = await window.webContents.printToPDF({ printBackground: true });
      await (deps.writeFile ?? writeFile)(answer.filePath, pdf);
    }),
    backUp: guarded('Back up my data', async () => {
      const result = await call(deps.host, 'backup.create', {});
      if (!result.ok) {
        await tell('error', 'The backup was not made.', result.error.message);
        return;
      }
      if (!result.value) return;
      const made = result.value;
      await tell(
        'info',
        'Your data is backed up.',
        `${made.documents} documents of ${made.username}, written to ${made.location}.` +
          (made.unsynced > 0
            ? ` ${made.unsynced} change(s) in it were not on the server yet.`
            : ''),
      );
    }),
    restore: guarded('Restore from a backup', async () => {
      const prepared = await call(deps.host, 'backup.prepareRestore', {});
      if (!prepared.ok) {
        await tell('error', 'This backup cannot be restored.', prepared.error.message);
        return;
      }
      const plan = prepared.value;
      if (!plan) return;
      const when = new Date(plan.createdAt).toLocaleString();
      const answer = await tell(
        'warning',
        `Restore the backup of ${when}?`,
        [
          `It holds ${plan.documents} documents of ${plan.username} on ${plan.serverUrl}` +
            (plan.unsynced > 0 ? `, ${plan.unsynced} of them changes not synced then.` : '.'),
          `It replaces the data on this machine` +
            (plan.unsyncedNow > 0
              ? `, including ${plan.unsyncedNow} change(s) not on the server yet.`
              : '.') +
            ' A copy of the current data is kept in the backups folder.',
          'Then sync sends what the backup holds that the server does not; anything newer on the server stays, and both versions of an edit made on both sides are kept as a conflict.',
        ].join('\n\n'),
        ['Restore', 'Cancel'],
      );
      if (answer.response !== 0) {
        await call(deps.host, 'backup.cancelRestore', { id: plan.id });
        return;
      }
      const done = await call(deps.host, 'backup.restore', { id: plan.id });
      if (!done.ok) {
        await tell('error', 'The backup was not restored.', done.error.message);
        return;
      }
      await tell(
        'info',
        'The backup is restored.',
        `${done.value.documents} documents are back. The data from before is kept in ${done.value.safetyCopy}.`,
      );
    }),
    openDataFolder: open('Open data folder', deps.dataDir),
    showLogs: open('Show logs', deps.logsDir),
    copyDiagnostics: guarded('Copy diagnostics', async () => {
      const report = await call(deps.host, 'diagnostics.collect', {});
      if (!report.ok) throw new Error(report.error.message);
      await deps.clipboard.writeText(report.value.text);
      await tell(
        'info',
        'The diagnostics are on the clipboard.',
        'Paste them into your message to support. They hold versions, folders and the sync state — no password.',
      );
    }),
    about: () => {
      deps.app.showAboutPanel();
    },
  };
};
