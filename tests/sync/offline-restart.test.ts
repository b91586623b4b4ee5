// Restarting the app while the server is out of reach: the outbox holds only what was written here.
import { REPO_RESOURCES } from '../support/resources';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { HostResult, SyncStatus } from '../../shared/contract';
import { DEMO_PASSWORD } from '../../shared/demo';
import { createAppHost } from '../../electron/core/create-app-host';
import type { AppHost } from '../../electron/core/create-app-host';
import { sqliteDatabases } from '../../electron/core/database/sqlite-databases';
import { systemClock } from '../../electron/core/platform/clock';
import { silentLogger } from '../../electron/core/platform/logger';
import { createMemorySecretStore } from '../../electron/core/session/secret-store';
import { startEmbeddedServer } from '../../server/embedded/startEmbeddedServer';
import { ADMIN } from '../server/harness';

const context = { transport: 'memory' } as const;

const statusOf = (host: AppHost, check: (status: SyncStatus) => boolean, timeoutMs = 20_000) =>
  new Promise<SyncStatus>((resolve, reject) => {
    let last: SyncStatus | null = null;
    let stop: () => void = () => undefined;
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`sync.status never matched; last: ${JSON.stringify(last)}`));
    }, timeoutMs);
    stop = host.watch('sync.status', {}, context, (result: HostResult<unknown>) => {
      if (!result.ok) return;
      last = result.value as SyncStatus | null;
      if (last && check(last)) {
        clearTimeout(timer);
        queueMicrotask(stop);
        resolve(last);
      }
    });
  });

describe('an offline restart', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'mmm-restart-'));
  const secrets = createMemorySecretStore();
  const hosts: AppHost[] = [];
  const startHost = () => {
    const host = createAppHost({
      clock: systemClock,
      dataDir,
      resourcesDir: REPO_RESOURCES,
      mode: 'browser',
      version: '0.0.0',
      platform: 'linux',
      logger: silentLogger,
      fetch,
      secrets,
      openDatabase: sqliteDatabases(dataDir),
    });
    hosts.push(host);
    return host;
  };
  afterAll(async () => {
    for (const host of hosts) await host.close();
  });

  it('counts only local changes as not synced, not everything pulled before', async () => {
    const server = await startEmbeddedServer({
      port: 0,
      memory: true,
      admin: ADMIN,
      demo: true,
      log: () => undefined,
    });
    const signIn = { serverUrl: server.url, username: 'mentor01', password: DEMO_PASSWORD };
    const first = startHost();
    expect((await first.call('session.signIn', signIn, context)).ok).toBe(true);
    await statusOf(first, (s) => s.state === 'idle' && s.outboxTotal === 0);
    await first.close();
    await server.close();

    const second = startHost();
    const again = await second.call('session.signIn', signIn, context);
    expect(again).toMatchObject({ ok: true, value: { offline: true } });
    const offline = await statusOf(second, (s) => s.state === 'offline');
    // Give the outbox time to look at every document.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const settled = await statusOf(second, () => true);
    expect(offline.state).toBe('offline');
    expect(settled.outboxTotal).toBe(0);

    // What is written now, offline, is what waits for the server.
    const edited = await second.call(
      'users.editProfile',
      { userId: 'mentor01', email: 'mentor01@demo.mmm.example', city: 'Kumasi' },
      context,
    );
    expect(edited.ok).toBe(true);
    const waiting = await statusOf(second, (s) => s.outboxTotal > 0);
    expect(waiting.outbox).toEqual({ users: 1 });
    expect(waiting.pendingIds).toEqual({ users: ['mentor01'] });
    // The demo organisation's provisioning and first pull take 17-33 s on a loaded 2-core machine.
  }, 90_000);
});
