// The main process entry with `electron` replaced: it must lock to one instance, harden and
// privilege the app:// scheme before the app is ready, serve the renderer from it, and open one
// secure window on app://mmm — never on file://.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const electron = vi.hoisted(() => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports, @typescript-eslint/consistent-type-imports -- vi.hoisted runs before imports
  const { EventEmitter: Emitter } = require('node:events') as typeof import('node:events');
  const order: string[] = [];
  const userData = { path: '' };
  const app = Object.assign(new Emitter(), {
    requestSingleInstanceLock: vi.fn(() => true),
    quit: vi.fn(),
    whenReady: vi.fn(() => {
      order.push('whenReady');
      return Promise.resolve();
    }),
    getPath: vi.fn(() => userData.path),
    getVersion: vi.fn(() => '9.9.9'),
    isPackaged: true,
    setAboutPanelOptions: vi.fn(),
    showAboutPanel: vi.fn(),
    getAppPath: vi.fn(() => '/opt/mmm'),
  });
  const windows: (EventEmitter & { options: unknown; url?: string })[] = [];
  class BrowserWindow extends Emitter {
    static getAllWindows = () => windows;
    static fromWebContents = () => null;
    webContents = new Emitter();
    constructor(readonly options: unknown) {
      super();
      windows.push(this);
    }
    loadURL(url: string) {
      (this as unknown as { url: string }).url = url;
      return Promise.resolve();
    }
    isDestroyed() {
      return false;
    }
    isMinimized() {
      return false;
    }
    maximize() {}
    show() {}
    focus() {}
  }
  const primary = {
    id: 1,
    bounds: { x: 0, y: 0, width: 1920, height: 1080 },
    workArea: { x: 0, y: 0, width: 1920, height: 1040 },
  };
  return {
    order,
    userData,
    app,
    windows,
    BrowserWindow,
    session: {
      defaultSession: {
        setPermissionRequestHandler: vi.fn(),
        setPermissionCheckHandler: vi.fn(),
        webRequest: { onHeadersReceived: vi.fn() },
      },
    },
    protocol: {
      registerSchemesAsPrivileged: vi.fn(() => order.push('registerSchemesAsPrivileged')),
      handle: vi.fn(),
    },
    Menu: { buildFromTemplate: vi.fn((t: unknown) => t), setApplicationMenu: vi.fn() },
    screen: { getAllDisplays: () => [primary], getPrimaryDisplay: () => primary },
    ipcMain: { on: vi.fn(), removeListener: vi.fn() },
    shell: { openExternal: vi.fn(), openPath: vi.fn() },
    dialog: {},
    clipboard: { writeText: vi.fn() },
    safeStorage: { encryptString: vi.fn(), decryptString: vi.fn() },
    Notification: Object.assign(vi.fn(), { isSupported: vi.fn(() => true) }),
  };
});

vi.mock('electron', () => electron);

const started = async () => {
  await import('./index');
  await new Promise((resolve) => setTimeout(resolve, 0));
};

describe('Electron main entry', () => {
  beforeEach(() => {
    vi.resetModules();
    electron.windows.length = 0;
    electron.order.length = 0;
    electron.app.removeAllListeners();
    electron.userData.path = mkdtempSync(join(tmpdir(), 'mmm-main-'));
    vi.clearAllMocks();
  });
  afterEach(() => {
    electron.app.requestSingleInstanceLock.mockReturnValue(true);
  });

  it('hardens, locks to one instance and opens one secure window on app://mmm', async () => {
    await started();
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
    expect(electron.windows[0]?.url).toBe('app://mmm/index.html');
    expect(electron.Menu.setApplicationMenu).toHaveBeenCalledOnce();
    // Desktop notifications are shown from here (desktop-notifications.ts).
    expect(electron.Notification.isSupported).toHaveBeenCalled();
  });

  it('privileges the app:// scheme before the app is ready, then serves the renderer from it', async () => {
    await started();
    expect(electron.order.slice(0, 2)).toEqual(['registerSchemesAsPrivileged', 'whenReady']);
    expect(electron.protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([
      {
        scheme: 'app',
        privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
      },
    ]);
    expect(electron.protocol.handle).toHaveBeenCalledWith('app', expect.any(Function));
    const handler = electron.protocol.handle.mock.calls[0]?.[1] as unknown as (
      request: Request,
    ) => Promise<Response>;
    // The renderer folder of this source tree is not built here: every file is simply missing.
    for (const url of ['app://mmm/index.html', 'app://mmm/../../package.json', 'app://x/']) {
      expect((await handler(new Request(url))).status, url).toBe(404);
    }
  });

  it('writes its log in the user-data folder', async () => {
    await started();
    const { readFileSync } = await import('node:fs');
    const log = readFileSync(join(electron.userData.path, 'logs', 'mmm.log'), 'utf8');
    expect(log).toContain('MMM Mentor Manager 9.9.9 starting');
  });

  it('quits at once when another instance holds the lock', async () => {
    electron.app.requestSingleInstanceLock.mockReturnValue(false);
    await started();
    expect(electron.app.quit).toHaveBeenCalledOnce();
    expect(electron.windows).toHaveLength(0);
    expect(electron.ipcMain.on).not.toHaveBeenCalled();
  });

  it('focuses the existing window when a second instance starts', async () => {
    await started();
    const window = electron.windows[0] as unknown as EventEmitter & Record<string, unknown>;
    const focus = vi.fn();
    const restore = vi.fn();
    Object.assign(window, { isMinimized: () => true, restore, focus });
    electron.app.emit('second-instance');
    expect(restore).toHaveBeenCalledOnce();
    expect(focus).toHaveBeenCalledOnce();
    expect(electron.windows).toHaveLength(1);
  });

  it('opens a window for a second launch when none is open (macOS keeps running without one)', async () => {
    await started();
    Object.assign(electron.windows[0] as object, { isDestroyed: () => true });
    electron.app.emit('second-instance');
    expect(electron.windows).toHaveLength(2);
    expect(electron.windows[1]?.url).toBe('app://mmm/index.html');
  });
});
