// Printing with `electron` replaced: a hidden, sandboxed window with the PDF viewer loads the file
// and opens the system's print dialog; the window goes whatever the answer.
import { beforeEach, describe, expect, it, vi } from 'vitest';

const electron = vi.hoisted(() => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports, @typescript-eslint/consistent-type-imports -- vi.hoisted runs before imports
  const { EventEmitter: Emitter } = require('node:events') as typeof import('node:events');
  const state = {
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
  return { BrowserWindow, state };
});

vi.mock('electron', () => ({ BrowserWindow: electron.BrowserWindow }));

describe('printing a PDF in the desktop app', () => {
  beforeEach(() => {
    electron.state.windows.length = 0;
    electron.state.printAnswer = { success: true, failureReason: '' };
    electron.state.loadFails = false;
  });

  it('opens the system print dialog for the file in a hidden, sandboxed window', async () => {
    const { createPdfPrinter } = await import('./print-pdf');
    expect(await createPdfPrinter().print('/data/exports/certificates/MMM-1.pdf')).toBe('printed');
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
    expect(window?.url).toBe('file:///data/exports/certificates/MMM-1.pdf');
    expect(window?.printOptions).toMatchObject({ silent: false });
    expect(window?.destroyed).toBe(true);
  });

  it('answers a cancelled dialog, and refuses a failed print or a file that will not load', async () => {
    const { createPdfPrinter } = await import('./print-pdf');
    electron.state.printAnswer = { success: false, failureReason: 'cancelled' };
    expect(await createPdfPrinter().print('/tmp/a.pdf')).toBe('cancelled');
    electron.state.printAnswer = { success: false, failureReason: 'failed' };
    await expect(createPdfPrinter().print('/tmp/a.pdf')).rejects.toThrow(/Printing failed/);
    electron.state.loadFails = true;
    await expect(createPdfPrinter().print('/tmp/missing.pdf')).rejects.toThrow(
      /could not be opened/,
    );
    expect(electron.state.windows.every((window) => window.destroyed)).toBe(true);
  });
});
