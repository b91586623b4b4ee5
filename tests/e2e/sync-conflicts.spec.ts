// Issue 12 as two people see it: an admin and a manager edit the same task while the sync server is
// down, twice; the machine that reconnects second keeps both losing versions in its sync panel,
// and the task's history says who started it.
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { openMachine, shoot, signIn, visit } from './support/app';
import { DEMO_PASSWORD, startSyncServer, stopSyncServer } from './support/sync-server';

const TASK = 'Conflict drill';

const indicator = (page: Page) => page.getByTestId('sync-indicator');
const openPanel = async (page: Page) => {
  await indicator(page).click();
  await expect(page.getByTestId('sync-panel-body')).toBeVisible();
};
const closePanel = async (page: Page) => {
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('sync-panel-body')).toBeHidden();
};
const toggleSync = async (page: Page, action: 'Pause sync' | 'Resume sync') => {
  await openPanel(page);
  await page.getByRole('button', { name: action }).click();
  await closePanel(page);
};
const editTask = async (page: Page, field: 'Title' | 'Due date', value: string) => {
  await page.getByRole('button', { name: 'Edit' }).click();
  const dialog = page.getByRole('dialog', { name: 'Edit task' });
  await dialog.getByRole('textbox', { name: field }).fill(value);
  await dialog.getByRole('button', { name: 'Save task' }).click();
  await expect(dialog).toBeHidden();
};
const synced = (page: Page) =>
  expect(indicator(page)).toHaveAttribute('data-outbox', '0', { timeout: 60_000 });

/**
 * Both edit offline; the manager's machine reconnects first, the admin's (paused until then)
 * second, so the admin's machine meets the manager's version and keeps its own as a record.
 */
const editBothOffline = async (
  admin: Page,
  manager: Page,
  field: 'Title' | 'Due date',
  values: { admin: string; manager: string },
) => {
  await stopSyncServer();
  await editTask(manager, field, values.manager);
  await editTask(admin, field, values.admin);
  await toggleSync(admin, 'Pause sync');
  await startSyncServer();
  await synced(manager);
  await toggleSync(admin, 'Resume sync');
  await synced(admin);
};

test('two edits of one task offline, twice: every losing version is kept', async ({ browser }) => {
  test.setTimeout(240_000);
  const admin = await openMachine(browser, 'admin');
  const manager = await openMachine(browser, 'manager');
  await signIn(admin.page, 'admin', DEMO_PASSWORD);
  await signIn(manager.page, 'manager1', DEMO_PASSWORD);

  // The manager creates a task in one of their programmes, gives it to someone, and starts it.
  await visit(manager.page, '/tasks/new');
  await manager.page.getByRole('combobox', { name: 'Programme' }).click();
  await manager.page.getByRole('option').first().click();
  await manager.page.getByRole('textbox', { name: 'Title' }).fill(TASK);
  await manager.page.getByRole('textbox', { name: 'Description' }).fill('Both edit this.');
  await manager.page.getByRole('combobox', { name: 'Assignees' }).click();
  await manager.page.getByRole('option').first().click();
  await manager.page.keyboard.press('Escape');
  await manager.page.getByRole('button', { name: 'Create task' }).click();
  await expect(manager.page.getByRole('heading', { name: TASK })).toBeVisible();
  const taskUrl = manager.page.url();
  await manager.page.getByRole('button', { name: 'Start task' }).click();
  await expect(manager.page.getByTestId('task-history')).toContainText(/Started by/);
  await synced(manager.page);

  await admin.page.goto(taskUrl.replace(/^http:\/\/[^/]+/, ''));
  await expect(admin.page.getByRole('heading', { name: TASK })).toBeVisible({ timeout: 30_000 });

  await editBothOffline(admin.page, manager.page, 'Title', {
    manager: `${TASK} (manager)`,
    admin: `${TASK} (admin)`,
  });
  await editBothOffline(admin.page, manager.page, 'Due date', {
    manager: '2031-01-15',
    admin: '2031-02-20',
  });

  // Both machines agree, and the admin's machine holds both of its losing versions.
  for (const page of [admin.page, manager.page]) {
    await expect(page.getByRole('heading', { name: `${TASK} (manager)` })).toBeVisible({
      timeout: 30_000,
    });
  }
  await openPanel(admin.page);
  const records = admin.page.getByTestId('sync-conflicts').getByTestId('sync-issue');
  await expect(records).toHaveCount(2);
  await expect(records.nth(0)).toContainText('2031-02-20');
  await expect(records.nth(1)).toContainText(`${TASK} (admin)`);
  await expect(records.nth(0).getByTestId('sync-conflict-of')).toContainText('Record 1 of 2');
  await shoot(admin.page, 'sync-panel-two-records');
  await closePanel(admin.page);

  // The history says who started it.
  await expect(admin.page.getByTestId('task-history')).toContainText('Started by');
  await shoot(admin.page, 'task-detail-history');

  // Restoring the older record brings back its title, not its older due date.
  await openPanel(admin.page);
  await records.nth(1).getByRole('button', { name: 'Restore mine' }).click();
  await expect(records).toHaveCount(1);
  await closePanel(admin.page);
  await expect(admin.page.getByRole('heading', { name: `${TASK} (admin)` })).toBeVisible();
  await synced(admin.page);
  await expect(manager.page.getByRole('heading', { name: `${TASK} (admin)` })).toBeVisible({
    timeout: 30_000,
  });

  for (const machine of [admin, manager]) expect(machine.errors).toEqual([]);
  await Promise.all([admin.close(), manager.close()]);
});
