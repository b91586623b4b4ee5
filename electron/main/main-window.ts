import { join } from 'node:path';
import { BrowserWindow, screen } from 'electron';
import type { Logger } from '../core/platform/logger';
import { APP_PAGE_URL } from './app-protocol';
import { secureWebPreferences } from './security';
import { MIN_WINDOW_SIZE, placeWindow, trackWindowState } from './window-state';
import type { WindowStateStore } from './window-state';

/**
 * The page the window shows: the dev server while developing (`npm run dev`), the app's own
 * `app://mmm/` otherwise — never a file:// URL (tests/lint/electron-builder.test.ts).
 */
export const appUrlFor = (devServerUrl: string | undefined): string => devServerUrl ?? APP_PAGE_URL;

/** The main window, where it was left last time, with its state remembered from now on. */
export const createMainWindow = (
  appUrl: string,
  windowState: WindowStateStore,
  logger: Logger,
): BrowserWindow => {
  const displays = () => screen.getAllDisplays();
  const placed = placeWindow(windowState.read(displays()), displays(), screen.getPrimaryDisplay());
  const window = new BrowserWindow({
    ...placed.bounds,
    minWidth: MIN_WINDOW_SIZE.width,
    minHeight: MIN_WINDOW_SIZE.height,
    show: false,
    title: 'MMM Mentor Manager',
    webPreferences: secureWebPreferences(join(__dirname, '..', 'preload', 'index.js')),
  });
  if (placed.maximised) window.maximize();
  trackWindowState(window, windowState, displays, {
    onError: (error) => {
      logger.warn('window: its size and place could not be saved', error);
    },
  });
  window.once('ready-to-show', () => {
    window.show();
  });
  window.webContents.on('did-fail-load', (_event, code, description, url) => {
    logger.error(`window: ${url} did not load (${code} ${description})`);
  });
  void window.loadURL(appUrl);
  return window;
};
