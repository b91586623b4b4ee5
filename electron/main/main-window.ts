import { join } from 'node:path';
import { BrowserWindow } from 'electron';
import { secureWebPreferences } from './security';

/** The page the window shows: the dev server while developing, the built file otherwise. */
export const appUrlFor = (devServerUrl: string | undefined): string =>
  devServerUrl ?? `file://${join(__dirname, '..', 'renderer', 'index.html')}`;

export const createMainWindow = (appUrl: string): BrowserWindow => {
  const window = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'MMM Mentor Manager',
    webPreferences: secureWebPreferences(join(__dirname, '..', 'preload', 'index.js')),
  });
  window.once('ready-to-show', () => {
    window.show();
  });
  void window.loadURL(appUrl);
  return window;
};
