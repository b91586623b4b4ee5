// The sync server of the end-to-end run: the embedded server with the demo organisation, in its own
// process on a fixed port, so every app instance suggests the same address and a test can stop it
// (the train goes into a tunnel) and start it again on the same data.
import { spawn } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
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

const logFile = () => join(runDir(), 'sync-server.log');

/** The last lines the sync server wrote, for a failure message. */
const logTail = (lines = 40): string =>
  existsSync(logFile()) ? readFileSync(logFile(), 'utf8').split('\n').slice(-lines).join('\n') : '';

/** Whether a process with this id is there (a zombie counts; see ensureSyncServer). */
const isRunning = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/**
 * Starts the sync server and waits until it listens. Its output goes to a file in the run's folder,
 * not to a pipe: the server outlives the worker that started it (Playwright replaces a worker after
 * a failed test), and a write to the dead worker's pipe would end the server with EPIPE.
 */
export const startSyncServer = async (): Promise<void> => {
  const log = openSync(logFile(), 'a');
  const startedAt = statSync(logFile()).size;
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
      stdio: ['ignore', log, log],
    },
  );
  closeSync(log);
  let exited: number | null | undefined;
  child.once('exit', (code) => (exited = code));
  const deadline = Date.now() + 60_000;
  for (;;) {
    const output = readFileSync(logFile(), 'utf8').slice(startedAt);
    if (output.includes('listening on')) break;
    if (exited !== undefined) throw new Error(`The sync server exited (${exited}):\n${output}`);
    if (Date.now() > deadline) throw new Error(`The sync server did not start in time:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.unref();
  writeFileSync(pidFile(), String(child.pid));
};

/**
 * Makes sure the sync server runs at the start of a test, whatever the test before left behind (one
 * that failed while the server was stopped must not fail every test after it). A server that died
 * on its own is reported with its last words, and started again.
 */
export const ensureSyncServer = async (): Promise<void> => {
  const answers = await fetch(SYNC_URL, { signal: AbortSignal.timeout(5_000) }).then(
    (response) => response.ok,
    () => false,
  );
  if (answers) return;
  if (existsSync(pidFile())) {
    console.warn(`The sync server had stopped answering. Its last lines:\n${logTail()}`);
  }
  await stopSyncServer();
  await startSyncServer();
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
  while (Date.now() < deadline && isRunning(pid)) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};
