// Files that travel (docs/FILES.md): a mentor attaches a CV to their details on their machine while
// the sync server is down (the sync panel lists it as waiting); once it is back, the manager on
// another machine opens it from the approvals inbox and gets the same bytes.
import { readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { openMachine, shoot, signIn, visit } from './support/app';
import { DEMO_PASSWORD, startSyncServer, stopSyncServer } from './support/sync-server';

/** A demo mentor whose details wait for approval (shared/demo: every seventh is not approved). */
const MENTOR = 'mentor14';

/** The mentor attaches a PDF to their details with the sync server down; the details form. */
const attachWhileOffline = async (page: Page, name: string, pdf: Buffer) => {
  await signIn(page, MENTOR, DEMO_PASSWORD);
  await visit(page, '/profile/details');
  const form = page.getByTestId('details-form');
  await expect(form).toBeVisible();
  await stopSyncServer();
  const chooser = page.waitForEvent('filechooser');
  await form.getByRole('button', { name: 'CV or similar document' }).click();
  await (await chooser).setFiles({ name, mimeType: 'application/pdf', buffer: pdf });
  await expect(form.getByRole('button', { name })).toBeVisible();
  return form;
};

test('the approvals inbox opens a CV uploaded on another machine', async ({ browser }) => {
  test.setTimeout(120_000);
  const mentor = await openMachine(browser, 'mentor');
  const manager = await openMachine(browser, 'manager');
  const name = `cv-${Date.now()}.pdf`;
  const cv = Buffer.from(`%PDF-1.7\n% The CV of ${MENTOR}\n${'x'.repeat(40_000)}\n%%EOF\n`);

  const form = await attachWhileOffline(mentor.page, name, cv);
  await form.getByRole('button', { name: /Save details|Submit details/ }).click();
  await expect(mentor.page.getByText(/Your mentor details are (saved|submitted)/)).toBeVisible();
  const indicator = mentor.page.getByTestId('sync-indicator');
  await expect(indicator).toHaveAttribute('data-state', 'offline', { timeout: 30_000 });
  await indicator.click();
  const waiting = mentor.page.getByTestId('sync-file');
  await expect(waiting).toHaveAttribute('data-state', 'waiting');
  await expect(waiting).toContainText(`${name} (0.1 MB) — waiting`);
  await shoot(mentor.page, 'sync-panel-file-waiting');
  await startSyncServer();
  await expect(mentor.page.getByTestId('sync-files-outbox')).toBeHidden({ timeout: 60_000 });
  await mentor.page.keyboard.press('Escape');

  await signIn(manager.page, 'manager1', DEMO_PASSWORD);
  await visit(manager.page, '/approvals?tab=details');
  const details = manager.page
    .getByRole('article', { name: /^Mentor details of / })
    .filter({ has: manager.page.getByRole('button', { name }) });
  await expect(details).toBeVisible({ timeout: 30_000 });
  // The details come by replication, the CV's bytes when asked: they may follow a moment later.
  await expect(async () => {
    const download = manager.page.waitForEvent('download', { timeout: 5_000 });
    await details.getByRole('button', { name }).click();
    const path = await (await download).path();
    expect(readFileSync(path).equals(cv)).toBe(true);
  }).toPass({ timeout: 30_000 });
  await expect(details.getByText('not on this machine')).toBeHidden();
  await shoot(manager.page, 'approvals-details-cv');

  expect(mentor.errors).toEqual([]);
  expect(manager.errors).toEqual([]);
  await Promise.all([mentor.close(), manager.close()]);
});

// How a large file's progress looks in the sync panel. On loopback a file is sent faster than a
// screenshot is taken, so the outbox's answer is given a file half sent at the host's boundary
// (the renderer's WebSocket); that the core's values rise to 100 % is tests/sync/files.test.ts's.
test('the sync panel shows how far a large file is', async ({ browser }) => {
  const mentor = await openMachine(browser, 'mentor');
  const outboxWatches = new Set<number>();
  await mentor.page.routeWebSocket(/\/host$/, (socket) => {
    const host = socket.connectToServer();
    socket.onMessage((message) => {
      const parsed = JSON.parse(String(message)) as { t: string; id: number; name?: string };
      if (parsed.t === 'watch' && parsed.name === 'files.outbox') outboxWatches.add(parsed.id);
      host.send(message);
    });
    host.onMessage((message) => {
      const parsed = JSON.parse(String(message)) as { t: string; id: number; result?: unknown };
      if (parsed.t !== 'next' || !outboxWatches.has(parsed.id)) {
        socket.send(message);
        return;
      }
      const row = {
        ref: `sha256-${'c'.repeat(64)}`,
        name: 'CV.pdf',
        size: 3_800_000,
        state: 'sending',
        reason: null,
        progress: 0.4,
      };
      socket.send(JSON.stringify({ ...parsed, result: { ok: true, value: [row] } }));
    });
  });
  await signIn(mentor.page, MENTOR, DEMO_PASSWORD);
  await mentor.page.getByTestId('sync-indicator').click();
  const file = mentor.page.getByTestId('sync-file');
  await expect(file).toHaveAttribute('data-state', 'sending');
  await expect(file).toContainText('CV.pdf (3.6 MB) — sending, 40 %');
  await expect(mentor.page.getByRole('progressbar', { name: 'CV.pdf uploaded' })).toHaveAttribute(
    'aria-valuenow',
    '40',
  );
  await shoot(mentor.page, 'sync-panel-file-sending');
  expect(mentor.errors).toEqual([]);
  await mentor.close();
});

// A file the server will not take waits for its person, who can give it up by keyboard. Its bytes
// are taken from the machine before it is sent (the one refusal a shared e2e server can make
// happen); the quota's refusal and "Send again" are tests/sync/file-bounds.test.ts's.
test('a refused file waits in the sync panel until its person stops sending it', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const mentor = await openMachine(browser, 'mentor');
  const name = `portfolio-${Date.now()}.pdf`;
  await attachWhileOffline(mentor.page, name, Buffer.from(`%PDF-1.7\n% ${name}\n%%EOF\n`));
  // Its bytes go from this machine's file store while the server is away.
  const files = join(process.env['E2E_RUN_DIR'] ?? '', 'app-mentor', 'files');
  const meta = readdirSync(files).find(
    (each) => each.endsWith('.json') && readFileSync(join(files, each), 'utf8').includes(name),
  );
  expect(meta).toBeDefined();
  rmSync(join(files, (meta ?? '').replace(/\.json$/, '')));
  await startSyncServer();

  const indicator = mentor.page.getByTestId('sync-indicator');
  await indicator.click();
  const refused = mentor.page.getByTestId('sync-file').filter({ hasText: name });
  await expect(refused).toHaveAttribute('data-state', 'refused', { timeout: 60_000 });
  await expect(refused).toContainText('The file is no longer on this machine.');
  await shoot(mentor.page, 'sync-panel-file-refused');
  const stop = refused.getByRole('button', { name: `Stop sending ${name}` });
  await stop.focus();
  await mentor.page.keyboard.press('Enter');
  await expect(refused).toBeHidden();
  expect(mentor.errors).toEqual([]);
  await mentor.close();
});
