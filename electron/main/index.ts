// The Electron main process: glue only. Everything that can run in plain Node lives in ../core.
import { join } from 'node:path';
import {
  app,
  BrowserWindow,
  clipboard,
  dialog,
  ipcMain,
  Menu,
  Notification,
  protocol,
  safeStorage,
  session,
  shell,
} from 'electron';
import { createAppHost } from '../core/create-app-host';
import { sqliteDatabaseFiles, sqliteDatabases } from '../core/database/sqlite-databases';
import { createEncryptedSecretStore, createFileSecretStore } from '../core/session/secret-store';
import { systemClock } from '../core/platform/clock';
import { createFileLogger } from '../core/platform/file-logger';
import { consoleLogger } from '../core/platform/logger';
import { buildMenuTemplate, APP_NAME } from './app-menu';
import { registerAppScheme, serveAppProtocol } from './app-protocol';
import { createBackupDialogs, createDesktopActions } from './desktop-actions';
import type { DesktopDeps } from './desktop-actions';
import { startDesktopNotifications } from './desktop-notifications';
import { registerHostIpc } from './host-ipc';
import { createPdfPrinter } from './print-pdf';
import { appUrlFor, createMainWindow } from './main-window';
import { hardenApp, hardenSession } from './security';
import { isAppUrl } from './trusted-sender';
import { createWindowStateStore } from './window-state';

const appUrl = appUrlFor(process.env['ELECTRON_RENDERER_URL']);
const isOurPage = (url: string) => isAppUrl(url, appUrl);

// Before anything else: every web contents hardened, and the app:// scheme privileged (only
// possible before the app is ready).
hardenApp(app, shell, isOurPage);
registerAppScheme(protocol);

if (!app.requestSingleInstanceLock()) {
  // Another window of the app already holds the database: hand over to it.
  app.quit();
} else {
  let mainWindow: BrowserWindow | undefined;
  let openWindow: (() => BrowserWindow) | undefined;
  const liveWindow = () => (mainWindow && !mainWindow.isDestroyed() ? mainWindow : undefined);

  // A second launch brings the running window forward (or opens one, on macOS with none open).
  app.on('second-instance', () => {
    const window = liveWindow() ?? (openWindow ? (mainWindow = openWindow()) : undefined);
    if (!window) return;
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  void app.whenReady().then(() => {
    const dataDir = app.getPath('userData');
    const logsDir = join(dataDir, 'logs');
    const logger = createFileLogger({
      directory: logsDir,
      clock: systemClock,
      echo: consoleLogger,
    });
    logger.info(
      `${APP_NAME} ${app.getVersion()} starting (Electron ${process.versions.electron}, ${process.platform})`,
    );
    process.on('unhandledRejection', (reason) => {
      logger.error('main: unhandled rejection', reason);
    });
    app.on('render-process-gone', (_event, _contents, details) => {
      logger.error(`main: the window's page stopped (${details.reason}, exit ${details.exitCode})`);
    });
    app.on('child-process-gone', (_event, details) => {
      logger.warn(`main: a ${details.type} process stopped (${details.reason})`);
    });

    hardenSession(session.defaultSession);
    serveAppProtocol(protocol, join(__dirname, '..', 'renderer'), logger);

    const desktop: Omit<DesktopDeps, 'host'> = {
      dialog,
      shell,
      clipboard,
      app,
      window: liveWindow,
      dataDir,
      logsDir,
      logger,
    };
    const host = createAppHost({
      clock: systemClock,
      dataDir,
      // electron-builder copies fonts and icon beside the app (extraResources); in development
      // they are the repository's.
      resourcesDir: app.isPackaged ? process.resourcesPath : join(app.getAppPath(), 'resources'),
      mode: 'electron',
      version: app.getVersion(),
      platform: process.platform,
      logger,
      logBook: logger,
      fetch,
      // Credentials and the offline verifier, sealed with the OS keychain's key.
      secrets: createEncryptedSecretStore(createFileSecretStore(join(dataDir, 'secrets.json')), {
        encrypt: async (plain) => (await safeStorage.encryptStringAsync(plain)).toString('base64'),
        decrypt: async (sealed) =>
          (await safeStorage.decryptStringAsync(Buffer.from(sealed, 'base64'))).result,
      }),
      openDatabase: sqliteDatabases(dataDir),
      databaseFiles: sqliteDatabaseFiles(dataDir),
      backupDialogs: createBackupDialogs(desktop),
      runtimeVersions: process.versions,
      // Certificates print through the system's dialog (browser mode opens the browser's viewer).
      printer: createPdfPrinter(),
      // `npm start` runs the embedded sync server and says where.
      ...(process.env['MMM_SERVER_URL'] ? { defaultServerUrl: process.env['MMM_SERVER_URL'] } : {}),
    });
    const stopNotifications = startDesktopNotifications({
      host,
      isSupported: () => Notification.isSupported(),
      create: (options) => new Notification(options),
      showWindow: () => {
        const window = liveWindow() ?? (openWindow ? (mainWindow = openWindow()) : undefined);
        if (!window) return;
        if (window.isMinimized()) window.restore();
        window.show();
        window.focus();
      },
      logger,
    });
    app.on('before-quit', () => {
      stopNotifications();
      void host.close();
    });
    registerHostIpc({
      ipcMain,
      host,
      isTrustedSender: (event) =>
        BrowserWindow.fromWebContents(event.sender) !== null &&
        event.senderFrame !== null &&
        isOurPage(event.senderFrame.url),
    });

    app.setAboutPanelOptions({
      applicationName: APP_NAME,
      applicationVersion: app.getVersion(),
      copyright: 'Copyright © MMM Mentor Manager team',
    });
    Menu.setApplicationMenu(
      Menu.buildFromTemplate(
        buildMenuTemplate(process.platform, createDesktopActions({ ...desktop, host }), {
          isPackaged: app.isPackaged,
        }),
      ),
    );

    const windowState = createWindowStateStore(join(dataDir, 'window-state.json'));
    openWindow = () => createMainWindow(appUrl, windowState, logger);
    mainWindow = openWindow();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0 && openWindow) mainWindow = openWindow();
    });
  });
}
