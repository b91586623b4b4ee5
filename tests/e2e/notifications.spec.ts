// Notifications from one person's command to another's bell, on both of their machines: the
// manager assigns a task, the mentor's bell shows it, opening it leads to the task and reads it
// everywhere.
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { generateDemoOrganisation } from '../../shared/demo';
import { openMachine, shoot, signIn, visit } from './support/app';
import { DEMO_PASSWORD } from './support/sync-server';

/** A programme manager1 created and runs, and one of its mentors (the demo has a fixed seed). */
const programmeAndMentor = () => {
  const org = generateDemoOrganisation();
  for (const programme of org.programmes) {
    if (programme.status !== 'active' || programme.createdBy !== 'manager1') continue;
    const membership = org.programmeMembers.find(
      (member) => member.programmeId === programme.id && member.role === 'mentor',
    );
    const mentor = org.users.find((user) => user.id === membership?.userId);
    if (mentor)
      return { programme: programme.name, mentor: mentor.id, name: mentor.fullName ?? '' };
  }
  throw new Error('manager1 runs no active programme with a mentor in the demo.');
};

const bell = (page: Page) => page.getByTestId('notification-bell');

test('the manager assigns a task: the mentor’s bell shows 1 on both machines, 0 once opened', async ({
  browser,
}) => {
  test.setTimeout(150_000);
  const { programme, mentor, name } = programmeAndMentor();
  const manager = await openMachine(browser, 'manager');
  const first = await openMachine(browser, 'mentor');
  // The mentor's second machine (the admin's installation, signed in as the mentor).
  const second = await openMachine(browser, 'admin');
  await signIn(manager.page, 'manager1', DEMO_PASSWORD);
  await signIn(first.page, mentor, DEMO_PASSWORD);
  await signIn(second.page, mentor, DEMO_PASSWORD);

  // From nothing unread (the demo has old notifications): read on one machine, read on both.
  await bell(first.page).click();
  const popover = first.page.getByRole('dialog', { name: 'Notifications' });
  await expect(popover).toBeVisible();
  if ((await bell(first.page).getAttribute('data-unread')) !== '0') {
    await popover.getByTestId('notifications-mark-all').click();
  }
  await first.page.keyboard.press('Escape');
  for (const page of [first.page, second.page]) {
    await expect(bell(page)).toHaveAttribute('data-unread', '0', { timeout: 30_000 });
  }

  const managerUnread = await bell(manager.page).getAttribute('data-unread');
  const title = `Notify me ${Date.now()}`;
  await visit(manager.page, '/tasks/new');
  await manager.page.getByRole('combobox', { name: 'Programme' }).click();
  await manager.page.getByRole('option', { name: programme, exact: true }).click();
  await manager.page.getByRole('textbox', { name: 'Title' }).fill(title);
  await manager.page.getByRole('combobox', { name: 'Assignees' }).click();
  await manager.page.getByRole('option', { name }).first().click();
  await manager.page.keyboard.press('Escape');
  await manager.page.getByRole('button', { name: 'Create task' }).click();
  await expect(manager.page.getByRole('heading', { name: title })).toBeVisible();
  const taskPath = new URL(manager.page.url()).hash.slice(1);
  for (const page of [first.page, second.page]) {
    await expect(bell(page)).toHaveAttribute('data-unread', '1', { timeout: 30_000 });
    await expect(bell(page)).toHaveAccessibleName('Notifications: 1 unread');
  }
  // Nobody hears of their own action: the manager's bell did not count it.
  await expect(bell(manager.page)).toHaveAttribute('data-unread', managerUnread ?? '0');
  await bell(first.page).click();
  const item = popover.getByTestId('notification-item').filter({ hasText: title });
  await expect(item).toHaveAttribute('data-read', 'false');
  await shoot(first.page, 'notification-centre', async () => {
    if (!(await popover.isVisible())) await bell(first.page).click();
    await expect(item).toBeVisible();
  });
  await item.getByRole('link').click();
  await expect(first.page).toHaveURL(new RegExp(`#${taskPath}$`));
  await expect(first.page.getByRole('heading', { name: title })).toBeVisible();
  for (const page of [first.page, second.page]) {
    await expect(bell(page)).toHaveAttribute('data-unread', '0', { timeout: 30_000 });
  }

  await visit(second.page, '/notifications');
  await expect(second.page.getByTestId('notification-preferences')).toBeVisible();
  await expect(
    second.page.getByTestId('notification-item').filter({ hasText: title }),
  ).toHaveAttribute('data-read', 'true');
  await shoot(second.page, 'notifications');

  for (const machine of [manager, first, second]) {
    expect(machine.errors).toEqual([]);
    await machine.close();
  }
});
