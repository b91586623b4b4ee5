// Printing with `electron` replaced: a hidden, sandboxed window with the PDF viewer loads the PDF
// from the print session's app://print/ (never file://) and opens the system's print dialog; the
// window goes whatever the answer.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';

const electron = vi.hoisted(() => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports, @typescript-eslint/consistent-type-imports -- vi.hoisted runs before imports
  const { EventEmitter: Emitter } = require('node:events') as typeof import('node:events');
  const state = {
    /** What the print session's app: handler answers, once registered. */
    handler: undefined as ((request: Request) => Response) | undefined,
    /** What the window was shown when it loaded. */
    served: undefined as Response | undefined,
    partitions: [] as string[],
    printAnswer: { success: true, failureReason: '' } as {
      success: boolean;
      failureReason: string;
    },
    loadFails: false,
    windows: [] as {
      options: unknown;
      url?: string;
      destroyed: boolean;
      printOptions?: unknown;
    }[],
  };
  class BrowserWindow {
    destroyed = false;
    url?: string;
    printOptions?: unknown;
    readonly webContents = Object.assign(new Emitter(), {
      print: (options: unknown, callback: (success: boolean, reason: string) => void) => {
        this.printOptions = options;
        setTimeout(() => {
          callback(state.printAnswer.success, state.printAnswer.failureReason);
        }, 0);
      },
    });
    constructor(readonly options: unknown) {
      state.windows.push(this);
    }
    loadURL(url: string) {
      this.url = url;
      state.served = state.handler?.(new Request(url));
      setTimeout(() => {
        if (state.loadFails) this.webContents.emit('did-fail-load', {}, -6, 'ERR_FILE_NOT_FOUND');
        else this.webContents.emit('did-finish-load');
      }, 0);
      return Promise.resolve();
    }
    destroy() {
      this.destroyed = true;
    }
  }
  const session = {
    fromPartition: (partition: string) => {
      state.partitions.push(partition);
      return {
        protocol: {
          handle: (scheme: string, handler: (request: Request) => Response) => {
            if (scheme === 'app') state.handler = handler;
          },
        },
      };
    },
  };
  return { BrowserWindow, session, state };
});

vi.mock('electron', () => ({ BrowserWindow: electron.BrowserWindow, session: electron.session }));

const folder = mkdtempSync(join(tmpdir(), 'mmm-print-'));
const pdfAt = (name: string) => {
  const path = join(folder, name);
  writeFileSync(path, `%PDF-1.7 ${name}`);
  return path;
};

describe('printing a PDF in the desktop app', () => {
  beforeEach(() => {
    electron.state.windows.length = 0;
    electron.state.printAnswer = { success: true, failureReason: '' };
    electron.state.loadFails = false;
    electron.state.partitions.length = 0;
  });

  it('opens the system print dialog for the PDF in a hidden, sandboxed window, never from file://', async () => {
    const { createPdfPrinter } = await import('./print-pdf');
    const path = pdfAt('MMM-1.pdf');
    const printer = createPdfPrinter();
    expect(await printer.print(path)).toBe('printed');
    const [window] = electron.state.windows;
    expect(window?.options).toMatchObject({
      show: false,
      webPreferences: {
        sandbox: true,
        contextIsolation: true,
        nodeIntegration: false,
        plugins: true,
      },
    });
    expect((window?.options as { webPreferences: object }).webPreferences).not.toHaveProperty(
      'preload',
    );
    // A session of its own (the app's CSP would block the PDF viewer), answering the one PDF.
    expect(electron.state.partitions).toEqual(['mmm-print']);
    expect(window?.url).toMatch(/^app:\/\/print\/[0-9a-f-]{36}\.pdf$/);
    expect(electron.state.served?.status).toBe(200);
    expect(electron.state.served?.headers.get('content-type')).toBe('application/pdf');
    expect(await electron.state.served?.text()).toBe('%PDF-1.7 MMM-1.pdf');
    expect(window?.printOptions).toMatchObject({ silent: false });
    expect(window?.destroyed).toBe(true);
    // Once printed, its name answers nothing, and nothing else of the disk ever did.
    const handler = electron.state.handler;
    expect(handler?.(new Request(window?.url ?? '')).status).toBe(404);
    expect(handler?.(new Request(`app://print/${path}`)).status).toBe(404);
    expect(handler?.(new Request('app://mmm/index.html')).status).toBe(404);
  });

  it('answers a cancelled dialog, and refuses a failed print or a file that will not load', async () => {
    const { createPdfPrinter } = await import('./print-pdf');
    const path = pdfAt('a.pdf');
    electron.state.printAnswer = { success: false, failureReason: 'cancelled' };
    expect(await createPdfPrinter().print(path)).toBe('cancelled');
    electron.state.printAnswer = { success: false, failureReason: 'failed' };
    await expect(createPdfPrinter().print(path)).rejects.toThrow(/Printing failed/);
    electron.state.loadFails = true;
    await expect(createPdfPrinter().print(path)).rejects.toThrow(/could not be opened/);
    const windows = electron.state.windows.length;
    await expect(createPdfPrinter().print(join(folder, 'missing.pdf'))).rejects.toThrow(
      /not there any more/,
    );
    expect(electron.state.windows).toHaveLength(windows);
    expect(electron.state.windows.every((window) => window.destroyed)).toBe(true);
  });
});
