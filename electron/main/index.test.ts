// The main process entry with `electron` replaced: it must lock to one instance, harden before any
// window exists, and create the window with the secure preferences.
import type { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const electron = vi.hoisted(() => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports, @typescript-eslint/consistent-type-imports -- vi.hoisted runs before imports
  const { EventEmitter: Emitter } = require('node:events') as typeof import('node:events');
  const app = Object.assign(new Emitter(), {
    requestSingleInstanceLock: vi.fn(() => true),
    quit: vi.fn(),
    whenReady: vi.fn(() => Promise.resolve()),
    getPath: vi.fn(() => '/home/u/.config/MMM Mentor Manager'),
    getVersion: vi.fn(() => '9.9.9'),
    getAppPath: vi.fn(() => '/opt/mmm'),
    isPackaged: false,
  });
  const windows: { options: unknown; url?: string }[] = [];
  class BrowserWindow extends Emitter {
    static getAllWindows = () => windows;
    static fromWebContents = () => null;
    constructor(readonly options: unknown) {
      super();
      windows.push(this);
    }
    loadURL(url: string) {
      (this as unknown as { url: string }).url = url;
      return Promise.resolve();
    }
    show() {}
  }
  const session = {
    defaultSession: {
      setPermissionRequestHandler: vi.fn(),
      setPermissionCheckHandler: vi.fn(),
      webRequest: { onHeadersReceived: vi.fn() },
    },
  };
  return {
    app,
    windows,
    BrowserWindow,
    session,
    ipcMain: { on: vi.fn(), removeListener: vi.fn() },
    shell: { openExternal: vi.fn() },
    safeStorage: { encryptString: vi.fn(), decryptString: vi.fn() },
  };
});

vi.mock('electron', () => electron);

describe('Electron main entry', () => {
  beforeEach(() => {
    vi.resetModules();
    electron.windows.length = 0;
    electron.app.removeAllListeners();
    vi.clearAllMocks();
  });
  afterEach(() => {
    electron.app.requestSingleInstanceLock.mockReturnValue(true);
  });

  it('hardens, locks to one instance and opens one secure window', async () => {
    await import('./index');
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(electron.app.requestSingleInstanceLock).toHaveBeenCalledOnce();
    expect(electron.app.listenerCount('web-contents-created')).toBe(1);
    expect(electron.session.defaultSession.setPermissionRequestHandler).toHaveBeenCalledOnce();
    expect(electron.ipcMain.on).toHaveBeenCalledWith('mmm:host', expect.any(Function));
    expect(electron.windows).toHaveLength(1);
    const options = electron.windows[0]?.options as { webPreferences: Record<string, unknown> };
    expect(options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    });
    expect(electron.windows[0]?.url).toMatch(/^file:\/\/.*renderer\/index\.html$/);
  });

  it('quits at once when another instance holds the lock', async () => {
    electron.app.requestSingleInstanceLock.mockReturnValue(false);
    await import('./index');
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(electron.app.quit).toHaveBeenCalledOnce();
    expect(electron.windows).toHaveLength(0);
    expect(electron.ipcMain.on).not.toHaveBeenCalled();
  });

  it('focuses the existing window when a second instance starts', async () => {
    await import('./index');
    await new Promise((resolve) => setTimeout(resolve, 0));
    const window = electron.windows[0] as unknown as EventEmitter & Record<string, unknown>;
    const focus = vi.fn();
    Object.assign(window, { isMinimized: () => true, restore: vi.fn(), focus });
    electron.app.emit('second-instance');
    expect(focus).toHaveBeenCalledOnce();
  });
});
