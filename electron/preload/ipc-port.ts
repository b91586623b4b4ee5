import type { IpcRenderer } from 'electron';
import { HOST_CHANNEL } from '../../shared/contract';
import type { HostPort } from '../../shared/contract';

/** The host contract's port over Electron IPC, on the renderer side. */
export const createIpcPort = (
  ipc: Pick<IpcRenderer, 'send' | 'on' | 'removeListener'>,
): HostPort => ({
  send: (message) => {
    ipc.send(HOST_CHANNEL, message);
    return true;
  },
  onMessage: (listener) => {
    const handler = (_event: unknown, message: unknown) => {
      listener(message);
    };
    ipc.on(HOST_CHANNEL, handler);
    return () => {
      ipc.removeListener(HOST_CHANNEL, handler);
    };
  },
});
