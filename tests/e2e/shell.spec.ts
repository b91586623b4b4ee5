import { mkdirSync } from 'node:fs';
import { expect, test } from '@playwright/test';

const screenshots = 'tests/e2e/screenshots';

test.beforeAll(() => {
  mkdirSync(screenshots, { recursive: true });
});

test('the shell shows app.info and a ticking host clock', async ({ page }) => {
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') pageErrors.push(message.text());
  });

  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'MMM Mentor Manager' })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Main navigation' })).toBeVisible();

  // app.info arrived over the WebSocket transport from the core.
  await expect(page.getByTestId('app-mode')).toHaveText('Browser mode');
  await expect(page.getByTestId('app-version')).toHaveText(/^\d+\.\d+\.\d+/);
  await expect(page.getByTestId('app-data-dir')).toContainText('mmm-e2e-');

  // app.clock streams: the sequence number grows and the shown time changes.
  const clock = page.getByTestId('host-clock');
  await expect(clock).toHaveAttribute('data-sequence', /\d+/);
  const firstSequence = Number(await clock.getAttribute('data-sequence'));
  const firstText = await clock.textContent();
  await expect
    .poll(async () => Number(await clock.getAttribute('data-sequence')), { timeout: 5000 })
    .toBeGreaterThanOrEqual(firstSequence + 2);
  await expect(clock).not.toHaveText(firstText ?? '');

  await page.screenshot({ path: `${screenshots}/shell-light.png`, fullPage: true });
  expect(pageErrors).toEqual([]);
});

test('the theme switches between light and dark', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto('/');
  const html = page.locator('html');
  await expect(html).toHaveAttribute('data-mantine-color-scheme', 'light');
  await page.getByRole('button', { name: 'Switch to dark theme' }).click();
  await expect(html).toHaveAttribute('data-mantine-color-scheme', 'dark');
  await expect(page.getByTestId('app-mode')).toHaveText('Browser mode');
  await page.screenshot({ path: `${screenshots}/shell-dark.png`, fullPage: true });
  // The choice is remembered across a reload.
  await page.reload();
  await expect(html).toHaveAttribute('data-mantine-color-scheme', 'dark');
});

test('the page is served with the strict CSP and no inline or eval scripts', async ({
  request,
}) => {
  const response = await request.get('/');
  const csp = response.headers()['content-security-policy'] ?? '';
  expect(csp).toContain("script-src 'self'");
  expect(csp).not.toContain('unsafe-eval');
  expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
  const html = await response.text();
  // Every script is a file of the app: an inline one would be blocked by the CSP above.
  expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
});
