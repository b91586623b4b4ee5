import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createAppHost } from '../create-app-host';
import { sqliteDatabaseFiles, sqliteDatabases } from '../database/sqlite-databases';
import { createFileSecretStore } from '../session/secret-store';
import type { Clock } from '../platform/clock';
import type { LogBook } from '../platform/file-logger';
import type { Logger } from '../platform/logger';
import { attachWebSocketHost } from '../transport-ws/websocket-host';
import { serveOverHttp } from '../renderer-files/node-http';
import { createRendererFileHandler } from '../renderer-files/renderer-files';

export interface BrowserModeOptions {
  /** 0 picks a free port. */
  readonly port: number;
  /** Loopback by default: browser mode is for the person at this machine. */
  readonly hostname: string;
  readonly rendererDir: string;
  readonly dataDir: string;
  /** The app's fonts and icon (the repository's `resources/`). */
  readonly resourcesDir: string;
  readonly version: string;
  readonly clock: Clock;
  readonly logger: Logger;
  /** The log file behind `logger`, for diagnostics. */
  readonly logBook?: LogBook;
  readonly defaultServerUrl?: string;
}

export interface BrowserMode {
  readonly url: string;
  close(): Promise<void>;
}

/** The same core as the desktop app, in a Node process, with the renderer served over HTTP. */
export const startBrowserMode = async (options: BrowserModeOptions): Promise<BrowserMode> => {
  const host = createAppHost({
    clock: options.clock,
    dataDir: options.dataDir,
    resourcesDir: options.resourcesDir,
    mode: 'browser',
    version: options.version,
    platform: process.platform,
    logger: options.logger,
    fetch,
    // Browser mode has no OS keychain: an owner-only file in the data folder.
    secrets: createFileSecretStore(join(options.dataDir, 'secrets.json')),
    openDatabase: sqliteDatabases(options.dataDir),
    databaseFiles: sqliteDatabaseFiles(options.dataDir),
    ...(options.logBook ? { logBook: options.logBook } : {}),
    ...(options.defaultServerUrl ? { defaultServerUrl: options.defaultServerUrl } : {}),
  });
  // The same handler the desktop app's app:// protocol uses, over HTTP.
  const serveStatic = serveOverHttp(createRendererFileHandler(options.rendererDir));
  const server = createServer((request, response) => {
    serveStatic(request, response).catch((error: unknown) => {
      options.logger.error('browser mode: request failed', error);
      if (!response.headersSent) response.writeHead(500);
      response.end();
    });
  });

  let origins: string[] = [];
  const wss = attachWebSocketHost({
    server,
    host,
    logger: options.logger,
    allowedOrigins: () => origins,
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.hostname, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  origins = [`http://${options.hostname}:${port}`, `http://localhost:${port}`];

  return {
    url: `http://${options.hostname}:${port}/`,
    close: async () => {
      await host.close();
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => {
        wss.close(() => {
          resolve();
        });
      });
      server.closeAllConnections();
      await new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
      });
    },
  };
};
