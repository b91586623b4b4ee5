// The Electron main process: glue only. Everything that can run in plain Node lives in ../core.
import { join } from 'node:path';
import { app, BrowserWindow, ipcMain, safeStorage, session, shell } from 'electron';
import { createAppHost } from '../core/create-app-host';
import { sqliteDatabases } from '../core/database/sqlite-databases';
import { createEncryptedSecretStore, createFileSecretStore } from '../core/session/secret-store';
import { systemClock } from '../core/platform/clock';
import { consoleLogger } from '../core/platform/logger';
import { registerHostIpc } from './host-ipc';
import { createPdfPrinter } from './print-pdf';
import { appUrlFor, createMainWindow } from './main-window';
import { hardenApp, hardenSession } from './security';
import { isAppUrl } from './trusted-sender';

hardenApp(app, shell);

if (!app.requestSingleInstanceLock()) {
  // Another window of the app already holds the database: hand over to it.
  app.quit();
} else {
  const appUrl = appUrlFor(process.env['ELECTRON_RENDERER_URL']);
  let mainWindow: BrowserWindow | undefined;

  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  void app.whenReady().then(() => {
    hardenSession(session.defaultSession);
    const dataDir = app.getPath('userData');
    const host = createAppHost({
      clock: systemClock,
      dataDir,
      // electron-builder copies fonts and icon beside the app (extraResources); in development
      // they are the repository's.
      resourcesDir: app.isPackaged ? process.resourcesPath : join(app.getAppPath(), 'resources'),
      mode: 'electron',
      version: app.getVersion(),
      platform: process.platform,
      logger: consoleLogger,
      fetch,
      // Credentials and the offline verifier, sealed with the OS keychain's key.
      secrets: createEncryptedSecretStore(createFileSecretStore(join(dataDir, 'secrets.json')), {
        encrypt: async (plain) => (await safeStorage.encryptStringAsync(plain)).toString('base64'),
        decrypt: async (sealed) =>
          (await safeStorage.decryptStringAsync(Buffer.from(sealed, 'base64'))).result,
      }),
      openDatabase: sqliteDatabases(dataDir),
      // Certificates print through the system's dialog (browser mode opens the browser's viewer).
      printer: createPdfPrinter(),
      // `npm start` runs the embedded sync server and says where.
      ...(process.env['MMM_SERVER_URL'] ? { defaultServerUrl: process.env['MMM_SERVER_URL'] } : {}),
    });
    app.on('before-quit', () => {
      void host.close();
    });
    registerHostIpc({
      ipcMain,
      host,
      isTrustedSender: (event) =>
        BrowserWindow.fromWebContents(event.sender) !== null &&
        event.senderFrame !== null &&
        isAppUrl(event.senderFrame.url, appUrl),
    });
    mainWindow = createMainWindow(appUrl);
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) mainWindow = createMainWindow(appUrl);
    });
  });
}
