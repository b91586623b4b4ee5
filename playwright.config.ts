import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from '@playwright/test';
import { machines } from './tests/e2e/support/machines';
import { SYNC_URL } from './tests/e2e/support/sync-server';

// Playwright's own browser download fails on our machines: Debian's Chromium is used instead.
const chromiumPath = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

// One folder for the whole run, made once in the runner and inherited by the workers.
process.env['E2E_RUN_DIR'] ??= mkdtempSync(join(tmpdir(), 'mmm-e2e-'));
const runDir = process.env['E2E_RUN_DIR'];

export default defineConfig({
  testDir: 'tests/e2e',
  testMatch: '*.spec.ts',
  outputDir: 'test-results',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [['list']],
  globalSetup: './tests/e2e/support/global-setup.ts',
  use: {
    // A missing control fails the step in 20 s instead of using up the whole test's time.
    actionTimeout: 20_000,
    navigationTimeout: 20_000,
    baseURL: `http://127.0.0.1:${machines.admin}`,
    viewport: { width: 1280, height: 800 },
    // See openMachine: no fades under axe-core.
    reducedMotion: 'reduce',
    launchOptions: {
      executablePath: chromiumPath,
      // Root in CI needs --no-sandbox; the rest keep Chromium off the (closed) network.
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  // Three installations of the app, as three people's machines: each is browser mode (the same core
  // in a Node process) with its own data folder, all pointed at the one sync server.
  webServer: Object.entries(machines).map(([name, port]) => ({
    // The built browser mode, exactly what `npm run web` serves.
    command: `node out/main/browser-mode.js --port ${port} --data "${join(runDir, `app-${name}`)}" --server ${SYNC_URL}`,
    url: `http://127.0.0.1:${port}/`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'pipe' as const,
  })),
});
