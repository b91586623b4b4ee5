// "Your data" on the About screen, in browser mode: a backup into the backups folder, a restore
// from the list after a confirmation, and the diagnostics on the clipboard.
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { expectAxeCleanInBothThemes, openMachine, shoot, signIn, visit } from './support/app';
import { DEMO_PASSWORD } from './support/sync-server';

test('backs up, restores after confirming, and copies the diagnostics', async ({ browser }) => {
  const { page, errors, close } = await openMachine(browser, 'admin');
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await signIn(page, 'admin', DEMO_PASSWORD);
  await visit(page, '/about');
  const card = page.getByTestId('data-card');
  await expect(card.getByRole('heading', { name: 'Your data' })).toBeVisible();
  await expect(page.getByTestId('backups-dir')).toContainText('app-admin');
  await expect(page.getByTestId('app-logs-dir')).toContainText('logs');
  // Browser mode restores from the folder's list; only the desktop app opens a file dialog.
  await expect(card.getByRole('button', { name: 'Restore from a backup…' })).toHaveCount(0);

  await card.getByRole('button', { name: 'Back up my data' }).click();
  await expect(page.getByText(/^Backed up \d+ documents to .*\.mmm-backup\.$/)).toBeVisible();
  const rows = page.getByTestId('backup-list').locator('tbody tr');
  await expect(rows).toHaveCount(1);
  await shoot(page, 'about-your-data');

  await rows
    .first()
    .getByRole('button', { name: /^Restore the backup of / })
    .click();
  const dialog = page.getByRole('dialog', { name: /^Restore the backup of / });
  await expect(dialog).toContainText('documents of admin on http://127.0.0.1:');
  await expect(dialog).toContainText('Anything newer on the server stays');
  await shoot(page, 'about-restore-confirm');
  const axe = await new AxeBuilder({ page })
    .include('[role="dialog"]')
    // Mantine's Modal puts its title in a <header> inside the role="dialog" section, which axe
    // counts as a second banner; the dialog is labelled by that title as it should be.
    .disableRules(['landmark-no-duplicate-banner'])
    .analyze();
  expect(
    axe.violations.map((v) => `${v.id}: ${v.help} ${v.nodes.map((n) => n.html).join(' | ')}`),
  ).toEqual([]);
  await page.getByTestId('confirm-restore').click();
  await expect(page.getByText(/^Restored \d+ documents\./)).toBeVisible({ timeout: 30_000 });
  // Still signed in, on the same screen; the data from before is itself a backup now.
  await expect(page.getByTestId('user-menu')).toBeVisible();
  await expect(rows).toHaveCount(2);
  await expect(rows.filter({ hasText: 'Before restore admin' })).toHaveCount(1);

  await card.getByRole('button', { name: 'Copy diagnostics' }).click();
  await expect(
    page.getByText('The diagnostics are on the clipboard', { exact: false }),
  ).toBeVisible();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toContain('MMM Mentor Manager');
  expect(copied).toContain('(browser mode)');
  expect(copied).toContain('Signed in: admin');
  expect(copied).not.toContain(DEMO_PASSWORD);

  await expectAxeCleanInBothThemes(page, '[data-testid="data-card"]');
  expect(errors).toEqual([]);
  await close();
});
