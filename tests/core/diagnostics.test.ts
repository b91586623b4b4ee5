// "Copy diagnostics" on a real signed-in core: what support needs, and never a secret — not the
// password, not the session cookie the server handed out, not a secret someone logged by mistake.
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppHost } from '../../electron/core/create-app-host';
import type { AppHost } from '../../electron/core/create-app-host';
import {
  sqliteDatabaseFiles,
  sqliteDatabases,
} from '../../electron/core/database/sqlite-databases';
import { systemClock } from '../../electron/core/platform/clock';
import { createFileLogger } from '../../electron/core/platform/file-logger';
import { createMemorySecretStore } from '../../electron/core/session/secret-store';
import type { EmbeddedServer } from '../../server/embedded/startEmbeddedServer';
import { createAccount, passwordOf, startTestServer } from '../server/harness';
import { REPO_RESOURCES } from '../support/resources';

const context = { transport: 'memory' } as const;

describe('the diagnostics report', () => {
  let server: EmbeddedServer;
  let host: AppHost;
  const dataDir = mkdtempSync(join(tmpdir(), 'mmm-diagnostics-'));
  const logger = createFileLogger({ directory: join(dataDir, 'logs'), clock: systemClock });
  const cookies: string[] = [];

  beforeAll(async () => {
    server = await startTestServer();
    await createAccount(server, 'ada', ['admin']);
    host = createAppHost({
      clock: systemClock,
      dataDir,
      resourcesDir: REPO_RESOURCES,
      mode: 'electron',
      version: '1.2.3',
      platform: 'linux',
      logger,
      logBook: logger,
      // Every session cookie the server sets, to look for it afterwards.
      fetch: async (input, init) => {
        const response = await fetch(input, init);
        const cookie = /AuthSession=([^;]+)/.exec(response.headers.get('set-cookie') ?? '')?.[1];
        if (cookie) cookies.push(cookie);
        return response;
      },
      secrets: createMemorySecretStore(),
      openDatabase: sqliteDatabases(dataDir),
      databaseFiles: sqliteDatabaseFiles(dataDir),
      runtimeVersions: { node: '20.19.0', electron: '45.4.1', chrome: '140.0.0.0' },
    });
  });
  afterAll(async () => {
    await host.close();
    await server.close();
  });

  const collect = async () => {
    const result = await host.call('diagnostics.collect', {}, context);
    if (!result.ok) throw new Error(result.error.message);
    return (result.value as { text: string }).text;
  };

  it('says what runs where while nobody is signed in', async () => {
    const text = await collect();
    expect(text).toContain('MMM Mentor Manager 1.2.3 (desktop app)');
    expect(text).toContain('Versions: electron 45.4.1 · chrome 140.0.0.0 · node 20.19.0');
    expect(text).toContain(`Data folder: ${dataDir}`);
    expect(text).toContain(`Logs folder: ${join(dataDir, 'logs')}`);
    expect(text).toContain('Signed in: nobody');
  });

  it('adds the account, the local database and the sync state, with no secret', async () => {
    const password = passwordOf('ada');
    const signIn = await host.call(
      'session.signIn',
      { serverUrl: server.url, username: 'ada', password },
      context,
    );
    expect(signIn.ok).toBe(true);
    expect(cookies.length).toBeGreaterThan(0);
    // Somebody logs a secret by mistake: the log and the report still do not carry it.
    logger.error(`sync: request failed for https://ada:${password}@example.org/x`, {
      headers: { cookie: `AuthSession=${cookies[0] ?? ''}` },
      password,
    });

    const text = await collect();
    expect(text).toContain(`Signed in: ada (admin) on ${server.url}`);
    expect(text).toMatch(/Local database: mmm-[0-9a-f]{20}\.sqlite, \d+\.\d MB/);
    expect(text).toMatch(/Sync: (connecting|syncing|idle); last synced/);
    expect(text).toMatch(/Sync issues: 0 refused, 0 conflict\(s\), 0 misfit\(s\)/);
    expect(text).toContain('ERROR sync: request failed for https://ada:***@example.org/x');

    const logs = readdirSync(join(dataDir, 'logs'))
      .map((name) => readFileSync(join(dataDir, 'logs', name), 'utf8'))
      .join('\n');
    for (const secret of [password, ...cookies]) {
      expect(text).not.toContain(secret);
      expect(logs).not.toContain(secret);
    }
  });
});
