// The menu's own entries, with Electron's dialog, shell and clipboard replaced by fakes.
import { describe, expect, it, vi } from 'vitest';
import { fail, ok } from '../../shared/contract';
import type { HostResult } from '../../shared/contract';
import { createBackupDialogs, createDesktopActions } from './desktop-actions';
import type { DesktopDeps } from './desktop-actions';

const plan = {
  id: 'plan-1',
  fileName: 'MMM backup ada.mmm-backup',
  createdAt: '2025-03-04T05:06:07.000Z',
  appVersion: '0.1.0',
  username: 'ada',
  serverUrl: 'https://sync.example.org',
  documents: 120,
  unsynced: 2,
  unsyncedNow: 1,
  bytes: 4096,
};

const setUp = (answers: Record<string, HostResult<unknown>>, messageResponse = 0) => {
  const calls: [string, unknown][] = [];
  const window = {
    webContents: {
      print: vi.fn(),
      printToPDF: vi.fn(() => Promise.resolve(Buffer.from('%PDF-1.7'))),
    },
  };
  const deps = {
    host: {
      call: vi.fn((name: unknown, input: unknown) => {
        calls.push([String(name), input]);
        return Promise.resolve(answers[String(name)] ?? ok(null));
      }),
    },
    dialog: {
      showSaveDialog: vi.fn(() =>
        Promise.resolve({ canceled: false, filePath: '/home/ada/out.pdf' }),
      ),
      showOpenDialog: vi.fn(() =>
        Promise.resolve({ canceled: false, filePaths: ['/media/usb/ada.mmm-backup'] }),
      ),
      showMessageBox: vi.fn(() =>
        Promise.resolve({ response: messageResponse, checkboxChecked: false }),
      ),
    },
    shell: { openPath: vi.fn(() => Promise.resolve('')) },
    clipboard: { writeText: vi.fn() },
    app: { getPath: vi.fn(() => '/home/ada/Documents'), showAboutPanel: vi.fn() },
    window: () => window,
    dataDir: '/home/ada/.config/MMM Mentor Manager',
    logsDir: '/home/ada/.config/MMM Mentor Manager/logs',
    logger: { info: vi.fn(), warn: vi.fn(), error: vi.fn() },
    writeFile: vi.fn(() => Promise.resolve()),
  };
  const actions = createDesktopActions(deps as unknown as DesktopDeps);
  const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
  return { deps, actions, calls, window, settle };
};

describe('the desktop actions', () => {
  it('restores only after the person confirms, telling them what will happen', async () => {
    const { deps, actions, calls, settle } = setUp({
      'backup.prepareRestore': ok(plan),
      'backup.restore': ok({
        restoredAt: 'now',
        documents: 120,
        safetyCopy: '/b/before.mmm-backup',
      }),
    });
    actions.restore();
    await settle();
    expect(calls.map(([name]) => name)).toEqual(['backup.prepareRestore', 'backup.restore']);
    expect(calls[1]?.[1]).toEqual({ id: 'plan-1' });
    const [, confirm] = deps.dialog.showMessageBox.mock.calls[0] as unknown as [
      unknown,
      { detail: string; buttons: string[] },
    ];
    expect(confirm.buttons).toEqual(['Restore', 'Cancel']);
    expect(confirm.detail).toContain('120 documents of ada on https://sync.example.org');
    expect(confirm.detail).toContain('1 change(s) not on the server yet');
    expect(confirm.detail).toContain('anything newer on the server stays');
  });

  it('forgets the prepared restore when the person cancels', async () => {
    const { actions, calls, settle } = setUp({ 'backup.prepareRestore': ok(plan) }, 1);
    actions.restore();
    await settle();
    expect(calls.map(([name]) => name)).toEqual(['backup.prepareRestore', 'backup.cancelRestore']);
  });

  it('shows the host’s reason when a backup cannot be restored', async () => {
    const { deps, actions, calls, settle } = setUp({
      'backup.prepareRestore': fail('forbidden', 'This backup holds bob’s data.'),
    });
    actions.restore();
    await settle();
    expect(calls).toHaveLength(1);
    expect(deps.dialog.showMessageBox).toHaveBeenCalledWith(
      expect.anything(),
      expect.objectContaining({ type: 'error', detail: 'This backup holds bob’s data.' }),
    );
  });

  it('copies the diagnostics to the clipboard', async () => {
    const { deps, actions, settle } = setUp({
      'diagnostics.collect': ok({ generatedAt: 'now', text: 'MMM Mentor Manager 0.1.0' }),
    });
    actions.copyDiagnostics();
    await settle();
    expect(deps.clipboard.writeText).toHaveBeenCalledWith('MMM Mentor Manager 0.1.0');
  });

  it('opens the data and log folders, and says so when the system cannot', async () => {
    const { deps, actions, settle } = setUp({});
    actions.openDataFolder();
    actions.showLogs();
    await settle();
    expect(deps.shell.openPath.mock.calls).toEqual([
      ['/home/ada/.config/MMM Mentor Manager'],
      ['/home/ada/.config/MMM Mentor Manager/logs'],
    ]);
    deps.shell.openPath.mockResolvedValueOnce('No application is registered');
    actions.showLogs();
    await settle();
    expect(deps.logger.error).toHaveBeenCalledOnce();
    expect(deps.dialog.showMessageBox).toHaveBeenLastCalledWith(
      expect.anything(),
      expect.objectContaining({ type: 'error', message: 'Show logs did not work.' }),
    );
  });

  it('exports the page to the PDF file the person chose, and prints it', async () => {
    const { deps, actions, window, settle } = setUp({});
    actions.exportPdf();
    await settle();
    expect(window.webContents.printToPDF).toHaveBeenCalledWith({ printBackground: true });
    expect(deps.writeFile).toHaveBeenCalledWith('/home/ada/out.pdf', Buffer.from('%PDF-1.7'));
    actions.print();
    expect(window.webContents.print).toHaveBeenCalledOnce();
    actions.about();
    expect(deps.app.showAboutPanel).toHaveBeenCalledOnce();
  });

  it('asks where backups go and which to restore, in the documents folder', async () => {
    const { deps } = setUp({});
    const dialogs = createBackupDialogs(deps as unknown as DesktopDeps);
    // A name typed without the extension gets it, so the restore dialog's filter shows the file.
    expect(await dialogs.chooseBackupDestination('MMM backup ada.mmm-backup')).toBe(
      '/home/ada/out.pdf.mmm-backup',
    );
    deps.dialog.showSaveDialog.mockResolvedValueOnce({
      canceled: false,
      filePath: '/home/ada/mine.mmm-backup',
    });
    expect(await dialogs.chooseBackupDestination('x.mmm-backup')).toBe('/home/ada/mine.mmm-backup');
    expect(deps.dialog.showSaveDialog).toHaveBeenCalledWith(
      expect.anything(),
      expect.objectContaining({
        defaultPath: '/home/ada/Documents/MMM backup ada.mmm-backup',
        filters: [{ name: 'MMM Mentor Manager backup', extensions: ['mmm-backup'] }],
      }),
    );
    expect(await dialogs.chooseBackupToRestore()).toBe('/media/usb/ada.mmm-backup');
    deps.dialog.showOpenDialog.mockResolvedValueOnce({ canceled: true, filePaths: [] });
    expect(await dialogs.chooseBackupToRestore()).toBeNull();
  });
});
