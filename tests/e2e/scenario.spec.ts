// The role scenario, as three people at three machines would click it: an admin creates a
// manager and a mentor; the manager creates a programme with an application form; the mentor
// applies; the manager approves and gives the mentor a task; the mentor completes it and writes the
// task report while the sync server is down; the server comes back; the manager reads the report.
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { SCREENSHOTS, openMachine, shoot, signIn, visit } from './support/app';
import { DEMO_PASSWORD, startSyncServer, stopSyncServer } from './support/sync-server';

const MANAGER = { username: 'e2e-manager', name: 'Morgan Manager', password: 'manager-pass-123' };
const MENTOR = { username: 'e2e-mentor', name: 'Mina Mentor', password: 'mentor-pass-123' };
const PROGRAMME = 'Scenario Fellowship';
const TASK = 'Pair on the onboarding guide';
const REPORT = 'Onboarding guide finished';

const addPerson = async (page: Page, person: typeof MANAGER, role: 'Manager' | 'Mentor') => {
  await page.getByRole('button', { name: 'Add person' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add a person' });
  await dialog.getByRole('textbox', { name: 'Full name' }).fill(person.name);
  await dialog.getByRole('textbox', { name: 'Email' }).fill(`${person.username}@example.org`);
  await dialog.getByRole('textbox', { name: 'Username' }).fill(person.username);
  await dialog.getByRole('combobox', { name: 'Role' }).click();
  await page.getByRole('option', { name: role, exact: true }).click();
  await dialog.getByRole('textbox', { name: 'Password' }).fill(person.password);
  await dialog.getByRole('button', { name: 'Create account' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('person-row').filter({ hasText: person.name })).toBeVisible();
};

/** The sync indicator's outbox and state, as the person sees them in the header. */
const indicator = (page: Page) => page.getByTestId('sync-indicator');

test('an organisation works from sign-up to report, through a server outage', async ({
  browser,
}) => {
  test.setTimeout(240_000);
  const admin = await openMachine(browser, 'admin');
  const manager = await openMachine(browser, 'manager');
  const mentor = await openMachine(browser, 'mentor');

  // The admin creates a manager and a mentor.
  await signIn(admin.page, 'admin', DEMO_PASSWORD);
  await visit(admin.page, '/people');
  await addPerson(admin.page, MANAGER, 'Manager');
  await addPerson(admin.page, MENTOR, 'Mentor');

  // The manager creates a programme whose application form asks two questions.
  await signIn(manager.page, MANAGER.username, MANAGER.password);
  await visit(manager.page, '/programmes');
  await manager.page.getByTestId('new-programme').click();
  await manager.page.getByRole('textbox', { name: 'Name' }).fill(PROGRAMME);
  await manager.page
    .getByRole('textbox', { name: 'Description' })
    .fill('Six weeks of pairing on real work.');
  await manager.page.getByRole('button', { name: 'Add question' }).click();
  const first = manager.page.getByRole('group', { name: 'Question 1' });
  await first.getByRole('textbox', { name: 'Question' }).fill('Why do you want to mentor here?');
  await first.getByRole('combobox', { name: 'Answer type' }).click();
  await manager.page.getByRole('option', { name: 'Long text' }).click();
  await manager.page.getByRole('button', { name: 'Add question' }).click();
  const second = manager.page.getByRole('group', { name: 'Question 2' });
  await second.getByRole('textbox', { name: 'Question' }).fill('Which track?');
  await second.getByRole('combobox', { name: 'Answer type' }).click();
  await manager.page.getByRole('option', { name: 'Single choice' }).click();
  await second.getByRole('textbox', { name: 'Option 1' }).fill('Web');
  await second.getByRole('textbox', { name: 'Option 2' }).fill('Data');
  await manager.page.getByRole('button', { name: 'Create programme' }).click();
  await expect(manager.page.getByRole('heading', { name: PROGRAMME })).toBeVisible();

  // The mentor finds it and applies; an empty answer is refused inline first.
  await signIn(mentor.page, MENTOR.username, MENTOR.password);
  await visit(mentor.page, '/programmes');
  await mentor.page.getByRole('article', { name: PROGRAMME }).getByRole('link').first().click();
  await mentor.page.getByRole('link', { name: 'Apply' }).click();
  await mentor.page.getByRole('button', { name: 'Submit application' }).click();
  await expect(mentor.page.getByText('This question needs an answer.').first()).toBeVisible();
  await mentor.page
    .getByRole('textbox', { name: 'Why do you want to mentor here?' })
    .fill('I learnt from mentors and want to give back.');
  await mentor.page.getByRole('radio', { name: 'Web' }).check();
  await mentor.page.getByRole('button', { name: 'Submit application' }).click();
  const myApplication = mentor.page.getByRole('article', { name: `Application to ${PROGRAMME}` });
  await expect(myApplication).toHaveAttribute('data-status', 'pending');

  // The manager approves it from the approvals inbox (it reached them through the server).
  await visit(manager.page, '/approvals');
  const application = manager.page.getByRole('article', {
    name: `Application from ${MENTOR.name}`,
  });
  await expect(application).toContainText('I learnt from mentors');
  await application.getByRole('button', { name: 'Approve' }).click();
  await manager.page.getByRole('button', { name: 'Approve application' }).click();
  await expect(application).toBeHidden();
  await expect(myApplication).toHaveAttribute('data-status', 'approved', { timeout: 30_000 });

  // The manager gives the new mentor of the programme a task.
  await visit(manager.page, '/tasks/new');
  await manager.page.getByRole('combobox', { name: 'Programme' }).click();
  await manager.page.getByRole('option', { name: PROGRAMME }).click();
  await expect(manager.page.getByRole('combobox', { name: 'Programme' })).toHaveValue(PROGRAMME);
  await manager.page.getByRole('textbox', { name: 'Title' }).fill(TASK);
  await manager.page
    .getByRole('textbox', { name: 'Description' })
    .fill('Walk through the guide together and fix what is unclear.');
  await manager.page.getByRole('combobox', { name: 'Assignees' }).click();
  await manager.page.getByRole('option', { name: MENTOR.name }).click();
  await manager.page.getByRole('button', { name: 'Create task' }).click();
  await expect(manager.page.getByRole('heading', { name: TASK })).toBeVisible();

  // The mentor starts and completes it.
  await visit(mentor.page, '/tasks');
  await mentor.page.getByRole('link', { name: TASK }).click();
  await mentor.page.getByRole('button', { name: 'Start task' }).click();
  await mentor.page.getByRole('button', { name: 'Mark completed' }).click();
  await mentor.page
    .getByRole('dialog', { name: 'Mark this task completed?' })
    .getByRole('button', { name: 'Mark completed' })
    .click();
  await expect(mentor.page.locator('[data-status="completed"]').first()).toBeVisible();
  // The task shows completed as soon as it is written; its notice to the manager is written just
  // after. Both have reached the server once the manager's bell lists the notice, and only then
  // is an empty outbox the mentor's last word (it is briefly empty between the two on a busy CI).
  await manager.page.getByTestId('notification-bell').click();
  await expect(
    manager.page
      .getByRole('dialog', { name: 'Notifications' })
      .getByText(`Task completed: ${TASK}`),
  ).toBeVisible({ timeout: 30_000 });
  await manager.page.keyboard.press('Escape');
  await expect(indicator(mentor.page)).toHaveAttribute('data-outbox', '0', { timeout: 30_000 });

  // The train goes into a tunnel: the sync server stops; the mentor writes the report anyway.
  await stopSyncServer();
  await mentor.page.getByRole('link', { name: 'Write a task report' }).click();
  await mentor.page.getByRole('textbox', { name: 'Title' }).fill(REPORT);
  await expect(mentor.page).toHaveURL(/\/reports\/[^/]+\/edit$/);
  await mentor.page
    .getByRole('textbox', { name: 'Achievements' })
    .fill('The guide is complete and reviewed.');
  await mentor.page
    .getByRole('textbox', { name: 'Blockers' })
    .fill('None, once the staging access arrived.');
  await mentor.page
    .getByRole('textbox', { name: 'Recommendations' })
    .fill('Keep the guide in the repository.');
  await expect(mentor.page.getByTestId('draft-save-state')).toHaveAttribute('data-state', 'saved');
  await mentor.page.getByRole('button', { name: 'Submit report' }).click();
  await mentor.page
    .getByRole('dialog', { name: 'Submit this report?' })
    .getByRole('button', { name: 'Submit report' })
    .click();
  await expect(mentor.page.getByRole('dialog')).toBeHidden();
  await expect(indicator(mentor.page)).toHaveAttribute('data-state', 'offline', {
    timeout: 30_000,
  });
  // The report, and its notification to the programme's manager: both wait for the server, and
  // the sync panel says so (were anything else waiting, this names it).
  await expect(indicator(mentor.page)).toHaveAttribute('data-outbox', '2');
  await indicator(mentor.page).click();
  const waiting = mentor.page.getByTestId('sync-outbox-collection');
  await expect(waiting).toHaveCount(2);
  const waitingIn = (collection: string) =>
    mentor.page.locator(`[data-testid="sync-outbox-collection"][data-collection="${collection}"]`);
  await expect(waitingIn('reports')).toContainText('(1)');
  await expect(waitingIn('reports')).toContainText(REPORT);
  await expect(waitingIn('notifications')).toContainText('(1)');
  await mentor.page.keyboard.press('Escape');
  await expect(mentor.page.getByTestId('sync-panel-body')).toBeHidden();
  await shoot(mentor.page, 'scenario-offline-outbox');

  // The server comes back: the outbox empties and the manager reads the report.
  await startSyncServer();
  await expect(indicator(mentor.page)).toHaveAttribute('data-outbox', '0', { timeout: 60_000 });
  await visit(manager.page, '/reports');
  await manager.page.getByRole('link', { name: REPORT }).click({ timeout: 30_000 });
  await expect(manager.page.getByText('The guide is complete and reviewed.')).toBeVisible();
  await expect(manager.page.getByText(MENTOR.name).first()).toBeVisible();

  // The manager exports it: a PDF written on their machine and offered as a download.
  const download = manager.page.waitForEvent('download');
  await manager.page.getByTestId('export-pdf').click();
  await expect(manager.page.getByTestId('export-path')).toContainText(/exports\/.*\.pdf/);
  const pdfPath = `${SCREENSHOTS}/scenario-report.pdf`;
  await (await download).saveAs(pdfPath);
  expect(readFileSync(pdfPath).subarray(0, 5).toString()).toBe('%PDF-');
  await shoot(manager.page, 'scenario-report-exported');

  for (const machine of [admin, manager, mentor]) expect(machine.errors).toEqual([]);
  await Promise.all([admin.close(), manager.close(), mentor.close()]);
});
