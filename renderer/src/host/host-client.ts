import { createHostClient } from '../../../shared/contract';
import type { HostClient } from '../../../shared/contract';
import { browserModeHostUrl, createWebSocketPort } from './websocket-port';

declare global {
  interface Window {
    /** Set by the Electron preload; absent in browser mode. */
    readonly mmmHost?: HostClient;
  }
}

/** The desktop app's IPC client when the preload provided one, else the WebSocket of browser mode. */
export const hostClient: HostClient =
  window.mmmHost ?? createHostClient(createWebSocketPort(browserModeHostUrl(window.location)));
