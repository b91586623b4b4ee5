// Completing a task is confirmed and can be taken back at once; a programme's manager reopens it.
import { expect, test } from '@playwright/test';
import { openMachine, shoot, signIn, visit } from './support/app';
import { DEMO_PASSWORD } from './support/sync-server';

test('“Mark completed” asks first, offers an undo, and a manager reopens the task later', async ({
  browser,
}) => {
  test.setTimeout(90_000);
  const { page, errors, close } = await openMachine(browser, 'manager');
  await signIn(page, 'manager1', DEMO_PASSWORD);
  await visit(page, '/tasks/new');
  await page.getByRole('combobox', { name: 'Programme' }).click();
  await page.getByRole('option').first().click();
  await page.getByRole('textbox', { name: 'Title' }).fill('Check the reopen flow');
  await page.getByRole('combobox', { name: 'Assignees' }).click();
  await page.getByRole('option').first().click();
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'Create task' }).click();
  await expect(page.getByRole('heading', { name: 'Check the reopen flow' })).toBeVisible();
  // The badge beside the title (the page's first status).
  const main = page.locator('#main-content');
  const status = main.locator('[data-status]').first();

  await page.getByRole('button', { name: 'Start task' }).click();
  await expect(status).toHaveAttribute('data-status', 'in_progress');

  // Completing asks first; "Not yet" changes nothing.
  await main.getByRole('button', { name: 'Mark completed' }).click();
  const confirm = page.getByRole('dialog', { name: 'Mark this task completed?' });
  await expect(confirm).toContainText('only the programme’s managers can reopen it');
  await shoot(page, 'task-complete-confirm');
  await confirm.getByRole('button', { name: 'Not yet' }).click();
  await expect(confirm).toBeHidden();
  await expect(status).toHaveAttribute('data-status', 'in_progress');

  // Confirmed: completed, with an undo in the notification (and on the page).
  await main.getByRole('button', { name: 'Mark completed' }).click();
  await confirm.getByRole('button', { name: 'Mark completed' }).click();
  await expect(status).toHaveAttribute('data-status', 'completed');
  const notice = page.locator('.mantine-Notification-root').filter({ hasText: 'Task completed' });
  await expect(notice).toBeVisible();
  await expect(page.getByRole('button', { name: 'Undo completing' })).toBeVisible();
  await notice.getByRole('button', { name: 'Undo' }).click();
  await expect(status).toHaveAttribute('data-status', 'in_progress');

  // Completed again, and later (the page reloaded, the undo gone) a manager reopens it.
  await main.getByRole('button', { name: 'Mark completed' }).click();
  await confirm.getByRole('button', { name: 'Mark completed' }).click();
  await expect(status).toHaveAttribute('data-status', 'completed');
  await page.reload();
  await expect(page.getByRole('button', { name: 'Undo completing' })).toHaveCount(0);
  await page.getByRole('button', { name: 'Reopen' }).click();
  const reopen = page.getByRole('dialog', { name: 'Reopen this task?' });
  await shoot(page, 'task-reopen-confirm');
  await reopen.getByRole('button', { name: 'Reopen task' }).click();
  await expect(status).toHaveAttribute('data-status', 'in_progress');
  await expect(main.getByRole('button', { name: 'Mark completed' })).toBeVisible();
  expect(errors).toEqual([]);
  await close();
});
