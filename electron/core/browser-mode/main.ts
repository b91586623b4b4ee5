// Entry point of browser mode (`npm run web`): the core in plain Node, the renderer in any browser.
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { version } from '../../../package.json';
import { systemClock } from '../platform/clock';
import { defaultDataDir } from '../platform/data-dir';
import { createFileLogger } from '../platform/file-logger';
import { consoleLogger } from '../platform/logger';
import { startBrowserMode } from './browser-mode';

export const DEFAULT_BROWSER_MODE_PORT = 5183;

const main = async () => {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: String(DEFAULT_BROWSER_MODE_PORT) },
      host: { type: 'string', default: '127.0.0.1' },
      data: { type: 'string' },
      // The sync server the sign-in screen suggests (npm start passes the embedded one).
      server: { type: 'string' },
    },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`--port must be a whole number from 0 to 65535, not "${values.port}".`);
    process.exit(2);
  }
  const dataDir = resolve(values.data ?? defaultDataDir());
  mkdirSync(dataDir, { recursive: true });
  const logger = createFileLogger({
    directory: join(dataDir, 'logs'),
    clock: systemClock,
    echo: consoleLogger,
  });

  const app = await startBrowserMode({
    port,
    hostname: values.host,
    // Built next to this file by electron-vite: out/main/browser-mode.js and out/renderer/.
    rendererDir: join(__dirname, '..', 'renderer'),
    dataDir,
    // The repository's resources folder, two levels up from out/main.
    resourcesDir: join(__dirname, '..', '..', 'resources'),
    version,
    clock: systemClock,
    logger,
    logBook: logger,
    ...(values.server ? { defaultServerUrl: values.server } : {}),
  });
  console.log(`MMM Mentor Manager (browser mode) is running at ${app.url}`);
  console.log(`Data directory: ${dataDir}`);
  logger.info(`browser mode ${version} serving ${app.url} from ${dataDir}`);

  const stop = () => {
    void app.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
};

main().catch((error: unknown) => {
  console.error('Browser mode could not start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
