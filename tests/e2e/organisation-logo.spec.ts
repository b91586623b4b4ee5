// The organisation's certificate logo (issue 17): an admin sets it with the keyboard alone on the
// Organisation screen (an SVG, a file over 1 MB and a renamed file are refused in words), and a
// certificate saved afterwards carries it. Managers are not offered the screen.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { renderFirstPage } from '../support/pdf-text';
import { pdfImageSizes, solidPng } from '../support/images';
import { SCREENSHOTS, openMachine, shoot, signIn, visit } from './support/app';
import { DEMO_PASSWORD } from './support/sync-server';

/** manager1's completed demo programme, with certificates waiting for an admin (shared/demo). */
const PROGRAMME = 'Mobile Makers';
/** 240 × 80: no other image of a certificate has that size. */
const logo = solidPng(240, 80, [200, 30, 30]);

test('an admin sets the certificate logo by keyboard, and a certificate then carries it', async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const admin = await openMachine(browser, 'admin');
  const { page } = admin;
  await signIn(page, 'admin', DEMO_PASSWORD);
  await visit(page, '/organisation');
  const card = page.getByTestId('logo-card');
  await expect(card.getByTestId('no-logo')).toBeVisible();

  // From the page's title, Tab reaches the labelled upload button.
  await page.getByRole('heading', { name: 'Organisation', level: 2 }).click();
  const upload = card.getByRole('button', { name: 'Upload logo' });
  for (
    let presses = 0;
    presses < 10 && !(await upload.evaluate((b) => b === document.activeElement));
    presses += 1
  ) {
    await page.keyboard.press('Tab');
  }
  await expect(upload).toBeFocused();
  // Space on the focused button opens the file picker. Headless Chromium now and then opens no
  // picker for a key press that follows earlier pickers (a bare page does the same): pressed again.
  const pick = async (file: { name: string; mimeType: string; buffer: Buffer }) => {
    await expect(upload).toBeFocused();
    await expect(async () => {
      const chooser = page.waitForEvent('filechooser', { timeout: 3_000 });
      await page.keyboard.press('Space');
      await (await chooser).setFiles(file);
    }).toPass({ timeout: 20_000 });
  };
  const problem = card.getByTestId('logo-problem');

  await pick({
    name: 'logo.svg',
    mimeType: 'image/svg+xml',
    buffer: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
  });
  await expect(problem).toContainText('SVG logos are not taken');
  await shoot(page, 'organisation-logo-refused');

  await upload.focus();
  const big = Buffer.concat([logo.subarray(0, 16), Buffer.alloc(1_200_000, 7)]);
  await pick({ name: 'huge.png', mimeType: 'image/png', buffer: big });
  await expect(problem).toContainText('the logo is at most 1 MB');

  await upload.focus();
  await pick({ name: 'logo.jpg', mimeType: 'image/jpeg', buffer: logo });
  await expect(problem).toContainText('content is not a PNG or JPEG image');

  await upload.focus();
  await pick({ name: 'Our logo.png', mimeType: 'image/png', buffer: logo });
  await expect(problem).toBeHidden();
  await expect(card.getByRole('img', { name: 'The organisation’s logo' })).toBeVisible();
  await expect(card.getByRole('button', { name: 'Replace logo' })).toBeVisible();
  await expect(card).toContainText('Our logo.png');
  await shoot(page, 'organisation-logo');

  // A certificate of the programme, approved here if none is yet, saved as PDF: it carries it.
  await visit(page, '/programmes?status=completed');
  await page.getByRole('link', { name: PROGRAMME }).first().click();
  await page.getByTestId('programme-certificates-link').click();
  const approvedRows = page.locator('[data-testid="mentor-certificate"][data-status="approved"]');
  await expect(page.getByTestId('mentor-certificate').first()).toBeVisible({ timeout: 30_000 });
  if ((await approvedRows.count()) === 0) {
    const certificatesPage = page.url();
    await visit(page, '/approvals?tab=certificates');
    const waiting = page.getByTestId('certificate-approval').filter({ hasText: PROGRAMME }).first();
    await waiting.getByRole('button', { name: /^Approve/ }).click();
    await expect(page.getByText(/certificate is approved and signed/)).toBeVisible();
    await page.goto(certificatesPage);
  }
  const row = approvedRows.first();
  await expect(row).toBeVisible({ timeout: 30_000 });
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    row.getByTestId('save-certificate').click(),
  ]);
  const pdfPath = join(SCREENSHOTS, 'certificate-with-logo.pdf');
  await download.saveAs(pdfPath);
  expect(pdfImageSizes(readFileSync(pdfPath))).toContain('240x80');
  renderFirstPage(pdfPath, join(SCREENSHOTS, 'certificate-with-logo-page'), 60);
  // The logo is not part of what is signed: the PDF still verifies.
  await visit(page, '/verify');
  await page.getByRole('tab', { name: 'PDF or picture' }).click();
  const [verifyChooser] = await Promise.all([
    page.waitForEvent('filechooser'),
    page.getByTestId('verify-file').click(),
  ]);
  await verifyChooser.setFiles(pdfPath);
  await expect(page.getByTestId('verdict')).toHaveAttribute('data-verdict', 'valid', {
    timeout: 30_000,
  });

  // Taken away again: certificates print the app's icon (and later tests see the demo as it was).
  await visit(page, '/organisation');
  await card.getByRole('button', { name: 'Remove logo' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Remove' }).click();
  await expect(card.getByTestId('no-logo')).toBeVisible();

  expect(admin.errors).toEqual([]);
  await admin.close();
});

test('a manager is not offered the Organisation screen', async ({ browser }) => {
  const manager = await openMachine(browser, 'manager');
  await signIn(manager.page, 'manager1', DEMO_PASSWORD);
  await expect(manager.page.getByRole('link', { name: 'Organisation' })).toHaveCount(0);
  await visit(manager.page, '/organisation');
  await expect(manager.page.getByText('This screen is not for your role')).toBeVisible();
  await expect(manager.page.getByTestId('logo-card')).toHaveCount(0);
  expect(manager.errors).toEqual([]);
  await manager.close();
});
