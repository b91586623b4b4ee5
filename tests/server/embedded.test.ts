import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_FILE, SESSION_SECRET_FILE } from '../../server/embedded/adminCredentials';
import {
  startEmbeddedServer,
  type EmbeddedServer,
} from '../../server/embedded/startEmbeddedServer';
import { createAccount, http, isRefused, startTestServer } from './harness';

/** The embedded server's own duties: its guards, CORS, shutdown, credentials and files. */
let server: EmbeddedServer;
const ORIGIN = 'http://localhost:5173';
const MAIN = fileURLToPath(new URL('../../server/main.ts', import.meta.url));
// `node --import tsx` as `npm run server` runs it: one process. The tsx CLI would put a parent in
// front that forwards SIGTERM and, when the child does not acknowledge it within 30 ms (a busy event
// loop, a loaded machine), kills it and exits 143.
const TSX_LOADER = new URL('../../node_modules/tsx/dist/loader.mjs', import.meta.url).href;

beforeAll(async () => {
  server = await startEmbeddedServer({
    port: 0,
    memory: true,
    admin: { username: 'root', password: 'root-password' },
    allowedOrigins: [ORIGIN],
    log: () => undefined,
  });
  await createAccount(server, 'mentor1', ['mentor']);
});
afterAll(async () => {
  await server.close();
});

describe('the embedded server', () => {
  it('refuses database creation by anyone but a server admin, and keeps running', async () => {
    expect(isRefused(await http(server, 'mentor1', 'PUT', '/mentors-own-db'))).toBe(true);
    expect(isRefused(await http(server, 'anonymous', 'PUT', '/anything'))).toBe(true);
    expect(isRefused(await http(server, 'mentor1', 'DELETE', '/mmm-tasks'))).toBe(true);
    expect((await http(server, 'anonymous', 'GET', '/')).status).toBe(200);
    expect((await http(server, 'server-admin', 'PUT', '/scratch')).status).toBe(201);
    expect((await http(server, 'server-admin', 'PUT', '/scratch-attachments')).status).toBe(201);
  });

  it('refuses an inline attachment PouchDB cannot digest, instead of crashing', async () => {
    const bad = { _id: 'x', _attachments: { 't.txt': { content_type: 'text/plain', data: {} } } };
    const bulk = await http(server, 'server-admin', 'POST', '/scratch-attachments/_bulk_docs', {
      docs: [bad],
    });
    expect(bulk.status).toBe(400);
    expect((await http(server, 'server-admin', 'PUT', '/scratch-attachments/x', bad)).status).toBe(
      400,
    );
    expect((await http(server, 'server-admin', 'POST', '/scratch-attachments', bad)).status).toBe(
      400,
    );
    const good = {
      _id: 'y',
      _attachments: { 't.txt': { content_type: 'text/plain', data: 'aGk=' } },
    };
    expect((await http(server, 'server-admin', 'PUT', '/scratch-attachments/y', good)).status).toBe(
      201,
    );
    expect((await http(server, 'anonymous', 'GET', '/')).status).toBe(200);
  });

  it('answers browser clients from allowed origins only, with credentials', async () => {
    const preflight = await fetch(`${server.url}/mmm-tasks/_all_docs`, {
      method: 'OPTIONS',
      headers: { origin: ORIGIN, 'access-control-request-method': 'GET' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(preflight.headers.get('access-control-allow-credentials')).toBe('true');
    const stranger = await fetch(`${server.url}/`, { headers: { origin: 'https://evil.example' } });
    expect(stranger.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('closes promptly with a longpoll request open', async () => {
    const other = await startTestServer();
    const longpoll = fetch(`${other.url}/_users/_changes?feed=longpoll&since=now&timeout=60000`, {
      headers: { authorization: `Basic ${Buffer.from('root:root-password').toString('base64')}` },
    }).catch(() => 'closed');
    await new Promise((resolve) => setTimeout(resolve, 200));
    const started = Date.now();
    await other.close();
    expect(Date.now() - started).toBeLessThan(5_000);
    await longpoll;
  });
});

/** `npm run server` as a child process, in `cwd`, until it says it listens. */
const runServer = (cwd: string, dataDir: string) =>
  new Promise<{ child: ChildProcess; output: () => string; url: string }>((resolve, reject) => {
    const env = { ...process.env };
    delete env.MMM_SERVER_ADMIN;
    const child = spawn(
      process.execPath,
      ['--import', TSX_LOADER, MAIN, '--port', '0', '--data', dataDir],
      {
        cwd,
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const listening = /listening on (http:\S+)/.exec(output);
      if (listening?.[1]) resolve({ child, output: () => output, url: listening[1] });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      reject(new Error(`server exited with ${String(code)}: ${output}`));
    });
  });

const stopServer = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => {
    child.once('exit', (code) => {
      resolve(code);
    });
    child.kill('SIGTERM');
  });

describe('npm run server, on disk', () => {
  let workDir: string;
  beforeAll(() => {
    workDir = mkdtempSync(join(tmpdir(), 'mmm-server-'));
  });
  afterAll(() => {
    rmSync(workDir, { recursive: true, force: true });
  });

  it('writes only into its data dir, generates its admin once (mode 0600), and keeps its data', async () => {
    const cwd = join(workDir, 'cwd');
    const dataDir = join(workDir, 'data');
    mkdirSync(cwd);
    const first = await runServer(cwd, dataDir);
    const admin = JSON.parse(readFileSync(join(dataDir, ADMIN_FILE), 'utf8')) as {
      username: string;
      password: string;
    };
    const authorization = `Basic ${Buffer.from(`${admin.username}:${admin.password}`).toString('base64')}`;
    const created = await fetch(`${first.url}/_users/org.couchdb.user%3Amentor1`, {
      method: 'PUT',
      headers: { authorization, 'content-type': 'application/json' },
      body: JSON.stringify({
        _id: 'org.couchdb.user:mentor1',
        name: 'mentor1',
        type: 'user',
        roles: ['mentor'],
        password: 'pw',
      }),
    });
    expect(created.status).toBe(201);
    const signedIn = await fetch(`${first.url}/_session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'mentor1', password: 'pw' }),
    });
    const cookie = /AuthSession=[^;]*/.exec(signedIn.headers.get('set-cookie') ?? '')?.[0] ?? '';
    expect(await stopServer(first.child)).toBe(0);

    const second = await runServer(cwd, dataDir);
    const kept = await fetch(`${second.url}/_users/org.couchdb.user%3Amentor1`, {
      headers: { authorization },
    });
    expect(kept.status).toBe(200);
    // The session outlives the restart: nobody has to sign in again (a slow hash each).
    const session = await fetch(`${second.url}/_session`, { headers: { cookie } });
    expect(((await session.json()) as { userCtx: unknown }).userCtx).toEqual({
      name: 'mentor1',
      roles: ['mentor'],
    });
    expect(await stopServer(second.child)).toBe(0);

    expect(first.output()).toContain('Generated server admin');
    expect(second.output()).not.toContain('Generated server admin');
    expect(statSync(join(dataDir, ADMIN_FILE)).mode & 0o777).toBe(0o600);
    expect(statSync(join(dataDir, SESSION_SECRET_FILE)).mode & 0o777).toBe(0o600);
    expect(readdirSync(cwd)).toEqual([]);
    expect(readdirSync(workDir).sort()).toEqual(['cwd', 'data']);
  }, 120_000);
});
