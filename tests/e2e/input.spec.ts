// Nothing typed is lost: a report field over its limit is kept (and flagged) while the rest saves,
// a reload and leaving warn, a new report never writes into the draft open before, and over-long
// answers are counted and refused instead of cut.
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { generateDemoOrganisation } from '../../shared/demo';
import { openMachine, shoot, signIn, visit } from './support/app';
import { DEMO_PASSWORD } from './support/sync-server';

const saveState = (page: Page) => page.getByTestId('draft-save-state');

/** Starts a programme report on the first programme offered. */
const startProgrammeReport = async (page: Page) => {
  await visit(page, '/reports/new');
  await page.getByText('Programme report', { exact: true }).click();
  await page.getByRole('combobox', { name: 'Programme' }).click();
  await page.getByRole('option').first().click();
};

test('a 100 KB paste is kept, flagged, through a reload; the rest of the draft is saved', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const { page, errors, close } = await openMachine(browser, 'manager');
  await signIn(page, 'manager1', DEMO_PASSWORD);
  await startProgrammeReport(page);

  const long = 'Everything we did this week. '.repeat(3_500); // ~100 KB
  await page.getByRole('textbox', { name: 'Title' }).fill('A week of long notes');
  await page.getByRole('textbox', { name: 'Achievements' }).fill(long);
  await page.getByRole('textbox', { name: 'Blockers' }).fill('Waiting for staging access');
  await expect(page).toHaveURL(/\/reports\/[^/]+\/edit$/);
  await expect(page.getByTestId('draft-held')).toContainText('Achievements is over the limit');
  await expect(saveState(page)).toHaveAttribute('data-state', 'saved');
  await expect(page.getByText(/Keep Achievements to 20,000 characters or fewer/)).toBeVisible();
  await expect(page.getByTestId('length-counter').first()).toHaveAttribute('data-over', 'true');
  await shoot(page, 'report-held-text');
  const draftUrl = page.url();

  // Leaving warns: in the app (a link), and on a reload.
  await page
    .getByRole('navigation', { name: 'Main navigation' })
    .getByRole('link', { name: 'Reports' })
    .click();
  const leave = page.getByRole('dialog', { name: 'Leave this screen?' });
  await expect(leave).toContainText('kept only on this machine');
  await leave.getByRole('button', { name: 'Stay' }).click();
  await expect(page).toHaveURL(draftUrl);

  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.type());
    void dialog.accept();
  });
  await page.reload();
  expect(dialogs).toEqual(['beforeunload']);

  // After the reload: the title and Blockers from the report, Achievements from this machine.
  await expect(page.getByRole('textbox', { name: 'Title' })).toHaveValue('A week of long notes');
  await expect(page.getByRole('textbox', { name: 'Blockers' })).toHaveValue(
    'Waiting for staging access',
  );
  await expect(page.getByRole('textbox', { name: 'Achievements' })).toHaveValue(long);
  await expect(page.getByTestId('draft-held')).toBeVisible();

  // It cannot be submitted as it is...
  await page.getByRole('button', { name: 'Submit report' }).click();
  await page
    .getByRole('dialog', { name: 'Submit this report?' })
    .getByRole('button', { name: 'Submit report' })
    .click();
  await expect(page).toHaveURL(draftUrl);
  await expect(page.getByText(/Keep Achievements to 20,000 characters or fewer/)).toBeVisible();

  // ...and once shortened it is saved in the report, nothing is held, and leaving asks nothing.
  await page.getByRole('textbox', { name: 'Achievements' }).fill(long.slice(0, 2_000));
  await expect(page.getByTestId('draft-held')).toBeHidden();
  await expect(saveState(page)).toHaveAttribute('data-state', 'saved');
  await page
    .getByRole('navigation', { name: 'Main navigation' })
    .getByRole('link', { name: 'Reports' })
    .click();
  await expect(page).toHaveURL(/#\/reports$/);
  expect(dialogs).toEqual(['beforeunload']);
  expect(errors).toEqual([]);
  await close();
});

test('“Write a report” while a draft is open starts a new one and leaves the draft alone', async ({
  browser,
}) => {
  const { page, errors, close } = await openMachine(browser, 'manager');
  await signIn(page, 'manager1', DEMO_PASSWORD);
  await startProgrammeReport(page);
  await page.getByRole('textbox', { name: 'Title' }).fill('The first draft');
  await page.getByRole('textbox', { name: 'Achievements' }).fill('First draft text');
  await expect(page).toHaveURL(/\/reports\/[^/]+\/edit$/);
  await expect(saveState(page)).toHaveAttribute('data-state', 'saved');
  const firstDraft = new URL(page.url()).hash.slice(1);

  // Opened again by its address, then the address (a bookmark) of a new report.
  await visit(page, '/reports');
  await visit(page, firstDraft);
  await expect(page.getByRole('textbox', { name: 'Title' })).toHaveValue('The first draft');
  await visit(page, '/reports/new');
  await expect(page.getByRole('heading', { name: 'Write a report' })).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Achievements' })).toHaveValue('');
  await expect(page.getByRole('textbox', { name: 'Title' })).not.toHaveValue('The first draft');

  await page.getByText('Programme report', { exact: true }).click();
  await page.getByRole('combobox', { name: 'Programme' }).click();
  await page.getByRole('option').first().click();
  await page.getByRole('textbox', { name: 'Title' }).fill('The second draft');
  await page.getByRole('textbox', { name: 'Achievements' }).fill('Second draft text');
  await expect(page).toHaveURL(/\/reports\/[^/]+\/edit$/);
  await expect(saveState(page)).toHaveAttribute('data-state', 'saved');
  expect(new URL(page.url()).hash.slice(1)).not.toBe(firstDraft);

  // The first draft is as it was.
  await visit(page, firstDraft);
  await expect(page.getByRole('textbox', { name: 'Title' })).toHaveValue('The first draft');
  await expect(page.getByRole('textbox', { name: 'Achievements' })).toHaveValue('First draft text');
  expect(errors).toEqual([]);
  await close();
});

/**
 * A demo mentor who has not applied to an active programme, and that programme's name. The demo
 * is generated from a fixed seed (its dates, and so its ids, follow the day the server started).
 */
const applicantAndProgramme = () => {
  const org = generateDemoOrganisation();
  for (const programme of org.programmes.filter((entry) => entry.status === 'active')) {
    const taken = new Set(
      org.applications
        .filter((application) => application.programmeId === programme.id)
        .map((application) => application.userId),
    );
    const mentor = org.users.find(
      (user) => user.role === 'mentor' && user.id !== 'mentor01' && !taken.has(user.id),
    );
    if (mentor) return { mentor: mentor.id, programme: programme.name };
  }
  throw new Error('Every demo mentor has applied to every active programme.');
};

test('over-long answers and numbers past their bounds are kept, counted and refused', async ({
  browser,
}) => {
  const { mentor, programme } = applicantAndProgramme();
  const { page, errors, close } = await openMachine(browser, 'mentor');
  await signIn(page, mentor, DEMO_PASSWORD);
  await visit(page, '/programmes?status=active');
  await page.getByRole('article', { name: programme }).getByRole('link').first().click();
  await page.getByRole('link', { name: 'Apply' }).click();

  const motivation = page.getByRole('textbox', { name: 'Why do you want to join?' });
  await motivation.fill('m'.repeat(6_000));
  await expect(motivation).toHaveValue('m'.repeat(6_000));
  await expect(page.getByTestId('length-counter')).toHaveText(
    /1,000 characters over the limit of 5,000/,
  );
  const years = page.getByRole('textbox', { name: 'Years of experience' });
  await years.fill('99');
  await years.blur();
  await expect(years).toHaveValue('99');

  await page.getByRole('button', { name: 'Submit application' }).click();
  await expect(
    page.getByText('Keep your answer to 5,000 characters or fewer (it has 6,000).'),
  ).toBeVisible();
  await expect(page.getByText('Your answer is at most 60.')).toBeVisible();
  await expect(years).toHaveValue('99');
  await expect(motivation).toHaveValue('m'.repeat(6_000));
  await shoot(page, 'apply-over-limit');
  expect(errors).toEqual([]);
  await close();
});
