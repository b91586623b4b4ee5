// What every end-to-end test does as a person at one of the app's machines.
import { mkdirSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { expect } from '@playwright/test';
import { axeViolations, describeFindings } from './axe';
import type { Browser, Page } from '@playwright/test';
import { urlOf } from './machines';
import type { Machine } from './machines';
import { ensureSyncServer } from './sync-server';

export const SCREENSHOTS = 'tests/e2e/screenshots';

/**
 * A page on one person's machine, collecting the page's errors so a test can insist on none. The
 * sync server is made to run first: a test starts with the network up, whatever the last one did.
 */
export const openMachine = async (browser: Browser, machine: Machine) => {
  await ensureSyncServer();
  const context = await browser.newContext({
    baseURL: urlOf(machine),
    viewport: { width: 1280, height: 800 },
    colorScheme: 'light',
    // No fades: axe-core reads colours, and a notice or dialog caught mid-fade has colours of
    // neither theme (the app honours reduced motion, so this is a setting people use too).
    reducedMotion: 'reduce',
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  return { page, errors, close: () => context.close() };
};

/**
 * Opens the app signed out. A machine stays signed in between tests (the core keeps the session),
 * so whoever is signed in is signed out first.
 */
export const openSignedOut = async (page: Page) => {
  await page.goto('/');
  const userMenu = page.getByTestId('user-menu');
  const signInButton = page.getByRole('button', { name: 'Sign in' });
  await expect(userMenu.or(signInButton)).toBeVisible();
  if (await userMenu.isVisible()) await signOut(page);
};

export const signIn = async (page: Page, username: string, password: string) => {
  await openSignedOut(page);
  const userMenu = page.getByTestId('user-menu');
  await page.getByLabel('Username').fill(username);
  // The pre-filled username must never mix with what is typed (it once became "manager1manager1").
  await expect(page.getByLabel('Username')).toHaveValue(username);
  await page.getByRole('textbox', { name: 'Password' }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(userMenu).toBeVisible({ timeout: 30_000 });
  await expect(userMenu).toHaveAttribute('data-account', username);
};

export const signOut = async (page: Page) => {
  await page.getByTestId('user-menu').click();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
};

/** Goes to a screen by its address. */
export const visit = async (page: Page, path: string) => {
  await page.goto(`/#${path}`);
};

/** Badges whose word does not fit (shown with an ellipsis, "SUBMITT…"). */
export const cutBadges = (page: Page) =>
  page
    .locator('.mantine-Badge-label')
    .evaluateAll((labels) =>
      labels
        .filter((label) => label.scrollWidth > label.clientWidth + 1)
        .map((label) => label.textContent),
    );

/**
 * Saves the current screen in the light and the dark theme (`<name>-light.png`, `<name>-dark.png`),
 * and checks it in both with axe-core (WCAG 2.2 AA: any serious or critical finding fails the test,
 * after the tour, so one run lists every screen's findings) and for badges cut off.
 * The theme is set on the page's root element, as Mantine's own switch does, so screens with an
 * open dialog (whose overlay covers the switch) are taken in both themes too.
 */
/**
 * Screenshots and axe in both themes. `prepare` runs after each theme is set, for what the switch
 * closes (a popover closes when the color scheme attribute changes under it).
 */
export const shoot = async (page: Page, name: string, prepare?: () => Promise<void>) => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const html = page.locator('html');
  const previous = await html.getAttribute('data-mantine-color-scheme');
  // From the top: a full-page picture of a scrolled page draws the fixed header mid-page.
  await page.evaluate(() => {
    window.scrollTo(0, 0);
  });
  for (const scheme of ['light', 'dark'] as const) {
    await html.evaluate((element, value) => {
      element.setAttribute('data-mantine-color-scheme', value);
    }, scheme);
    // Let transitions (dialogs opening, charts drawing) settle before the picture.
    await page.waitForTimeout(250);
    if (prepare) {
      await prepare();
      await page.waitForTimeout(250);
    }
    await page.screenshot({ path: `${SCREENSHOTS}/${name}-${scheme}.png`, fullPage: true });
    // Soft: the tour goes on, so one run lists every screen's findings.
    expect
      .soft(
        describeFindings(await axeViolations(page, { colours: scheme === 'dark' })),
        `axe-core: ${name} (${scheme})`,
      )
      .toBe('');
    expect.soft(await cutBadges(page), `badges cut off: ${name}`).toEqual([]);
  }
  await html.evaluate((element, value) => {
    element.setAttribute('data-mantine-color-scheme', value);
  }, previous ?? 'light');
};

/**
 * axe on a part of the page (a CSS selector), in the light and the dark theme: no violation of
 * any impact. The theme is set as `shoot` sets it, and put back to light.
 */
export const expectAxeCleanInBothThemes = async (page: Page, include: string) => {
  const html = page.locator('html');
  for (const scheme of ['light', 'dark'] as const) {
    await html.evaluate((element, value) => {
      element.setAttribute('data-mantine-color-scheme', value);
    }, scheme);
    const axe = await new AxeBuilder({ page }).include(include).analyze();
    expect(
      axe.violations.map((v) => `${scheme} ${v.id}: ${v.nodes.map((n) => n.html).join(' | ')}`),
    ).toEqual([]);
  }
  await html.evaluate((element) => {
    element.setAttribute('data-mantine-color-scheme', 'light');
  });
};
