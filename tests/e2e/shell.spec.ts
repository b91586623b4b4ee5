// The shell before and after sign-in: the sign-in screen and its errors, the theme, app.info and the
// host clock, the CSP.
import { expect, test } from '@playwright/test';
import { openMachine, openSignedOut, shoot, signIn, signOut, visit } from './support/app';
import { DEMO_PASSWORD, SYNC_URL } from './support/sync-server';

test('sign-in suggests the sync server and says clearly what went wrong', async ({ browser }) => {
  const { page, errors, close } = await openMachine(browser, 'admin');
  await openSignedOut(page);
  await expect(page.getByRole('heading', { name: 'MMM Mentor Manager' })).toBeVisible();
  await expect(page.getByLabel('Server address')).toHaveValue(SYNC_URL);
  await shoot(page, 'sign-in');

  // Empty fields are refused in the form, before anything is sent (the username the machine
  // remembers, if any, is cleared first).
  await page.getByLabel('Username').fill('');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByText('Enter your username.')).toBeVisible();

  await page.getByLabel('Username').fill('admin');
  await page.getByRole('textbox', { name: 'Password' }).fill('not the password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('sign-in-error')).toContainText(
    'The username or password is wrong.',
  );
  // The password is cleared, the rest kept.
  await expect(page.getByRole('textbox', { name: 'Password' })).toHaveValue('');
  await expect(page.getByLabel('Username')).toHaveValue('admin');
  await shoot(page, 'sign-in-error');

  await page.getByLabel('Server address').fill('http://127.0.0.1:9');
  await page.getByRole('textbox', { name: 'Password' }).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('sign-in-error')).toContainText('cannot be reached');
  expect(errors).toEqual([]);
  await close();
});

test('a new mentor signs up and is told to wait for an administrator', async ({ browser }) => {
  const { page, errors, close } = await openMachine(browser, 'mentor');
  await openSignedOut(page);
  await page.getByRole('tab', { name: 'Become a mentor' }).click();
  await page.getByLabel('Username').fill('Not Valid');
  await page.getByLabel('Email').fill('nobody@');
  await page.getByRole('textbox', { name: 'Password' }).fill('short');
  await page.getByRole('button', { name: 'Create my account' }).click();
  await expect(page.getByText('A username is 3–60 lower-case letters')).toBeVisible();
  await expect(page.getByText('Enter a valid email address.')).toBeVisible();
  await expect(page.getByText('A password has at least 8 characters.')).toBeVisible();
  await shoot(page, 'sign-up-errors');

  await page.getByLabel('Username').fill('e2e-applicant');
  await page.getByLabel('Full name').fill('Ada Applicant');
  await page.getByLabel('Email').fill('ada@example.org');
  await page.getByRole('textbox', { name: 'Password' }).fill('applicant-password');
  await page.getByRole('button', { name: 'Create my account' }).click();
  await expect(page.getByTestId('sign-in-notice')).toContainText('e2e-applicant is created');

  await page.getByRole('textbox', { name: 'Password' }).fill('applicant-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('sign-in-error')).toContainText(
    'waiting for an administrator to approve it',
  );
  expect(errors).toEqual([]);
  await close();
});

test('signed in: app.info, a ticking host clock, and the theme remembered', async ({ browser }) => {
  const { page, errors, close } = await openMachine(browser, 'admin');
  await signIn(page, 'admin', DEMO_PASSWORD);
  await expect(page.getByRole('navigation', { name: 'Main navigation' })).toBeVisible();
  await visit(page, '/about');
  // app.info arrived over the WebSocket transport from the core.
  await expect(page.getByTestId('app-mode')).toHaveText('Browser mode');
  await expect(page.getByTestId('app-version')).toHaveText(/^\d+\.\d+\.\d+/);
  await expect(page.getByTestId('app-data-dir')).toContainText('app-admin');
  // app.clock streams: the sequence number grows and the shown time changes.
  const clock = page.getByTestId('host-clock');
  await expect(clock).toHaveAttribute('data-sequence', /\d+/);
  const firstSequence = Number(await clock.getAttribute('data-sequence'));
  const firstText = await clock.textContent();
  await expect
    .poll(async () => Number(await clock.getAttribute('data-sequence')), { timeout: 5000 })
    .toBeGreaterThanOrEqual(firstSequence + 2);
  await expect(clock).not.toHaveText(firstText ?? '');
  await shoot(page, 'about');

  const html = page.locator('html');
  await page.getByRole('button', { name: 'Switch to dark theme' }).click();
  await expect(html).toHaveAttribute('data-mantine-color-scheme', 'dark');
  await page.reload();
  await expect(html).toHaveAttribute('data-mantine-color-scheme', 'dark');
  await page.getByRole('button', { name: 'Switch to light theme' }).click();

  // Signed out, the form starts from the last person of this machine (kept by the core, so a
  // restart keeps it too).
  await signOut(page);
  await expect(page.getByLabel('Username')).toHaveValue('admin');
  expect(errors).toEqual([]);
  await close();
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
