// The embedded server of `npm run bench:server`, alone in its process so that its CPU time and
// memory are its own: the parent asks for them over IPC. LevelDB on disk, as a real organisation's.
import { startEmbeddedServer } from '../../../server/embedded/startEmbeddedServer';
import { ADMIN } from '../../server/harness';

export type ServerRequest = { readonly type: 'stats' } | { readonly type: 'close' };
export type ServerReply =
  | { readonly type: 'listening'; readonly url: string }
  | {
      readonly type: 'stats';
      readonly cpuMicros: number;
      readonly rssBytes: number;
      readonly heapBytes: number;
    };

const reply = (message: ServerReply) => process.send?.(message);

const main = async () => {
  const dataDir = process.argv[2];
  const layout = process.argv[3];
  if (!dataDir || (layout !== 'per-collection' && layout !== 'partitioned')) {
    throw new Error('Usage: server-child.ts <data dir> per-collection|partitioned');
  }
  const server = await startEmbeddedServer({
    port: 0,
    dataDir,
    admin: ADMIN,
    // Provisioned, and followed, as that layout (the app needs the partitioned one).
    layout,
    // Hundreds of accounts are made for the run: CouchDB's 600,000 iterations would take minutes.
    passwordIterations: 1_000,
    log: () => undefined,
  });
  process.on('message', (message: ServerRequest) => {
    switch (message.type) {
      case 'stats': {
        const cpu = process.cpuUsage();
        const memory = process.memoryUsage();
        reply({
          type: 'stats',
          cpuMicros: cpu.user + cpu.system,
          rssBytes: memory.rss,
          heapBytes: memory.heapUsed,
        });
        break;
      }
      case 'close':
        void server.close().finally(() => process.exit(0));
        break;
    }
  });
  reply({ type: 'listening', url: server.url });
};

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
