// Sign-in through the host contract, against the embedded server: online, wrong, pending, offline.
import { REPO_RESOURCES } from '../support/resources';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostResult, SessionInfo, SyncStatus } from '../../shared/contract';
import { createAppHost } from '../../electron/core/create-app-host';
import type { AppHost } from '../../electron/core/create-app-host';
import { sqliteDatabases } from '../../electron/core/database/sqlite-databases';
import { systemClock } from '../../electron/core/platform/clock';
import { silentLogger } from '../../electron/core/platform/logger';
import { createMemorySecretStore } from '../../electron/core/session/secret-store';
import type { EmbeddedServer } from '../../server/embedded/startEmbeddedServer';
import { createAccount, passwordOf, startTestServer } from '../server/harness';

const context = { transport: 'memory' } as const;

const latest = (host: AppHost, name: string) => {
  const seen: HostResult<unknown>[] = [];
  const stop = host.watch(name, {}, context, (result) => seen.push(result));
  return {
    value: () => {
      const last = seen.at(-1);
      return last?.ok ? last.value : undefined;
    },
    stop,
  };
};

const eventually = async (check: () => boolean, what: string, timeoutMs = 15_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`Timed out: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};

describe('session through the host', () => {
  let server: EmbeddedServer;
  let host: AppHost;
  let serverUrl = '';
  // The machine's network: down, every request fails as a dropped connection would. With
  // `sessionOnly`, the server answers only sign-ins and refuses every other request (401), as it
  // does a session that has ended.
  const network = { up: true, sessionOnly: false, signIns: 0 };
  const machineFetch: typeof fetch = (input, init) => {
    if (!network.up) return Promise.reject(new TypeError('fetch failed'));
    const url = input instanceof Request ? input.url : String(input);
    const signingIn = url.endsWith('/_session') && init?.method === 'POST';
    if (signingIn) network.signIns += 1;
    if (network.sessionOnly && !signingIn) {
      return Promise.resolve(Response.json({ error: 'unauthorized' }, { status: 401 }));
    }
    return fetch(input, init);
  };

  beforeAll(async () => {
    server = await startTestServer();
    serverUrl = server.url;
    await createAccount(server, 'mentor01', ['mentor']);
    await createAccount(server, 'applicant', []);
    const dataDir = mkdtempSync(join(tmpdir(), 'mmm-session-'));
    host = createAppHost({
      clock: systemClock,
      dataDir,
      resourcesDir: REPO_RESOURCES,
      mode: 'browser',
      version: '0.0.0',
      platform: 'linux',
      logger: silentLogger,
      fetch: machineFetch,
      secrets: createMemorySecretStore(),
      openDatabase: sqliteDatabases(dataDir),
    });
  });
  afterAll(async () => {
    await host.close();
    await server.close().catch(() => undefined);
  });

  const signIn = (username: string, password: string) =>
    host.call('session.signIn', { serverUrl, username, password }, context);

  it('refuses a wrong password and an account without a role, with clear messages', async () => {
    expect(await signIn('mentor01', 'nope')).toMatchObject({
      ok: false,
      error: { code: 'forbidden', message: 'The username or password is wrong.' },
    });
    expect(await signIn('applicant', passwordOf('applicant'))).toMatchObject({
      ok: false,
      error: {
        code: 'forbidden',
        message: expect.stringContaining('waiting for an administrator') as unknown,
      },
    });
    expect(await host.call('sync.pause', {}, context)).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
  });

  it('signs in, shows who is signed in and the sync state, and signs out', async () => {
    const current = latest(host, 'session.current');
    const status = latest(host, 'sync.status');
    const result = await signIn('mentor01', passwordOf('mentor01'));
    expect(result).toMatchObject({
      ok: true,
      value: { user: { name: 'mentor01' }, offline: false },
    });
    await eventually(
      () => (current.value() as SessionInfo | null | undefined)?.user.name === 'mentor01',
      'session.current',
    );
    await eventually(
      () => (status.value() as SyncStatus | null | undefined)?.state === 'idle',
      'sync idle',
    );
    expect(await host.call('session.signOut', {}, context)).toEqual({ ok: true, value: null });
    await eventually(() => current.value() === null && status.value() === null, 'signed out');
    current.stop();
    status.stop();
  });

  it('lets the last user sign in offline with their password, and nobody else', async () => {
    await signIn('mentor01', passwordOf('mentor01'));
    await host.call('session.signOut', {}, context);
    // The sign-in form starts from the last person of the machine (after a restart too: the
    // core reads it from its secret store).
    expect(await host.call('session.lastUser', {}, context)).toEqual({
      ok: true,
      value: { serverUrl, username: 'mentor01' },
    });
    network.up = false;

    // A wrong password is a wrong password, not a server out of reach; and no refusal names
    // whose machine this is.
    const wrong = await signIn('mentor01', 'guess');
    expect(wrong).toMatchObject({
      ok: false,
      error: {
        code: 'forbidden',
        message: expect.stringMatching(/^The password is wrong\./) as unknown,
      },
    });
    const other = await signIn('applicant', passwordOf('applicant'));
    expect(other).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    for (const refusal of [wrong, other]) {
      expect(JSON.stringify(refusal)).not.toContain('mentor01');
    }
    const offline = await signIn('mentor01', passwordOf('mentor01'));
    expect(offline).toMatchObject({
      ok: true,
      value: { user: { name: 'mentor01', roles: ['mentor'] }, offline: true },
    });
    const status = latest(host, 'sync.status');
    const current = latest(host, 'session.current');
    await eventually(
      () => (status.value() as SyncStatus | null | undefined)?.state === 'offline',
      'offline state',
    );
    expect((current.value() as SessionInfo | null)?.offline).toBe(true);

    // The server is reachable again and accepts the password: no longer an offline sign-in.
    network.up = true;
    await eventually(
      () => (current.value() as SessionInfo | null)?.offline === false,
      'the server accepting the session',
      30_000,
    );
    status.stop();
    current.stop();
  });

  it('confirms an offline sign-in when the server first says the kept session has ended, with one sign-in', async () => {
    await host.call('session.signOut', {}, context);
    network.up = false;
    expect(await signIn('mentor01', passwordOf('mentor01'))).toMatchObject({
      ok: true,
      value: { offline: true },
    });
    const status = latest(host, 'sync.status');
    const current = latest(host, 'session.current');
    await eventually(
      () => (status.value() as SyncStatus | null | undefined)?.state === 'offline',
      'offline state',
    );
    // Back, and every request of sync refused (the session ended at sign-out): the kept password
    // renews it, and the sign-in is an ordinary one again.
    network.sessionOnly = true;
    network.signIns = 0;
    network.up = true;
    await eventually(
      () => (current.value() as SessionInfo | null)?.offline === false,
      'the server accepting the session',
      30_000,
    );
    // Every feed and replication was refused at once: one renewal for all of them (a burst is what
    // the server's throttle answers with 429), and the confirmation's own.
    expect(network.signIns).toBeLessThanOrEqual(2);
    network.sessionOnly = false;
    status.stop();
    current.stop();
  });
});
