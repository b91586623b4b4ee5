// What a role may not do is not offered, and the host refuses it when it is asked anyway.
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { openMachine, signIn, visit } from './support/app';
import { DEMO_PASSWORD } from './support/sync-server';

/**
 * Calls a command straight over the page's own WebSocket to the host, as a tampered renderer
 * could, and returns the host's answer.
 */
const callAnyway = (page: Page, name: string, input: unknown) =>
  page.evaluate(
    ([commandName, commandInput]) =>
      new Promise<{ ok: boolean; error?: { code: string; message: string } }>((resolve, reject) => {
        const socket = new WebSocket(`ws://${window.location.host}/host`);
        socket.onerror = () => {
          reject(new Error('The host socket failed.'));
        };
        socket.onopen = () => {
          socket.send(JSON.stringify({ t: 'call', id: 1, name: commandName, input: commandInput }));
        };
        socket.onmessage = (event: MessageEvent<string>) => {
          const message = JSON.parse(event.data) as {
            t: string;
            id: number;
            result: { ok: boolean; error?: { code: string; message: string } };
          };
          if (message.t !== 'result' || message.id !== 1) return;
          socket.close();
          resolve(message.result);
        };
      }),
    [name, input] as const,
  );

const navLabels = async (page: Page) =>
  (
    await page
      .getByRole('navigation', { name: 'Main navigation' })
      .getByRole('link')
      .allTextContents()
  ).map((label) => label.trim());

test('a mentor is offered only what a mentor may do, and the host refuses the rest', async ({
  browser,
}) => {
  const { page, errors, close } = await openMachine(browser, 'mentor');
  await signIn(page, 'mentor01', DEMO_PASSWORD);

  expect(await navLabels(page)).toEqual([
    'Dashboard',
    'Programmes',
    'My applications',
    'My certificates',
    'Tasks',
    'Reports',
    'Chats',
    'Forum',
    'My profile',
    'Verify a certificate',
    'About',
  ]);

  await visit(page, '/programmes');
  await expect(page.getByTestId('programme-card').first()).toBeVisible();
  await expect(page.getByTestId('new-programme')).toHaveCount(0);
  // Inside a programme: applying is offered, running it is not.
  await page.getByTestId('programme-card').first().getByRole('link').first().click();
  await expect(page.getByRole('tab', { name: /Overview/ })).toBeVisible();
  for (const action of ['Edit', 'Complete', 'Archive']) {
    await expect(page.getByRole('button', { name: action, exact: true })).toHaveCount(0);
  }

  await visit(page, '/tasks');
  await expect(page.getByTestId('task-list')).toHaveAttribute('data-ready', 'true');
  await expect(page.getByRole('link', { name: 'New task' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'New task' })).toHaveCount(0);

  // Screens for other roles, reached by address, say so instead of offering their forms.
  for (const path of [
    '/reference-lists',
    '/people',
    '/approvals',
    '/programmes/new',
    '/tasks/new',
  ]) {
    await visit(page, path);
    await expect(page.getByText('This screen is not for your role')).toBeVisible();
  }

  // And the host refuses the commands themselves.
  const refusals = {
    'programmes.create': { name: 'Sneaky', description: '', criteria: [] },
    'referenceLists.add': { list: 'techStack', name: 'Sneaky' },
    'users.setRole': { userId: 'mentor01', role: 'admin' },
    'notifications.broadcast': { title: 'Hi', body: 'Everyone' },
  };
  for (const [name, input] of Object.entries(refusals)) {
    const answer = await callAnyway(page, name, input);
    expect(answer.ok, name).toBe(false);
    expect(['forbidden', 'unknown_name'], name).toContain(answer.error?.code);
  }
  const created = await callAnyway(page, 'programmes.create', refusals['programmes.create']);
  expect(created.error).toEqual({
    code: 'forbidden',
    message: 'A mentor may not create a programme.',
  });
  expect(errors).toEqual([]);
  await close();
});

test('a manager runs programmes but does not keep the reference lists or set roles', async ({
  browser,
}) => {
  const { page, errors, close } = await openMachine(browser, 'manager');
  await signIn(page, 'manager1', DEMO_PASSWORD);
  expect(await navLabels(page)).toEqual([
    'Dashboard',
    'Programmes',
    'Approvals',
    'Tasks',
    'Reports',
    'Chats',
    'Forum',
    'People',
    'My profile',
    'Verify a certificate',
    'About',
  ]);
  await visit(page, '/programmes');
  await expect(page.getByTestId('new-programme')).toBeVisible();
  await visit(page, '/people');
  await expect(page.getByTestId('person-row').first()).toBeVisible();
  await expect(page.getByRole('button', { name: 'Add person' })).toHaveCount(0);
  await visit(page, '/reference-lists');
  await expect(page.getByText('This screen is not for your role')).toBeVisible();
  const answer = await callAnyway(page, 'referenceLists.add', { list: 'jobRole', name: 'Sneaky' });
  expect(answer.error?.code).toBe('forbidden');
  expect(errors).toEqual([]);
  await close();
});
