// The certificate scenario at three machines: the manager generates the certificates of a
// completed programme; the admin approves one on another machine (reached from the dashboard's
// count); the mentor prints theirs, saves the PDF and verifies it with the sync server down.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { readQrFromPdf, renderFirstPage } from '../support/pdf-text';
import { SCREENSHOTS, openMachine, shoot, signIn, visit } from './support/app';
import { DEMO_PASSWORD, startSyncServer, stopSyncServer } from './support/sync-server';

/** manager1's completed demo programme, with mentor04 among its mentors (shared/demo). */
const PROGRAMME = 'Mobile Makers';
const MENTOR = 'mentor04';

test('a manager generates, an admin approves elsewhere, the mentor prints and verifies offline', async ({
  browser,
}) => {
  test.setTimeout(300_000);
  const manager = await openMachine(browser, 'manager');
  const admin = await openMachine(browser, 'admin');
  const mentor = await openMachine(browser, 'mentor');

  // The manager generates every mentor's certificate: a batch with its progress.
  await signIn(manager.page, 'manager1', DEMO_PASSWORD);
  await visit(manager.page, '/programmes?status=completed');
  await manager.page.getByRole('link', { name: PROGRAMME }).first().click();
  await manager.page.getByTestId('programme-certificates-link').click();
  await expect(
    manager.page.getByRole('heading', { name: `Certificates — ${PROGRAMME}` }),
  ).toBeVisible();
  await manager.page.getByTestId('generate-all').click();
  await expect(manager.page.getByTestId('batch-progress')).toHaveAttribute('data-state', 'done', {
    timeout: 120_000,
  });
  const rows = manager.page.getByTestId('mentor-certificate');
  await expect(rows.first()).toHaveAttribute('data-status', 'pending_approval');
  await expect(rows.filter({ has: manager.page.locator('[data-status="none"]') })).toHaveCount(0);
  await shoot(manager.page, 'certificates-programme-generated');

  // The admin, at their own machine, follows the dashboard's count to the approval queue.
  await signIn(admin.page, 'admin', DEMO_PASSWORD);
  await visit(admin.page, '/');
  await admin.page.getByTestId('approvals-certificates').click();
  await expect(admin.page).toHaveURL(/tab=certificates/);
  const cards = admin.page.getByTestId('certificate-approval');
  // The demo organisation has certificates waiting too; this run's have today's series.
  const series = /S\d{8}-[0-9A-Z]{4}/.exec(
    (await manager.page.getByTestId('batch-progress').textContent()) ?? '',
  )?.[0];
  expect(series).toBeDefined();
  await expect(cards.filter({ hasText: series ?? '?' }).first()).toBeVisible({ timeout: 60_000 });
  await shoot(admin.page, 'certificates-approvals');
  // Approves every waiting certificate (the mentor's among them), one by one.
  while ((await cards.count()) > 0) {
    const card = cards.first();
    const code =
      /MMM-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]/.exec((await card.textContent()) ?? '')?.[0] ?? '';
    await card.getByRole('button', { name: /^Approve/ }).click();
    await expect(cards.filter({ hasText: code })).toHaveCount(0, { timeout: 30_000 });
  }

  // The mentor prints theirs (browser mode: the PDF opens in the browser's viewer) and saves it.
  await signIn(mentor.page, MENTOR, DEMO_PASSWORD);
  await visit(mentor.page, '/certificates');
  const mine = mentor.page.getByTestId('my-certificate');
  await expect(mine).toHaveCount(1, { timeout: 60_000 });
  await expect(mine).toContainText(PROGRAMME);
  await shoot(mentor.page, 'certificates-mine');
  const [viewer] = await Promise.all([
    mentor.page.context().waitForEvent('page'),
    mine.getByTestId('print-certificate').click(),
  ]);
  await expect.poll(() => viewer.url(), { timeout: 30_000 }).toMatch(/^blob:/);
  await viewer.close();
  const [download] = await Promise.all([
    mentor.page.waitForEvent('download'),
    mine.getByTestId('save-certificate').click(),
  ]);
  const pdfPath = join(SCREENSHOTS, 'certificate-printed.pdf');
  await download.saveAs(pdfPath);
  expect(readFileSync(pdfPath).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  // The page as paper shows it (looked at by a person), and its QR code as a phone reads it.
  renderFirstPage(pdfPath, join(SCREENSHOTS, 'certificate-printed-page'), 80);
  const qr = readQrFromPdf(pdfPath) ?? '';
  expect(qr).toMatch(/^MMM-CERT\/1\n/);

  // No network: the sync server is down; the mentor verifies the PDF and the code.
  await stopSyncServer();
  try {
    await visit(mentor.page, '/verify');
    await mentor.page.getByRole('tab', { name: 'PDF or picture' }).click();
    const [chooser] = await Promise.all([
      mentor.page.waitForEvent('filechooser'),
      mentor.page.getByTestId('verify-file').click(),
    ]);
    await chooser.setFiles(pdfPath);
    await expect(mentor.page.getByTestId('verdict')).toHaveAttribute('data-verdict', 'valid', {
      timeout: 30_000,
    });
    await shoot(mentor.page, 'certificates-verify-valid');
    const code = /MMM-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]/.exec(
      (await mentor.page.getByTestId('verdict').textContent()) ?? '',
    )?.[0];
    expect(code).toBeDefined();
    await mentor.page.getByRole('tab', { name: 'Code' }).click();
    // One character changed: the check character catches the typing mistake.
    const mistyped = `${(code ?? '').slice(0, -1)}${code?.endsWith('0') ? '1' : '0'}`;
    await mentor.page.getByTestId('verify-code').fill(mistyped);
    await mentor.page.getByRole('button', { name: 'Verify' }).click();
    await expect(mentor.page.getByRole('alert')).toContainText('typing mistake');
    await mentor.page.getByTestId('verify-code').fill(code ?? '');
    await mentor.page.getByRole('button', { name: 'Verify' }).click();
    await expect(mentor.page.getByTestId('verdict')).toHaveAttribute('data-verdict', 'valid');
    // A forged QR text: the payload with the name changed.
    const lines = qr.split('\n');
    lines[2] = `${lines[2] ?? ''}x`;
    await mentor.page.getByRole('tab', { name: 'QR text' }).click();
    await mentor.page.getByTestId('verify-qr').fill(lines.join('\n'));
    await mentor.page.getByRole('button', { name: 'Verify' }).click();
    await expect(mentor.page.getByTestId('verdict')).toHaveAttribute('data-verdict', 'forged');
    await shoot(mentor.page, 'certificates-verify-forged');
  } finally {
    await startSyncServer();
  }
  for (const machine of [manager, admin, mentor]) {
    expect(machine.errors).toEqual([]);
    await machine.close();
  }
});
