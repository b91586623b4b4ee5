// Files that travel (docs/FILES.md): a mentor attaches a CV to their details on their machine while
// the sync server is down (the sync panel lists it as waiting); once it is back, the manager on
// another machine opens it from the approvals inbox and gets the same bytes.
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { openMachine, shoot, signIn, visit } from './support/app';
import { DEMO_PASSWORD, startSyncServer, stopSyncServer } from './support/sync-server';

/** A demo mentor whose details wait for approval (shared/demo: every seventh is not approved). */
const MENTOR = 'mentor14';

test('the approvals inbox opens a CV uploaded on another machine', async ({ browser }) => {
  test.setTimeout(120_000);
  const mentor = await openMachine(browser, 'mentor');
  const manager = await openMachine(browser, 'manager');
  const name = `cv-${Date.now()}.pdf`;
  const cv = Buffer.from(`%PDF-1.7\n% The CV of ${MENTOR}\n${'x'.repeat(40_000)}\n%%EOF\n`);

  await signIn(mentor.page, MENTOR, DEMO_PASSWORD);
  await visit(mentor.page, '/profile/details');
  const form = mentor.page.getByTestId('details-form');
  await expect(form).toBeVisible();
  await stopSyncServer();
  const chooser = mentor.page.waitForEvent('filechooser');
  await form.getByRole('button', { name: 'CV or similar document' }).click();
  await (await chooser).setFiles({ name, mimeType: 'application/pdf', buffer: cv });
  await expect(form.getByRole('button', { name })).toBeVisible();
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
