// The Electron main process: glue only. Everything that can run in plain Node lives in ../core.
import { app, BrowserWindow, ipcMain, session, shell } from 'electron';
import { createAppHost } from '../core/create-app-host';
import { systemClock } from '../core/platform/clock';
import { consoleLogger } from '../core/platform/logger';
import { registerHostIpc } from './host-ipc';
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
    const host = createAppHost({
      clock: systemClock,
      dataDir: app.getPath('userData'),
      mode: 'electron',
      version: app.getVersion(),
      platform: process.platform,
      logger: consoleLogger,
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
