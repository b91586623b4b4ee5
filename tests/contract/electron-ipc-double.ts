// An in-memory stand-in for Electron's IPC: ipcMain, one WebContents and its ipcRenderer. It has
// the shapes host-ipc.ts and the preload's port use, and delivers asynchronously like Electron.
import { EventEmitter } from 'node:events';
import type { IpcMain, IpcMainEvent, IpcRenderer, WebContents } from 'electron';

export interface IpcDouble {
  readonly ipcMain: Pick<IpcMain, 'on' | 'removeListener'>;
  readonly ipcRenderer: Pick<IpcRenderer, 'send' | 'on' | 'removeListener'>;
  readonly webContents: WebContents;
  /** Simulates the window being closed. */
  destroy(): void;
  /** Simulates a message from a frame at another URL (e.g. a hijacked navigation). */
  frameUrl: string;
}

let nextWebContentsId = 1;

const later = (task: () => void) => {
  setImmediate(task);
};

export const createIpcDouble = (frameUrl = 'app://mmm/index.html'): IpcDouble => {
  const mainSide = new EventEmitter();
  const rendererSide = new EventEmitter();
  const contentsEvents = new EventEmitter();
  let destroyed = false;
  const id = nextWebContentsId++;

  const webContents = {
    id,
    isDestroyed: () => destroyed,
    send: (channel: string, message: unknown) => {
      if (destroyed) throw new Error('Object has been destroyed');
      // Like Electron, messages are copied (structured clone), never shared.
      const copy = structuredClone(message);
      later(() => rendererSide.emit(channel, { sender: null }, copy));
    },
    once: (event: string, listener: (...args: unknown[]) => void) =>
      contentsEvents.once(event, listener),
    on: (event: string, listener: (...args: unknown[]) => void) =>
      contentsEvents.on(event, listener),
  } as unknown as WebContents;

  const double: IpcDouble = {
    frameUrl,
    ipcMain: {
      on: (channel: string, listener: (event: IpcMainEvent, ...args: unknown[]) => void) => {
        mainSide.on(channel, listener);
        return double.ipcMain;
      },
      removeListener: (channel: string, listener: (...args: unknown[]) => void) => {
        mainSide.removeListener(channel, listener);
        return double.ipcMain;
      },
    } as Pick<IpcMain, 'on' | 'removeListener'>,
    ipcRenderer: {
      send: (channel: string, ...args: unknown[]) => {
        const copies = args.map((arg) => structuredClone(arg));
        const event = { sender: webContents, senderFrame: { url: double.frameUrl } };
        later(() => mainSide.emit(channel, event, ...copies));
      },
      on: (channel: string, listener: (...args: unknown[]) => void) => {
        rendererSide.on(channel, listener);
        return double.ipcRenderer as IpcRenderer;
      },
      removeListener: (channel: string, listener: (...args: unknown[]) => void) => {
        rendererSide.removeListener(channel, listener);
        return double.ipcRenderer as IpcRenderer;
      },
    } as Pick<IpcRenderer, 'send' | 'on' | 'removeListener'>,
    webContents,
    destroy: () => {
      destroyed = true;
      contentsEvents.emit('destroyed');
    },
  };
  return double;
};
