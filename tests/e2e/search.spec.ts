// The global search as a person uses it: typed into, grouped results as they type with the words
// marked, a typo forgiven, the kind and programme filters, keyboard only (Ctrl+K, arrows, Tab,
// Enter, Escape), a task opening its screen and a message opening in its chat, and axe on the open
// results in both themes.
import { expect, test } from '@playwright/test';
import type { Locator } from '@playwright/test';
import { expectAxeCleanInBothThemes, openMachine, shoot, signIn } from './support/app';
import { DEMO_PASSWORD } from './support/sync-server';

const kindsOf = (hits: Locator) =>
  hits.evaluateAll((nodes) => nodes.map((node) => (node as HTMLElement).dataset['kind']));

/** Waits until the hits are at least `count`, all of one kind (a filter's answer arrived). */
const expectOnly = async (hits: Locator, kind: string, count: number) => {
  await expect(async () => {
    const kinds = await kindsOf(hits);
    expect(kinds.length).toBeGreaterThanOrEqual(count);
    expect(new Set(kinds)).toEqual(new Set([kind]));
  }).toPass();
};

test('search: grouped results as you type, marked words, filters, keyboard, a message opens in its chat', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const { page, errors, close } = await openMachine(browser, 'manager');
  await signIn(page, 'manager1', DEMO_PASSWORD);

  await page.keyboard.press('Control+K');
  const box = page.getByRole('combobox', { name: 'Search', exact: true });
  await expect(box).toBeFocused();
  // Typed as people type: the last word is still being written.
  await page.keyboard.type('wee', { delay: 40 });
  const results = page.getByTestId('global-search-results');
  const list = results.getByRole('listbox', { name: 'Search results' });
  const hits = list.getByTestId('search-hit');
  await expect(hits.first()).toBeVisible();
  await expect(box).toHaveAttribute('aria-expanded', 'true');
  // Messages ("Great work this week."), tasks and reports ("Week 3: …"): grouped by kind, in the
  // order people look for them. Just signed in on a new machine: they fill in as sync brings them.
  await expect(async () => {
    const kinds = await kindsOf(hits);
    expect(kinds).toContain('message');
    expect(kinds).toContain('task');
    expect(kinds).toContain('report');
    expect(kinds.indexOf('message')).toBeLessThan(kinds.indexOf('task'));
  }).toPass();
  for (const label of ['Messages', 'Tasks', 'Reports']) {
    await expect(list.getByText(label, { exact: true })).toBeVisible();
  }
  // The host's matches are marked: whole words that start with what was typed, nothing else.
  const marks = await list.locator('mark').allTextContents();
  expect(marks.length).toBeGreaterThan(0);
  expect(marks.every((mark) => /^wee/i.test(mark))).toBe(true);
  await shoot(page, 'search-grouped');

  // The search (box, filters, results); the rest of the header is another screen's business.
  await expectAxeCleanInBothThemes(page, '[data-testid="search-area"]');

  // A typo is forgiven: "retor" finds the weekly retro, marked as the word it is.
  await box.fill('weekly retor');
  await expect(async () => {
    expect(await list.locator('mark').allTextContents()).toContain('retro');
  }).toPass();
  await expect(hits.filter({ hasText: 'weekly retro' }).first()).toBeVisible();

  // Keyboard only: Tab goes from the box to the filters, the results stay open; only tasks.
  await box.fill('wee');
  await expect(hits.first()).toBeVisible();
  await page.keyboard.press('Tab');
  const searchIn = results.getByRole('combobox', { name: 'Search in' });
  await expect(searchIn).toBeFocused();
  await searchIn.selectOption('task');
  await expectOnly(hits, 'task', 1);
  // And one programme: every task found is in it.
  const programme = results.getByRole('combobox', { name: 'Programme' });
  await programme.selectOption({ label: 'Web Foundations' });
  await expect(async () => {
    const details = await hits.locator('[data-testid="search-detail"]').allTextContents();
    expect(details.length).toBeGreaterThan(0);
    expect(details.every((detail) => detail.startsWith('Web Foundations ·'))).toBe(true);
  }).toPass();
  await shoot(page, 'search-filtered');

  // A task opens its screen, by a click.
  const task = hits.first();
  const taskTitle = (await task.locator('[data-testid="search-title"]').textContent()) ?? '';
  await task.click();
  await expect(page).toHaveURL(/#\/tasks\/[^/?]+$/);
  await expect(page.getByRole('heading', { name: taskTitle })).toBeVisible();
  await expect(box).toHaveValue('');
  await expect(results).toBeHidden();

  // Messages only, then back in the box: the first hit is chosen, Down moves, Enter opens it in
  // its chat, scrolled to it (the chat screen reads the address).
  await page.keyboard.press('Control+K');
  await page.keyboard.type('great work');
  await expect(box).toHaveValue('great work');
  await searchIn.selectOption('message');
  await programme.selectOption('');
  await expectOnly(hits, 'message', 2);
  await box.focus();
  const chosen = list.locator('[data-testid="search-hit"][data-combobox-selected]');
  await expect(chosen).toHaveAttribute(
    'data-id',
    (await hits.first().getAttribute('data-id')) ?? '',
  );
  await page.keyboard.press('ArrowDown');
  const messageId = (await hits.nth(1).getAttribute('data-id')) ?? '';
  await expect(chosen).toHaveAttribute('data-id', messageId);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(
    new RegExp(`#/chats/[^/?]+\\?message=${encodeURIComponent(messageId)}$`),
  );
  await expect(box).toHaveValue('');

  // Nothing found says so; Escape empties the box and closes the results.
  await page.keyboard.press('Control+K');
  await page.keyboard.type('zzzqqq');
  await expect(results).toContainText('Nothing matches “zzzqqq”.');
  await page.keyboard.press('Escape');
  await expect(box).toHaveValue('');
  await expect(results).toBeHidden();

  // On a narrow window the search is a dialog: its results show inside it, and opening one closes it.
  await page.setViewportSize({ width: 420, height: 760 });
  await page.getByRole('button', { name: 'Open search' }).click();
  const dialog = page.getByRole('dialog', { name: 'Search' });
  const dialogBox = dialog.getByRole('combobox', { name: 'Search', exact: true });
  await expect(dialogBox).toBeFocused();
  await page.keyboard.type('landing');
  const dialogHits = dialog.getByTestId('search-hit');
  await expect(dialogHits.filter({ hasText: 'Test the landing page' })).toBeVisible();
  await shoot(page, 'search-narrow');
  await dialogHits.filter({ hasText: 'Test the landing page' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('heading', { name: 'Test the landing page' })).toBeVisible();

  expect(errors).toEqual([]);
  await close();
});
