// `npm run bench:ui`: the task list with the demo organisation scaled to 10,000 tasks, in Chromium
// against browser mode: page load → first task list painted, and filter keystroke → list updated
// (p50/p95 over 50 keystrokes). Last line: one JSON object.
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../shared/demo';
import { startEmbeddedServer } from '../../server/embedded/startEmbeddedServer';
import { ADMIN } from '../server/harness';

const TASKS = Number(process.env['BENCH_UI_TASKS'] ?? 10_000);
const LOADS = Number(process.env['BENCH_UI_LOADS'] ?? 5);
/** The admin sees every task: the biggest list there is. */
const USER = process.env['BENCH_UI_USER'] ?? 'admin';
const OUT_DIR = 'out-bench';
const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const TARGETS = { firstListMs: 1_500, filterP95Ms: 100 };

/** 50 keystrokes: words typed, taken back, and another typed (each one changes the filter). */
const typed = (text: string) => Array.from(text);
const erased = (count: number) => Array<string>(count).fill('Backspace');
const KEYSTROKES = [
  ...typed('onboarding'),
  ...erased(10),
  ...typed('review guide'),
  ...erased(12),
  ...typed('plan a'),
];

const root = join(import.meta.dirname, '..', '..');
const percentile = (values: readonly number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
};
const round = (ms: number) => Math.round(ms * 10) / 10;
const median = (values: readonly number[]) => percentile(values, 50);

const build = () => {
  if (process.env['BENCH_UI_SKIP_BUILD'] === '1') return;
  console.log(`Building the app into ${OUT_DIR}/ …`);
  const result = spawnSync(
    process.execPath,
    [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'],
    {
      cwd: root,
      env: { ...process.env, MMM_OUT_DIR: OUT_DIR },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  if (result.status !== 0) throw new Error('The build failed.');
};

/** Browser mode as the app runs it: its own Node process. Resolves with its address. */
const startBrowserMode = (dataDir: string, serverUrl: string) =>
  new Promise<{ url: string; child: ChildProcess }>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        join(root, OUT_DIR, 'main', 'browser-mode.js'),
        '--port',
        '0',
        '--data',
        dataDir,
        '--server',
        serverUrl,
      ],
      { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const url = /running at (http:\/\/\S+)/.exec(output)?.[1];
      if (url) resolve({ url, child });
    });
    child.once('exit', (code) => {
      reject(new Error(`Browser mode exited (${String(code)}): ${output}`));
    });
  });

/** Stops browser mode by its pid (SIGTERM closes it cleanly), killing it if it hangs. */
const stop = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null) {
      resolve();
      return;
    }
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });

const signIn = async (page: Page, url: string, serverUrl: string) => {
  await page.goto(url);
  await page.getByRole('textbox', { name: 'Server address' }).fill(serverUrl);
  await page.getByRole('textbox', { name: 'Username' }).fill(USER);
  await page.getByRole('textbox', { name: 'Password' }).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
};

/** Waits until the list shows every task (the first sync pulls them in batches). */
const waitForAllTasks = async (page: Page, url: string) => {
  await page.goto(`${url}#/tasks`);
  const all = `${new Intl.NumberFormat('en-US').format(TASKS)} tasks`;
  await page
    .getByTestId('task-count')
    .filter({ hasText: all })
    .waitFor({ timeout: Number(process.env['BENCH_UI_SYNC_TIMEOUT_MS'] ?? 300_000) })
    .catch(async (error: unknown) => {
      const shown = await page
        .getByTestId('task-count')
        .textContent()
        .catch(() => null);
      const body = (await page.locator('body').innerText()).slice(0, 500);
      throw new Error(`The list never showed ${all} (it shows: ${String(shown)}; page: ${body})`, {
        cause: error,
      });
    });
};

/**
 * Loads the task list afresh and returns ms from navigation start to the frame after the first
 * rows are in the page (the list sets data-ready one frame after it commits them).
 */
const measureFirstList = async (page: Page, url: string): Promise<number> => {
  await page.goto('about:blank');
  await page.goto(`${url}#/tasks`);
  return page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        const done = () => {
          requestAnimationFrame(() => {
            resolve(performance.now());
          });
        };
        const ready = () => document.querySelector('[data-testid=task-list][data-ready=true]');
        if (ready()) {
          done();
          return;
        }
        const observer = new MutationObserver(() => {
          if (ready()) {
            observer.disconnect();
            done();
          }
        });
        observer.observe(document.body, { subtree: true, childList: true, attributes: true });
      }),
  );
};

declare global {
  interface Window {
    /** The filter latencies measured so far, in ms. */
    __filterLatencies?: number[];
  }
}

/**
 * Installs the filter probe: each keydown in the box notes its time; when the list has re-rendered
 * for the box's new value (its data-filter says so), the next frame closes the measurement.
 */
const installFilterProbe = (page: Page) =>
  page.evaluate(() => {
    const box = document.querySelector<HTMLInputElement>('input[placeholder^="Title, programme"]');
    const list = document.querySelector<HTMLElement>('[data-testid=task-list]');
    if (!box || !list) throw new Error('The filter box or the list is missing.');
    const latencies: number[] = [];
    window.__filterLatencies = latencies;
    let pressedAt: number | null = null;
    box.addEventListener('keydown', (event) => {
      pressedAt = event.timeStamp;
    });
    const observer = new MutationObserver(() => {
      const current = document.querySelector<HTMLElement>('[data-testid=task-list]');
      if (pressedAt === null || !current || current.dataset.filter !== box.value) return;
      const started = pressedAt;
      pressedAt = null;
      requestAnimationFrame(() => {
        latencies.push(performance.now() - started);
      });
    });
    observer.observe(list.parentElement ?? document.body, {
      subtree: true,
      childList: true,
      attributes: true,
      characterData: true,
    });
  });

const measureFilter = async (page: Page): Promise<number[]> => {
  await page.getByRole('textbox', { name: 'Filter tasks' }).focus();
  await installFilterProbe(page);
  for (const [index, key] of KEYSTROKES.entries()) {
    await page.keyboard.press(key === ' ' ? 'Space' : key);
    await page.waitForFunction((count) => (window.__filterLatencies?.length ?? 0) > count, index);
  }
  return page.evaluate(() => window.__filterLatencies ?? []);
};

const main = async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'mmm-bench-ui-'));
  let started = performance.now();
  // The demo loads before the server follows new accounts (both would provision them at once).
  const server = await startEmbeddedServer({
    port: 0,
    memory: true,
    admin: ADMIN,
    demo: { tasks: TASKS },
    log: () => undefined,
  });
  const loadServerMs = performance.now() - started;
  let browserMode: ChildProcess | undefined;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  try {
    build();
    const app = await startBrowserMode(dataDir, server.url);
    browserMode = app.child;

    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    // tsx compiles this file with esbuild's keepNames, which wraps the functions handed to
    // page.evaluate in a `__name(fn, "name")` helper the page does not have.
    await page.addInitScript({ content: 'globalThis.__name = (fn) => fn;' });
    started = performance.now();
    await signIn(page, app.url, server.url);
    await waitForAllTasks(page, app.url);
    const initialSyncMs = performance.now() - started;

    const loads: number[] = [];
    for (let n = 0; n < LOADS; n += 1) loads.push(await measureFirstList(page, app.url));
    const rowsShown = await page.getByTestId('task-row').count();
    const filter = await measureFilter(page);

    const result = {
      tasks: TASKS,
      user: USER,
      firstListMs: round(median(loads)),
      firstListColdMs: round(loads[0] ?? NaN),
      firstListLoads: loads.map(round),
      filterP50Ms: round(percentile(filter, 50)),
      filterP95Ms: round(percentile(filter, 95)),
      filterMaxMs: round(Math.max(...filter)),
      keystrokes: filter.length,
      rowsShown,
      initialSyncMs: Math.round(initialSyncMs),
      loadServerMs: Math.round(loadServerMs),
      targets: TARGETS,
      meetsTargets:
        median(loads) < TARGETS.firstListMs && percentile(filter, 95) < TARGETS.filterP95Ms,
    };
    console.log('');
    console.log(`Task list, ${String(TASKS)} tasks, signed in as ${USER} (Chromium, browser mode)`);
    console.table({
      'first list painted (median of loads)': {
        ms: result.firstListMs,
        target: `< ${String(TARGETS.firstListMs)}`,
      },
      'first list painted (first load)': { ms: result.firstListColdMs, target: '' },
      'filter keystroke → list, p50': { ms: result.filterP50Ms, target: '' },
      'filter keystroke → list, p95': {
        ms: result.filterP95Ms,
        target: `< ${String(TARGETS.filterP95Ms)}`,
      },
      'filter keystroke → list, max': { ms: result.filterMaxMs, target: '' },
      'initial sync (sign-in → all tasks listed)': { ms: result.initialSyncMs, target: '' },
    });
    console.log(`Rows in the page: ${String(rowsShown)} of ${String(TASKS)} (virtualized).`);
    console.log(JSON.stringify(result));
  } finally {
    await browser.close();
    if (browserMode) await stop(browserMode);
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
};

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
