import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { BrowserWindow, session } from 'electron';
import type { PdfPrinter } from '../core/workspace';

/**
 * Printing in the desktop app: the PDF the core rendered is shown in a hidden window (Chromium's
 * PDF viewer, hence `plugins`) and the system's print dialog opens for it. Electron printed PDFs
 * blank before 32 (electron/electron#30947); this app runs a later one.
 *
 * The page never comes from file:// (the file-protocol fuse is off, issue 20): the PDF's bytes are
 * read here and answered at `app://print/<one-time name>.pdf`, in a session of its own. That
 * session is not the app's: the app's CSP (`object-src 'none'`) would block the PDF viewer, and
 * nothing but the one PDF being printed is reachable through it. The window has no preload and no
 * Node, and goes away when the dialog closes.
 */
const PRINT_PARTITION = 'mmm-print';
const PRINT_HOST = 'print';

/** The PDFs waiting to be printed, by their one-time name. */
export type Printables = Map<string, Uint8Array>;

/** Answers `app://print/<name>` in the print session: a waiting PDF, or 404. */
export const answerPrintable = (printables: Printables, request: Request): Response => {
  const url = new URL(request.url);
  const bytes = url.host === PRINT_HOST ? printables.get(url.pathname.slice(1)) : undefined;
  if (!bytes || request.method !== 'GET') return new Response('Not found', { status: 404 });
  return new Response(new Uint8Array(bytes), {
    status: 200,
    headers: { 'Content-Type': 'application/pdf', 'Cache-Control': 'no-store' },
  });
};

export const createPdfPrinter = (): PdfPrinter => {
  const printables: Printables = new Map();
  let printSession: Electron.Session | undefined;
  const sessionForPrinting = () => {
    if (!printSession) {
      printSession = session.fromPartition(PRINT_PARTITION);
      printSession.protocol.handle('app', (request) => answerPrintable(printables, request));
    }
    return printSession;
  };

  return {
    print: async (path) => {
      let bytes: Uint8Array;
      try {
        bytes = await readFile(path);
      } catch {
        throw new Error('The PDF could not be opened for printing: it is not there any more.');
      }
      const name = `${randomUUID()}.pdf`;
      printables.set(name, bytes);
      try {
        return await new Promise<'printed' | 'cancelled'>((resolve, reject) => {
          const window = new BrowserWindow({
            show: false,
            webPreferences: {
              session: sessionForPrinting(),
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
            webContents.print(
              { silent: false, printBackground: true },
              (success, failureReason) => {
                window.destroy();
                if (success) resolve('printed');
                else if (failureReason === 'cancelled') resolve('cancelled');
                else reject(new Error(`Printing failed: ${failureReason}`));
              },
            );
          });
          void window.loadURL(`app://${PRINT_HOST}/${name}`);
        });
      } finally {
        printables.delete(name);
      }
    },
  };
};
