import type { IpcMain, IpcMainEvent, WebContents } from 'electron';
import { HOST_CHANNEL } from '../../shared/contract';
import { createHostEndpoint } from '../core/host/endpoint';
import type { HostEndpoint } from '../core/host/endpoint';
import type { Host } from '../core/host/host';

export interface HostIpcOptions {
  readonly ipcMain: Pick<IpcMain, 'on' | 'removeListener'>;
  readonly host: Host;
  /** Whether a message comes from one of our own pages (our window, our URL). */
  readonly isTrustedSender: (event: IpcMainEvent) => boolean;
}

/**
 * The Electron transport of the host contract: one namespaced channel, one endpoint per web
 * contents. Messages from anything but our own pages are dropped.
 */
export const registerHostIpc = ({ ipcMain, host, isTrustedSender }: HostIpcOptions) => {
  const endpoints = new Map<number, HostEndpoint>();

  const endpointFor = (sender: WebContents): HostEndpoint => {
    const existing = endpoints.get(sender.id);
    if (existing) return existing;
    const endpoint = createHostEndpoint(host, { transport: 'ipc' }, (message) => {
      if (!sender.isDestroyed()) sender.send(HOST_CHANNEL, message);
    });
    endpoints.set(sender.id, endpoint);
    const forget = () => {
      endpoint.close();
      endpoints.delete(sender.id);
    };
    sender.once('destroyed', forget);
    // A reload starts a new page: its predecessor's live queries must end.
    sender.on('did-start-navigation', (details) => {
      if (details.isMainFrame && !details.isSameDocument) forget();
    });
    return endpoint;
  };

  const listener = (event: IpcMainEvent, raw: unknown) => {
    if (!isTrustedSender(event)) return;
    endpointFor(event.sender).receive(raw);
  };
  ipcMain.on(HOST_CHANNEL, listener);

  return () => {
    ipcMain.removeListener(HOST_CHANNEL, listener);
    for (const endpoint of endpoints.values()) endpoint.close();
    endpoints.clear();
  };
};
