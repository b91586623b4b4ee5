// The installed app's page, proven without the Electron binary (issue 20). The desktop app answers
// app://mmm/ with createRendererFileHandler (electron/main/app-protocol.ts); here the very same
// handler answers a real Chromium over HTTP, with a real core behind the page's WebSocket. The
// control shows why: the same built page opened from file:// — what the window loaded before, with
// the file-protocol fuse off — stays blank.
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { createAppHost } from '../../electron/core/create-app-host';
import type { AppHost } from '../../electron/core/create-app-host';
import {
  sqliteDatabaseFiles,
  sqliteDatabases,
} from '../../electron/core/database/sqlite-databases';
import { systemClock } from '../../electron/core/platform/clock';
import { silentLogger } from '../../electron/core/platform/logger';
import { serveOverHttp } from '../../electron/core/renderer-files/node-http';
import { createRendererFileHandler } from '../../electron/core/renderer-files/renderer-files';
import { createMemorySecretStore } from '../../electron/core/session/secret-store';
import { attachWebSocketHost } from '../../electron/core/transport-ws/websocket-host';
import { SCREENSHOTS } from './support/app';
import { REPO_RESOURCES } from '../support/resources';

const outDir = resolve(process.env['MMM_OUT_DIR'] ?? 'out');
const rendererDir = join(outDir, 'renderer');

/** Everything the page says went wrong: console errors, uncaught errors, failed requests. */
const watchProblems = (page: Page) => {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('requestfailed', (request) => problems.push(`failed: ${request.url()}`));
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`${response.status()}: ${response.url()}`);
  });
  return problems;
};

test.describe('the built renderer through the app protocol handler', () => {
  let server: Server;
  let host: AppHost;
  let origin = '';

  test.beforeAll(async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'mmm-app-protocol-'));
    host = createAppHost({
      clock: systemClock,
      dataDir,
      resourcesDir: REPO_RESOURCES,
      mode: 'electron',
      version: '0.0.0',
      platform: process.platform,
      logger: silentLogger,
      fetch,
      secrets: createMemorySecretStore(),
      openDatabase: sqliteDatabases(dataDir),
      databaseFiles: sqliteDatabaseFiles(dataDir),
    });
    server = createServer((request, response) => {
      void serveOverHttp(createRendererFileHandler(rendererDir))(request, response);
    });
    attachWebSocketHost({ server, host, logger: silentLogger, allowedOrigins: () => [origin] });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  test.afterAll(async () => {
    await host.close();
    server.closeAllConnections();
    await new Promise((done) => server.close(done));
  });

  test('renders the sign-in screen with no console error and no failed request', async ({
    browser,
  }) => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const problems = watchProblems(page);
    const answer = await page.goto(`${origin}/`);
    expect(answer?.headers()['content-security-policy']).toContain("script-src 'self'");
    await expect(page.getByRole('heading', { name: 'MMM Mentor Manager' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
    await expect(page.getByLabel('Username')).toBeVisible();
    // The module script and the stylesheet arrived with their types; the page is styled.
    const font = await page.locator('body').evaluate((body) => getComputedStyle(body).fontFamily);
    expect(font).not.toBe('');
    await page.screenshot({ path: `${SCREENSHOTS}/app-protocol-sign-in.png` });
    expect(problems).toEqual([]);
    await context.close();
  });

  test('control: the same page from file:// stays blank (the bug this replaces)', async ({
    browser,
  }) => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const problems = watchProblems(page);
    await page.goto(pathToFileURL(join(rendererDir, 'index.html')).href);
    await page.waitForTimeout(1500);
    expect(await page.locator('#root').innerHTML()).toBe('');
    expect(problems.join('\n')).toMatch(/CORS|origin 'null'|failed: file:/);
    await context.close();
  });

  test('gives nothing outside the renderer folder, however the path is written', async ({
    request,
  }) => {
    for (const path of [
      '/../main/index.js',
      '/%2e%2e/main/index.js',
      '/..%2fmain%2findex.js',
      '/assets/..%2f..%2f..%2fpackage.json',
      '/%2e%2e%2f%2e%2e%2fpackage.json',
    ]) {
      const response = await request.get(`${origin}${path}`);
      expect(response.status(), path).toBe(404);
    }
    expect((await request.post(`${origin}/`)).status()).toBe(405);
  });

  test('the built main process registers app:// and loads no file:// page', () => {
    const bundle = readFileSync(join(outDir, 'main', 'index.js'), 'utf8');
    expect(bundle).toContain('registerSchemesAsPrivileged');
    expect(bundle).not.toMatch(/loadFile\s*\(|pathToFileURL\s*\(|[`'"]file:\/\//);
  });
});
