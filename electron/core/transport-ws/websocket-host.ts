import type { IncomingMessage, Server } from 'node:http';
import { WebSocketServer } from 'ws';
import type { RawData, WebSocket } from 'ws';
import { HOST_WEBSOCKET_PATH } from '../../../shared/contract';
import { createHostEndpoint } from '../host/endpoint';
import type { Host } from '../host/host';
import type { Logger } from '../platform/logger';

/** Larger messages are refused: no command of the contract needs more than this. */
export const MAX_WEBSOCKET_MESSAGE_BYTES = 8 * 1024 * 1024;

export interface WebSocketHostOptions {
  readonly server: Server;
  readonly host: Host;
  readonly logger: Logger;
  /**
   * Origins (scheme://host:port) allowed to connect. Browsers always send Origin, so another web
   * page open in the same browser cannot drive the host; clients without Origin (tests, tools on
   * this machine) are allowed, as they could read the data directory anyway.
   */
  readonly allowedOrigins: () => readonly string[];
}

const decode = (data: RawData): unknown => {
  const text = Array.isArray(data)
    ? Buffer.concat(data).toString('utf8')
    : Buffer.from(data as ArrayBuffer).toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
};

/** The browser-mode transport: the host contract over a WebSocket at HOST_WEBSOCKET_PATH. */
export const attachWebSocketHost = (options: WebSocketHostOptions): WebSocketServer => {
  const wss = new WebSocketServer({
    server: options.server,
    path: HOST_WEBSOCKET_PATH,
    maxPayload: MAX_WEBSOCKET_MESSAGE_BYTES,
    verifyClient: ({ req }: { req: IncomingMessage }) => {
      const origin = req.headers.origin;
      return origin === undefined || options.allowedOrigins().includes(origin);
    },
  });

  wss.on('connection', (socket: WebSocket) => {
    const endpoint = createHostEndpoint(options.host, { transport: 'websocket' }, (message) => {
      if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
    });
    socket.on('message', (data) => {
      endpoint.receive(decode(data));
    });
    socket.on('close', () => {
      endpoint.close();
    });
    socket.on('error', (error) => {
      options.logger.warn('websocket host: connection error', error);
    });
  });
  wss.on('error', (error) => {
    options.logger.error('websocket host: server error', error);
  });
  return wss;
};
