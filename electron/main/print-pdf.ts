import { pathToFileURL } from 'node:url';
import { BrowserWindow } from 'electron';
import type { PdfPrinter } from '../core/workspace';

/**
 * Printing in the desktop app: the PDF the core rendered is loaded into a hidden window (Chromium's
 * PDF viewer, hence `plugins`) and the system's print dialog opens for it. Electron printed PDFs
 * blank before 32 (electron/electron#30947); this app runs a later one. The window has no preload
 * and no Node: it only shows our own file, and goes away when the dialog closes.
 */
export const createPdfPrinter = (): PdfPrinter => ({
  print: (path) =>
    new Promise((resolve, reject) => {
      const window = new BrowserWindow({
        show: false,
        webPreferences: {
          sandbox: true,
          contextIsolation: true,
          nodeIntegration: false,
          plugins: true,
        },
      });
      const { webContents } = window;
      webContents.once('did-fail-load', (_event, _code, description) => {
        window.destroy();
        reject(new Error(`The PDF could not be opened for printing: ${description}`));
      });
      webContents.once('did-finish-load', () => {
        webContents.print({ silent: false, printBackground: true }, (success, failureReason) => {
          window.destroy();
          if (success) resolve('printed');
          else if (failureReason === 'cancelled') resolve('cancelled');
          else reject(new Error(`Printing failed: ${failureReason}`));
        });
      });
      void window.loadURL(pathToFileURL(path).href);
    }),
});
