// The sync server of the end-to-end run: the embedded server with the demo organisation, in its own
// process on a fixed port, so every app instance suggests the same address and a test can stop it
// (the train goes into a tunnel) and start it again on the same data.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const SYNC_PORT = Number(process.env['E2E_SYNC_PORT'] ?? 5994);
export const SYNC_URL = `http://127.0.0.1:${SYNC_PORT}`;
export const SERVER_ADMIN = 'e2e-admin:e2e-admin-password';
/** The demo organisation's password (shared/demo DEMO_PASSWORD). */
export const DEMO_PASSWORD = 'mentor-demo';

const root = join(__dirname, '..', '..', '..');
/** One folder per run, named in the environment so every worker and the teardown find it. */
const runDir = () => {
  const dir = process.env['E2E_RUN_DIR'] ?? join(tmpdir(), 'mmm-e2e-run');
  mkdirSync(dir, { recursive: true });
  return dir;
};
const pidFile = () => join(runDir(), 'sync-server.pid');

export const startSyncServer = async (): Promise<void> => {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      join(root, 'server', 'main.ts'),
      '--port',
      String(SYNC_PORT),
      '--data',
      join(runDir(), 'sync-server'),
      '--demo',
    ],
    {
      cwd: root,
      env: { ...process.env, MMM_SERVER_ADMIN: SERVER_ADMIN },
      // Its own process group, so it outlives the worker that started it until it is stopped.
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  await new Promise<void>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => {
      reject(new Error(`The sync server did not start in time:\n${output}`));
    }, 60_000);
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('listening on')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`The sync server exited (${code}):\n${output}`));
    });
  });
  child.stdout.removeAllListeners('data');
  child.stdout.resume();
  child.stderr.resume();
  child.unref();
  writeFileSync(pidFile(), String(child.pid));
};

/** Kills the sync server at once (no goodbye to the clients), as a dropped network would. */
export const stopSyncServer = async (): Promise<void> => {
  if (!existsSync(pidFile())) return;
  const pid = Number(readFileSync(pidFile(), 'utf8'));
  rmSync(pidFile());
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    return; // already gone
  }
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};
