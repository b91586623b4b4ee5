// Every screen, in the light and the dark theme, with the demo organisation's data: screenshots
// saved under tests/e2e/screenshots for people to look at, and each screen checked for its content.
import { expect, test } from '@playwright/test';
import type { Locator } from '@playwright/test';
import { cutBadges, openMachine, shoot, signIn, visit } from './support/app';
import { DEMO_PASSWORD } from './support/sync-server';

/** The address the first link of a list's first row leads to (`/programmes/01J…`). */
const firstLinkPath = async (rows: Locator) => {
  const href = await rows.first().locator('a[href^="#/"]').first().getAttribute('href');
  expect(href).toBeTruthy();
  return (href ?? '#/').slice(1);
};

test('the admin’s screens', async ({ browser }) => {
  test.setTimeout(300_000);
  const { page, errors, close } = await openMachine(browser, 'admin');
  await signIn(page, 'admin', DEMO_PASSWORD);

  await visit(page, '/');
  await expect(page.getByTestId('dashboard')).toHaveAttribute('data-role', 'admin');
  await expect(page.getByTestId('chart-tasks')).toBeVisible();
  await shoot(page, 'dashboard-admin');

  await visit(page, '/programmes?status=all');
  await expect(page.getByTestId('programme-card').first()).toBeVisible();
  await shoot(page, 'programmes');
  const active = page
    .getByTestId('programme-card')
    .filter({ has: page.locator('[data-status="active"]') });
  const programme = await firstLinkPath(active);
  await visit(page, '/programmes?status=archived');
  await expect(page.getByRole('heading', { name: 'Programme archive' })).toBeVisible();
  await shoot(page, 'programmes-archive');

  await visit(page, programme);
  await expect(page.getByRole('tab', { name: /Overview/ })).toBeVisible();
  await shoot(page, 'programme');
  for (const tab of ['members', 'tasks', 'reports', 'applications']) {
    await visit(page, `${programme}?tab=${tab}`);
    await expect(page.getByRole('tab', { name: new RegExp(tab, 'i') })).toHaveAttribute(
      'aria-selected',
      'true',
    );
    await shoot(page, `programme-${tab}`);
  }
  await visit(page, `${programme}/edit`);
  await expect(page.getByTestId('criteria-builder')).toBeVisible();
  await shoot(page, 'programme-edit');
  await visit(page, '/programmes/new');
  await expect(page.getByRole('button', { name: 'Create programme' })).toBeVisible();
  await shoot(page, 'programme-new');

  await visit(page, '/approvals');
  await expect(page.getByTestId('tab-applications')).toBeVisible();
  await shoot(page, 'approvals');
  await visit(page, '/approvals?tab=details');
  await shoot(page, 'approvals-details');

  await visit(page, '/tasks');
  await expect(page.getByTestId('task-list')).toHaveAttribute('data-ready', 'true');
  await shoot(page, 'tasks');
  const task = await firstLinkPath(page.getByTestId('task-row'));
  await visit(page, task);
  await expect(page.getByRole('heading', { level: 2 })).toBeVisible();
  await shoot(page, 'task');
  await visit(page, '/tasks/new');
  await expect(page.getByRole('button', { name: 'Create task' })).toBeVisible();
  await shoot(page, 'task-new');

  await visit(page, '/reports');
  await expect(page.getByTestId('report-row').first()).toBeVisible();
  await shoot(page, 'reports');
  // A smaller window squeezes the table's State column first: its badges still show their word.
  for (const width of [1100, 1024]) {
    await page.setViewportSize({ width, height: 800 });
    expect(await cutBadges(page), `badges at ${String(width)} px`).toEqual([]);
  }
  await page.setViewportSize({ width: 1280, height: 800 });
  const report = await firstLinkPath(page.getByTestId('report-row'));
  await visit(page, report.replace(/\/edit$/, ''));
  await expect(page.getByTestId('export-pdf')).toBeVisible();
  await shoot(page, 'report');
  await visit(page, '/reports/new');
  await expect(page.getByRole('textbox', { name: 'Achievements' })).toBeVisible();
  await shoot(page, 'report-new');

  await visit(page, '/people');
  await expect(page.getByTestId('person-row').first()).toBeVisible();
  await shoot(page, 'people');
  await page.getByRole('button', { name: 'Add person' }).click();
  await expect(page.getByRole('dialog', { name: 'Add a person' })).toBeVisible();
  await shoot(page, 'people-add');
  await page
    .getByRole('dialog', { name: 'Add a person' })
    .getByRole('button', { name: 'Cancel' })
    .click();
  await visit(page, '/people/mentor03');
  await expect(page.getByTestId('profile-facts')).toBeVisible();
  await shoot(page, 'person');

  await visit(page, '/reference-lists');
  await expect(page.getByTestId('list-techStack')).toBeVisible();
  await shoot(page, 'reference-lists');
  await page
    .getByTestId('list-techStack')
    .getByRole('button', { name: /^Remove / })
    .first()
    .click();
  const removing = page.getByRole('dialog');
  await expect(removing).toContainText('cannot be removed: rename it instead');
  await shoot(page, 'reference-lists-remove');
  await removing.getByRole('button', { name: 'Keep it' }).click();
  await visit(page, '/profile');
  await expect(page.getByTestId('profile-completeness')).toBeVisible();
  await shoot(page, 'profile');

  await visit(page, '/notifications');
  await expect(page.getByTestId('notification-preferences')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Broadcast to everyone' })).toBeVisible();
  await shoot(page, 'notifications-admin');

  // The header's helpers: the search box with results, the bell, and the sync panel.
  await page.getByRole('combobox', { name: 'Search', exact: true }).fill('web');
  await expect(page.getByTestId('search-hit').first()).toBeVisible();
  await shoot(page, 'search');
  await page.keyboard.press('Escape');
  const bell = page.getByTestId('notification-bell');
  const centre = page.getByRole('dialog', { name: 'Notifications' });
  await bell.click();
  await expect(centre).toBeVisible();
  await shoot(page, 'notification-bell', async () => {
    if (!(await centre.isVisible())) await bell.click();
  });
  await page.keyboard.press('Escape');
  await page.getByTestId('sync-indicator').click();
  await expect(page.getByTestId('sync-panel-body')).toBeVisible();
  await expect(page.getByTestId('sync-outbox')).toContainText('Everything is on the server');
  await shoot(page, 'sync-panel');
  await page.keyboard.press('Escape');

  expect(errors).toEqual([]);
  await close();
});

test('the manager’s and the mentor’s own screens', async ({ browser }) => {
  test.setTimeout(120_000);
  const manager = await openMachine(browser, 'manager');
  await signIn(manager.page, 'manager1', DEMO_PASSWORD);
  await visit(manager.page, '/');
  await expect(manager.page.getByTestId('dashboard')).toHaveAttribute('data-role', 'manager');
  await expect(manager.page.getByTestId('stat-approvals')).toBeVisible();
  // The header says who is signed in as the dashboard does: the person's name and its initials.
  const greeting = (await manager.page.getByTestId('dashboard-greeting').textContent()) ?? '';
  const fullName = greeting.slice(greeting.indexOf(', ') + 2);
  expect(fullName).not.toBe('manager1');
  await expect(manager.page.getByTestId('user-menu')).toContainText(fullName);
  const [first = '', ...rest] = fullName.split(' ');
  await expect(manager.page.getByTestId('user-menu').locator('.mantine-Avatar-root')).toHaveText(
    `${first.charAt(0)}${rest.at(-1)?.charAt(0) ?? ''}`.toUpperCase(),
  );
  await shoot(manager.page, 'dashboard-manager');

  const mentor = await openMachine(browser, 'mentor');
  await signIn(mentor.page, 'mentor01', DEMO_PASSWORD);
  await visit(mentor.page, '/');
  await expect(mentor.page.getByTestId('dashboard')).toHaveAttribute('data-role', 'mentor');
  // Not "0 open programmes" while some are open: the programmes they are in, and those open.
  await expect(mentor.page.getByTestId('stat-programmes')).toContainText(
    /\d+ programmes? (is|are) open to join/,
  );
  await shoot(mentor.page, 'dashboard-mentor');
  await visit(mentor.page, '/applications');
  await expect(mentor.page.getByTestId('my-application').first()).toBeVisible();
  await shoot(mentor.page, 'my-applications');
  await visit(mentor.page, '/programmes?status=active');
  const apply = mentor.page.getByRole('link', { name: 'Apply' }).first();
  if ((await apply.count()) > 0) {
    await apply.click();
    await expect(mentor.page.getByRole('button', { name: 'Submit application' })).toBeVisible();
    await shoot(mentor.page, 'apply');
  }
  await visit(mentor.page, '/profile/details');
  await expect(mentor.page.getByTestId('details-form')).toBeVisible();
  await shoot(mentor.page, 'mentor-details');

  expect(manager.errors).toEqual([]);
  expect(mentor.errors).toEqual([]);
  await Promise.all([manager.close(), mentor.close()]);
});
