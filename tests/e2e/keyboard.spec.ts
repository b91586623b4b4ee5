// With the keyboard only: sign in, write a report and submit it; decide in the approvals inbox.
// Every control is reached with Tab (and arrows where a widget takes them), the first tab stop
// skips to the content, and focus rings show in full.
import { expect, test } from '@playwright/test';
import type { Locator, Page } from '@playwright/test';
import { openMachine, openSignedOut } from './support/app';
import { DEMO_PASSWORD } from './support/sync-server';

/** Presses Tab until `target` has the focus; fails when it is not reached in `max` presses. */
const tabTo = async (page: Page, target: Locator, max = 60) => {
  const handle = await target.elementHandle();
  for (let presses = 0; presses < max; presses += 1) {
    if (await page.evaluate((element) => element === document.activeElement, handle)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Not reached with Tab in ${String(max)} presses: ${target.toString()}`);
};

/** Whether the focused element draws a focus ring that no scrolling ancestor cuts off. */
const focusRingInView = (page: Page) =>
  page.evaluate(() => {
    const element = document.activeElement;
    if (!(element instanceof HTMLElement)) return 'nothing focused';
    const style = getComputedStyle(element);
    if (style.outlineStyle === 'none' || parseFloat(style.outlineWidth) === 0) return 'no ring';
    const reach = parseFloat(style.outlineOffset) + parseFloat(style.outlineWidth);
    const ring = element.getBoundingClientRect();
    for (let parent = element.parentElement; parent; parent = parent.parentElement) {
      const overflow = getComputedStyle(parent);
      if (overflow.overflowX === 'visible' && overflow.overflowY === 'visible') continue;
      const clip = parent.getBoundingClientRect();
      if (
        ring.left - reach < clip.left - 0.5 ||
        ring.right + reach > clip.right + 0.5 ||
        ring.top - reach < clip.top - 0.5 ||
        ring.bottom + reach > clip.bottom + 0.5
      ) {
        return `cut off by ${parent.className}`;
      }
    }
    return 'shown';
  });

/** Types into the focused field, replacing what it holds. */
const typeInto = async (page: Page, text: string) => {
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type(text);
};

/** Signs in from the sign-in screen: Tab to the username, type, Tab, type, Enter. */
const signInWithKeyboard = async (page: Page, username: string) => {
  await openSignedOut(page);
  await tabTo(page, page.getByLabel('Username'));
  await typeInto(page, username);
  await page.keyboard.press('Tab');
  await expect(page.getByRole('textbox', { name: 'Password' })).toBeFocused();
  await typeInto(page, DEMO_PASSWORD);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('user-menu')).toHaveAttribute('data-account', username, {
    timeout: 30_000,
  });
};

test('sign in, write a report and submit it, with the keyboard only', async ({ browser }) => {
  test.setTimeout(120_000);
  const { page, errors, close } = await openMachine(browser, 'manager');
  await signInWithKeyboard(page, 'manager1');

  // The first tab stop skips the header and the navigation.
  await page.locator('body').focus();
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to content' });
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  await page.keyboard.press('Enter');
  await expect(page.locator('#main-content')).toBeFocused();

  // The navigation's focus ring is drawn in full, not cut by its scrolling column.
  await page.locator('body').focus();
  const reports = page
    .getByRole('navigation', { name: 'Main navigation' })
    .getByRole('link', { name: 'Reports' });
  await tabTo(page, reports);
  expect(await focusRingInView(page)).toBe('shown');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/#\/reports$/);

  await tabTo(page, page.getByRole('link', { name: 'Write a report' }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Write a report' })).toBeVisible();
  // A programme report: the type is a radio group (arrows), the programme a list (arrows, Enter).
  await tabTo(page, page.getByRole('radio', { name: 'Task report' }));
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('radio', { name: 'Programme report' })).toBeChecked();
  const programme = page.getByRole('combobox', { name: 'Programme' });
  await tabTo(page, programme);
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(programme).not.toHaveValue('');

  await tabTo(page, page.getByRole('textbox', { name: 'Title' }));
  await typeInto(page, 'Written with the keyboard');
  await page.keyboard.press('Tab');
  await expect(page.getByRole('textbox', { name: 'Achievements' })).toBeFocused();
  await page.keyboard.type('Every control answered to Tab, arrows and Enter.');
  await expect(page).toHaveURL(/\/reports\/[^/]+\/edit$/);
  await expect(page.getByTestId('draft-save-state')).toHaveAttribute('data-state', 'saved');

  await tabTo(page, page.getByRole('button', { name: 'Submit report' }));
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Submit this report?' });
  await expect(dialog).toBeVisible();
  await tabTo(page, dialog.getByRole('button', { name: 'Submit report' }), 10);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/reports\/[^/]+$/);
  await expect(page.getByRole('heading', { name: 'Written with the keyboard' })).toBeVisible();
  await expect(page.locator('#main-content [data-status="submitted"]').first()).toBeVisible();
  expect(errors).toEqual([]);
  await close();
});

test('the approvals inbox, with the keyboard only', async ({ browser }) => {
  test.setTimeout(120_000);
  const { page, errors, close } = await openMachine(browser, 'admin');
  await signInWithKeyboard(page, 'admin');

  await page.locator('body').focus();
  await tabTo(
    page,
    page
      .getByRole('navigation', { name: 'Main navigation' })
      .getByRole('link', { name: 'Approvals' }),
  );
  await page.keyboard.press('Enter');
  const cards = page.getByTestId('application-card');
  await expect(cards.first()).toBeVisible();
  const count = await cards.count();
  const first = cards.first();
  const applicant = (await first.getAttribute('aria-label')) ?? '';

  // Approve the first application: the dialog takes the focus (its note), Tab reaches its button.
  await tabTo(page, first.getByRole('button', { name: 'Approve' }));
  await page.keyboard.press('Enter');
  const approve = page.getByRole('dialog', { name: /^Approve .*’s application\?$/ });
  await expect(approve).toBeVisible();
  await expect(approve.getByRole('textbox', { name: 'Note to the applicant' })).toBeFocused();
  await page.keyboard.type('Welcome aboard.');
  await tabTo(page, approve.getByRole('button', { name: 'Approve application' }), 10);
  await page.keyboard.press('Enter');
  await expect(approve).toBeHidden();
  await expect(page.getByRole('article', { name: applicant })).toBeHidden();
  await expect(cards).toHaveCount(count - 1);

  // The mentor details tab: tabs move with the arrow keys, then Tab reaches the cards.
  await tabTo(page, page.getByRole('tab', { name: /Programme applications/ }));
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('tab', { name: /Mentor details/ })).toHaveAttribute(
    'aria-selected',
    'true',
  );
  const details = page.getByTestId('details-card');
  await expect(details.first()).toBeVisible();
  const person = (await details.first().getAttribute('data-person')) ?? '';
  await tabTo(page, details.first().getByRole('button', { name: /Approve/ }));
  await page.keyboard.press('Enter');
  await expect(page.locator(`[data-testid="details-card"][data-person="${person}"]`)).toBeHidden();
  expect(errors).toEqual([]);
  await close();
});
