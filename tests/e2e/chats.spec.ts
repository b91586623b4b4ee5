// Issue 15 as two people see it: a manager and a mentor chat through the embedded server; the
// mentor writes three messages offline and they arrive once each, in order, three unread on the
// other side; hostile text stays text; a third person cannot read the chat, in the app or over HTTP.
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import {
  broadcastScope,
  chatScope,
  databaseOf,
  orgScope,
  personScope,
} from '../../shared/sync/layout';
import { openMachine, shoot, signIn, visit } from './support/app';
import { DEMO_PASSWORD, SYNC_URL } from './support/sync-server';

const indicator = (page: Page) => page.getByTestId('sync-indicator');
const toggleSync = async (page: Page, action: 'Pause sync' | 'Resume sync') => {
  await indicator(page).click();
  await expect(page.getByTestId('sync-panel-body')).toBeVisible();
  await page.getByRole('button', { name: action }).click();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('sync-panel-body')).toBeHidden();
};
const synced = (page: Page) =>
  expect(indicator(page)).toHaveAttribute('data-outbox', '0', { timeout: 60_000 });

const send = async (page: Page, text: string) => {
  const box = page.getByTestId('composer');
  await box.fill(text);
  await box.press('Enter');
  await expect(box).toHaveValue('');
};
const history = (page: Page) => page.getByTestId('message-history');
/** A chat's row in the list, by its id (a group's row may show the same name in its preview). */
const chatRow = (page: Page, chatId: string) =>
  page.locator(`[data-testid="chat-row"][data-chat-id="${chatId}"]`);

const HOSTILE = [
  '<img src=x onerror="window.__xss=1">',
  '<script>window.__xss=2</script>',
  'javascript:window.__xss=3',
  '[click me](javascript:window.__xss=4)',
  'see https://example.org/a?b=1.',
].join(' ');

/** The direct chat the first test made (the next one looks for its messages elsewhere). */
let directChat = '';

test('two people chat; three messages written offline arrive once, in order, 3 unread', async ({
  browser,
}) => {
  test.setTimeout(240_000);
  const manager = await openMachine(browser, 'manager');
  const mentor = await openMachine(browser, 'mentor');
  await signIn(manager.page, 'manager1', DEMO_PASSWORD);
  // Tim (mentor03) and Grace (manager1) have no chat in the demo: this one starts empty.
  await signIn(mentor.page, 'mentor03', DEMO_PASSWORD);

  // The manager starts the direct chat with Tim (mentor03) and says hello.
  await visit(manager.page, '/chats');
  await manager.page.getByRole('button', { name: 'New chat' }).click();
  await manager.page.getByRole('combobox', { name: 'Chat with' }).fill('Tim Nakamura');
  await manager.page.getByRole('option', { name: 'Tim Nakamura' }).click();
  await expect(manager.page.getByTestId('chat-title')).toHaveText('Tim Nakamura');
  const chatUrl = manager.page.url();
  const chatId = decodeURIComponent(/#\/chats\/([^?]+)/.exec(chatUrl)?.[1] ?? '');
  expect(chatId).not.toBe('');
  directChat = chatId;
  await send(manager.page, 'Hello Tim, how is the course going?');
  await expect(history(manager.page).getByTestId('message-state').last()).toHaveAttribute(
    'data-state',
    'sent',
    { timeout: 30_000 },
  );

  // The mentor sees it in the list, unread, and reads it.
  await visit(mentor.page, '/chats');
  await expect(chatRow(mentor.page, chatId)).toHaveAttribute('data-unread', '1', {
    timeout: 30_000,
  });
  await chatRow(mentor.page, chatId).click();
  await expect(history(mentor.page)).toContainText('Hello Tim');
  await expect(chatRow(mentor.page, chatId)).toHaveAttribute('data-unread', '0');

  // The manager leaves the chat open in the list only; the mentor goes offline and writes three.
  await visit(manager.page, '/chats');
  await toggleSync(mentor.page, 'Pause sync');
  for (const text of ['First, offline', 'Second, offline', 'Third, offline']) {
    await send(mentor.page, text);
  }
  const states = history(mentor.page).getByTestId('message-state');
  await expect(states).toHaveCount(3);
  for (const state of await states.all())
    await expect(state).toHaveAttribute('data-state', 'waiting');
  await shoot(mentor.page, 'chat-offline-waiting');

  await toggleSync(mentor.page, 'Resume sync');
  await synced(mentor.page);
  for (const state of await states.all()) await expect(state).toHaveAttribute('data-state', 'sent');

  // Each arrives once, in the order written; the manager has 3 unread.
  const row = chatRow(manager.page, chatId);
  await expect(row).toHaveAttribute('data-unread', '3', { timeout: 30_000 });
  await expect(row.getByTestId('unread-count')).toHaveText('3');
  await shoot(manager.page, 'chat-list-unread');
  await row.click();
  const bodies = history(manager.page).getByTestId('message-body');
  await expect(bodies).toHaveText([
    'Hello Tim, how is the course going?',
    'First, offline',
    'Second, offline',
    'Third, offline',
  ]);
  await expect(row).toHaveAttribute('data-unread', '0');

  // The mentor edits one and deletes another: both sides say so.
  const second = history(mentor.page).getByTestId('message').filter({ hasText: 'Second, offline' });
  await second.getByRole('button', { name: /Actions for your message/ }).click();
  await mentor.page.getByRole('menuitem', { name: 'Edit' }).click();
  const edit = mentor.page.getByRole('textbox', { name: 'Edit your message' });
  await edit.fill('Second, offline (corrected)');
  await edit.press('Enter');
  const third = history(mentor.page).getByTestId('message').filter({ hasText: 'Third, offline' });
  await third.getByRole('button', { name: /Actions for your message/ }).click();
  await mentor.page.getByRole('menuitem', { name: 'Delete' }).click();
  await third.getByRole('button', { name: 'Delete' }).click();
  await expect(history(manager.page).getByTestId('message-edited')).toHaveCount(1, {
    timeout: 30_000,
  });
  await expect(history(manager.page)).toContainText('Second, offline (corrected)');
  await expect(history(manager.page).getByTestId('message-deleted')).toHaveCount(1);
  await expect(history(manager.page)).not.toContainText('Third, offline');

  // Hostile text is text: no element made from it, no script run, only the web address a link.
  await send(mentor.page, HOSTILE);
  const hostile = history(manager.page).getByTestId('message-body').last();
  await expect(hostile).toContainText('<img src=x onerror=', { timeout: 30_000 });
  await expect(hostile.locator('img, script')).toHaveCount(0);
  await expect(hostile.locator('a')).toHaveCount(1);
  await expect(hostile.locator('a')).toHaveAttribute('href', 'https://example.org/a?b=1');
  await expect(hostile.locator('a')).toHaveAttribute('rel', 'noopener noreferrer');
  expect(await manager.page.evaluate(() => (window as { __xss?: number }).__xss)).toBeUndefined();
  await shoot(manager.page, 'chat-conversation');

  // A third person (Margaret, mentor02, on the admin's machine) cannot read it in the app...
  const third3 = await openMachine(browser, 'admin');
  await signIn(third3.page, 'mentor02', DEMO_PASSWORD);
  await visit(third3.page, '/chats');
  await expect(third3.page.getByTestId('chat-list')).toBeVisible();
  await expect(third3.page.getByTestId('chat-row').filter({ hasText: 'Tim Nakamura' })).toHaveCount(
    0,
  );
  await visit(third3.page, `/chats/${encodeURIComponent(chatId)}`);
  await expect(third3.page.getByText('This chat is not yours to read')).toBeVisible();
  await expect(third3.page.getByText('First, offline')).toHaveCount(0);

  // ...nor over HTTP: the chat's own database answers its two members only.
  const basic = (name: string) => ({
    Authorization: `Basic ${Buffer.from(`${name}:${DEMO_PASSWORD}`).toString('base64')}`,
  });
  const chatDatabase = `${SYNC_URL}/${databaseOf(chatScope(chatId))}/_all_docs?include_docs=true`;
  for (const outsider of ['mentor02', 'admin']) {
    const answer = await fetch(chatDatabase, { headers: basic(outsider) });
    expect(answer.status, outsider).toBe(403);
  }
  const member = await fetch(chatDatabase, { headers: basic('mentor03') });
  expect(member.status).toBe(200);

  for (const machine of [manager, mentor, third3]) expect(machine.errors).toEqual([]);
  await Promise.all([manager.close(), mentor.close(), third3.close()]);
});

// Issue 21 routes each message by its chatId (shared/sync/layout): a direct chat's messages are in
// its own database only. A third person finds them in none of the databases they read, and the
// old organisation-wide mmm-messages is not open to them.
test('over HTTP, a direct chat’s messages are in no database a third person reads', async () => {
  expect(directChat).not.toBe('');
  const headers = {
    Authorization: `Basic ${Buffer.from(`mentor02:${DEMO_PASSWORD}`).toString('base64')}`,
  };
  const readable = [orgScope, personScope('mentor02'), broadcastScope('mentors')].map(databaseOf);
  for (const database of readable) {
    const answer = await fetch(`${SYNC_URL}/${database}/_all_docs?include_docs=true`, { headers });
    expect(answer.status, database).toBe(200);
    const { rows } = (await answer.json()) as { rows: { doc?: { chatId?: string } }[] };
    expect(rows.filter((row) => row.doc?.chatId === directChat)).toEqual([]);
  }
  const old = await fetch(`${SYNC_URL}/mmm-messages/_all_docs`, { headers });
  expect([403, 404]).toContain(old.status);
});

test('a manager broadcasts to all mentors: a mentor reads it, is notified, and cannot write', async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const manager = await openMachine(browser, 'manager');
  const mentor = await openMachine(browser, 'mentor');
  await signIn(manager.page, 'manager1', DEMO_PASSWORD);
  await signIn(mentor.page, 'mentor01', DEMO_PASSWORD);

  await visit(manager.page, '/chats');
  await manager.page.getByRole('button', { name: 'New broadcast' }).click();
  const dialog = manager.page.getByRole('dialog', { name: 'New broadcast' });
  await dialog.getByRole('textbox', { name: 'Name' }).fill('Quarterly survey');
  await dialog.getByRole('radio', { name: 'All mentors' }).check();
  await shoot(manager.page, 'chat-new-broadcast');
  await dialog.getByRole('button', { name: 'Start broadcast' }).click();
  await expect(manager.page.getByTestId('chat-title')).toHaveText('Quarterly survey');
  const chatId = decodeURIComponent(/#\/chats\/([^?]+)/.exec(manager.page.url())?.[1] ?? '');
  expect(chatId).toMatch(/^broadcast~mentors~/);
  await send(manager.page, 'The quarterly survey closes on Friday, thank you all.');
  await expect(history(manager.page).getByTestId('message-state').last()).toHaveAttribute(
    'data-state',
    'sent',
    { timeout: 30_000 },
  );
  await shoot(manager.page, 'chat-broadcast-sender');

  // The mentor: the broadcast in the list, unread; notified in the bell; read-only when opened.
  await visit(mentor.page, '/chats');
  await expect(chatRow(mentor.page, chatId)).toHaveAttribute('data-unread', '1', {
    timeout: 30_000,
  });
  await expect(chatRow(mentor.page, chatId)).toContainText('Broadcast to all mentors');
  await mentor.page.getByTestId('notification-bell').click();
  const popover = mentor.page.getByRole('dialog', { name: 'Notifications' });
  await expect(
    popover
      .getByTestId('notification-item')
      .filter({ hasText: 'to all mentors: Quarterly survey' }),
  ).toBeVisible({ timeout: 30_000 });
  await mentor.page.keyboard.press('Escape');
  await chatRow(mentor.page, chatId).click();
  await expect(history(mentor.page)).toContainText('The quarterly survey closes on Friday');
  await expect(mentor.page.getByTestId('read-only-chat')).toContainText('writes in this broadcast');
  await expect(mentor.page.getByTestId('composer')).toHaveCount(0);
  await expect(chatRow(mentor.page, chatId)).toHaveAttribute('data-unread', '0');
  await shoot(mentor.page, 'chat-broadcast-reader');

  for (const machine of [manager, mentor]) expect(machine.errors).toEqual([]);
  await Promise.all([manager.close(), mentor.close()]);
});
