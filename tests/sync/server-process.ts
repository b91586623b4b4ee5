// The embedded server in a child process, so a test can kill it for real (SIGKILL) and restart it
// on the same port and data directory.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { ADMIN } from '../server/harness';

export const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => {
        resolve(port);
      });
    });
  });

export interface ServerProcess {
  readonly url: string;
  /** Kills the server at once: no shutdown, no flushing. */
  kill(): Promise<void>;
}

export const startServerProcess = async (port: number, dataDir: string): Promise<ServerProcess> => {
  const child: ChildProcess = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      join(__dirname, '..', '..', 'server', 'main.ts'),
      '--port',
      String(port),
      '--data',
      dataDir,
    ],
    {
      cwd: join(__dirname, '..', '..'),
      env: { ...process.env, MMM_SERVER_ADMIN: `${ADMIN.username}:${ADMIN.password}` },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('listening on')) resolve();
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) =>
      reject(new Error(`The server exited (${code}) before listening:\n${output}`)),
    );
  });
  return {
    url: `http://127.0.0.1:${port}`,
    kill: async () => {
      child.kill('SIGKILL');
      await exited;
    },
  };
};
