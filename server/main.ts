import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { isLoopback, networkWarning } from './embedded/network-notice';
import { startEmbeddedServer } from './embedded/startEmbeddedServer';

/**
 * `npm run server -- [--port 5984] [--data DIR | --memory] [--demo] [--host 127.0.0.1]
 *   [--origin URL...] [--trust-proxy loopback] [--files-quota-mb 200]`
 * The embedded sync server. Admin credentials: MMM_SERVER_ADMIN=user:password, else generated on
 * the first run and kept in the data dir.
 */

/**
 * The log is written to whatever started the server. When that goes away (a closed terminal, a
 * supervisor restarted, a test worker replaced) writing to its pipe fails with EPIPE, which would
 * end the server: the server goes on without its log instead.
 */
const keepRunningWithoutLog = (stream: NodeJS.WriteStream) => {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
};

const main = async () => {
  keepRunningWithoutLog(process.stdout);
  keepRunningWithoutLog(process.stderr);
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '5984' },
      data: { type: 'string' },
      memory: { type: 'boolean', default: false },
      host: { type: 'string', default: '127.0.0.1' },
      origin: { type: 'string', multiple: true, default: [] },
      demo: { type: 'boolean', default: false },
      'trust-proxy': { type: 'string' },
      'files-quota-mb': { type: 'string' },
    },
  });
  const quotaMb =
    values['files-quota-mb'] === undefined ? undefined : Number(values['files-quota-mb']);
  if (quotaMb !== undefined && !(quotaMb > 0)) {
    throw new Error('--files-quota-mb is a number of megabytes, more than 0.');
  }
  if (values.memory === (values.data !== undefined)) {
    throw new Error('Say where the data lives: --data DIR, or --memory.');
  }
  const dataDir = values.data === undefined ? undefined : resolve(values.data);
  const server = await startEmbeddedServer({
    port: Number(values.port),
    host: values.host,
    ...(dataDir ? { dataDir } : { memory: true }),
    allowedOrigins: values.origin,
    ...(values['trust-proxy'] === undefined ? {} : { trustProxy: values['trust-proxy'] }),
    // Each person's uploads (docs/FILES.md "Quota"); the app checks 200 MB before queuing.
    ...(quotaMb === undefined ? {} : { files: { quotaBytes: Math.round(quotaMb * 1024 * 1024) } }),
    // Dated today, so a fresh demo looks lived in (this week's reports, recent tasks).
    demo: values.demo ? { now: new Date().toISOString() } : false,
    log: (line) => {
      console.log(line);
    },
  });
  if (!isLoopback(values.host)) {
    for (const line of networkWarning(values.host, values['trust-proxy'])) console.warn(line);
  }
  console.log(`MMM sync server listening on ${server.url}`);
  const stop = () => {
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
};

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
