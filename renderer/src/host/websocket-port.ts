import { HOST_WEBSOCKET_PATH } from '../../../shared/contract';
import type { HostPort } from '../../../shared/contract';

const RECONNECT_DELAYS_MS = [250, 500, 1000, 2000, 5000];
/** Messages kept while (re)connecting; past this the host is clearly not coming back soon. */
const MAX_QUEUED_MESSAGES = 1000;

/**
 * The host contract's port over a WebSocket (browser mode). Reconnects with backoff; the client
 * re-sends its live queries when the connection comes back.
 */
export const createWebSocketPort = (url: string): HostPort => {
  const messageListeners = new Set<(message: unknown) => void>();
  const connectionListeners = new Set<(connected: boolean) => void>();
  let socket: WebSocket | undefined;
  let attempt = 0;
  let queue: string[] = [];

  const connect = () => {
    const next = new WebSocket(url);
    socket = next;
    next.addEventListener('open', () => {
      attempt = 0;
      for (const message of queue) next.send(message);
      queue = [];
      for (const listener of connectionListeners) listener(true);
    });
    next.addEventListener('message', (event: MessageEvent<unknown>) => {
      if (typeof event.data !== 'string') return;
      let message: unknown;
      try {
        message = JSON.parse(event.data);
      } catch {
        return;
      }
      for (const listener of messageListeners) listener(message);
    });
    next.addEventListener('close', () => {
      for (const listener of connectionListeners) listener(false);
      const delay = RECONNECT_DELAYS_MS[Math.min(attempt, RECONNECT_DELAYS_MS.length - 1)];
      attempt += 1;
      setTimeout(connect, delay);
    });
  };
  connect();

  return {
    send: (message) => {
      const text = JSON.stringify(message);
      if (socket?.readyState === WebSocket.OPEN) {
        socket.send(text);
        return true;
      }
      // Still connecting: send once open, so the first calls of a page are not lost.
      if (queue.length >= MAX_QUEUED_MESSAGES) return false;
      queue.push(text);
      return true;
    },
    onMessage: (listener) => {
      messageListeners.add(listener);
      return () => messageListeners.delete(listener);
    },
    onConnectionChange: (listener) => {
      connectionListeners.add(listener);
      return () => connectionListeners.delete(listener);
    },
  };
};

export const browserModeHostUrl = (location: Location): string =>
  `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${HOST_WEBSOCKET_PATH}`;
