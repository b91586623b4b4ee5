// Issue 15's forum: hostile markdown renders inert (no element from it, no script run, no remote
// image, only web links); a moderator locks a thread and it takes no more replies — the app offers
// none, the server refuses changes to the locked thread and a reply forced in over HTTP after the
// lock, and one written anyway (by a server admin) is not shown by the app.
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { couchIdOf, databaseOf, orgScope } from '../../shared/sync/layout';
import { openMachine, shoot, signIn, visit } from './support/app';
import { DEMO_PASSWORD, SERVER_ADMIN, SYNC_URL } from './support/sync-server';

const HOSTILE = [
  'Welcome! **bold** and a [safe link](https://example.org/ok).',
  '',
  '<img src=x onerror="window.__xss=1">',
  '',
  '[click me](javascript:window.__xss=2) and [data](data:text/html,<script>window.__xss=3</script>)',
  '',
  '<script>window.__xss=4</script>',
  '',
  '![tracker](https://example.org/pixel.png)',
].join('\n');

const basic = (name: string) => ({
  Authorization: `Basic ${Buffer.from(`${name}:${DEMO_PASSWORD}`).toString('base64')}`,
  'Content-Type': 'application/json',
});
const xss = (page: Page) => page.evaluate(() => (window as { __xss?: number }).__xss);

test('hostile markdown is inert; a locked thread takes no replies', async ({ browser }) => {
  test.setTimeout(180_000);
  const manager = await openMachine(browser, 'manager');
  const mentor = await openMachine(browser, 'mentor');
  await signIn(manager.page, 'manager1', DEMO_PASSWORD);
  await signIn(mentor.page, 'mentor01', DEMO_PASSWORD);

  // The manager starts a thread in the organisation's forum.
  await visit(manager.page, '/forum/new');
  await manager.page.getByRole('textbox', { name: 'Title' }).fill('House rules');
  await manager.page.getByRole('textbox', { name: 'Text' }).fill(HOSTILE);
  await manager.page.getByRole('button', { name: 'Start thread' }).click();
  await expect(manager.page.getByRole('heading', { name: 'House rules' })).toBeVisible();
  const threadId = /#\/forum\/([^?]+)/.exec(manager.page.url())?.[1] ?? '';
  expect(threadId).not.toBe('');

  // The mentor finds it in the list, unread, and opens it: nothing in it runs or loads.
  await visit(mentor.page, '/forum');
  const row = mentor.page.getByTestId('thread-row').filter({ hasText: 'House rules' });
  await expect(row).toHaveAttribute('data-unread', 'true', { timeout: 30_000 });
  await row.getByRole('link', { name: 'House rules' }).click();
  const body = mentor.page.getByTestId('post-body').first();
  await expect(body.locator('strong')).toHaveText('bold');
  await expect(body.locator('img, script, iframe')).toHaveCount(0);
  await expect(body.locator('a')).toHaveCount(1);
  await expect(body.locator('a')).toHaveAttribute('href', 'https://example.org/ok');
  await expect(body.locator('a')).toHaveAttribute('rel', 'noopener noreferrer');
  await expect(body).toContainText('[image: tracker]');
  await expect(body).toContainText('click me');
  expect(await xss(mentor.page)).toBeUndefined();

  // A reply with the same tricks is as inert.
  await mentor.page
    .getByRole('textbox', { name: 'Your reply' })
    .fill(HOSTILE.replace('Welcome!', 'Thanks!'));
  await mentor.page.getByRole('button', { name: 'Reply' }).click();
  const reply = manager.page.getByTestId('forum-post').filter({ hasText: 'Thanks!' });
  await expect(reply).toBeVisible({ timeout: 30_000 });
  await expect(reply.locator('img, script, iframe')).toHaveCount(0);
  expect(await xss(manager.page)).toBeUndefined();
  await shoot(mentor.page, 'forum-thread');

  // The manager locks it: the mentor's app offers no reply.
  await manager.page.getByRole('button', { name: 'Lock' }).click();
  await expect(manager.page.getByTestId('thread-locked')).toBeVisible();
  await expect(mentor.page.getByTestId('thread-locked')).toBeVisible({ timeout: 30_000 });
  await expect(mentor.page.getByTestId('no-replies')).toContainText('locked');
  await expect(mentor.page.getByRole('textbox', { name: 'Your reply' })).toHaveCount(0);
  await shoot(mentor.page, 'forum-thread-locked');

  // The server refuses the mentor's changes to the locked thread, and unlocking it.
  // The organisation's forum lives in mmm-org (shared/sync/layout), its posts as forumPosts:<id>.
  const FORUM = databaseOf(orgScope);
  const url = `${SYNC_URL}/${FORUM}/${encodeURIComponent(couchIdOf('forumPosts', threadId))}`;
  const current = (await (await fetch(url, { headers: basic('mentor01') })).json()) as Record<
    string,
    unknown
  >;
  expect(current['locked']).toBe(true);
  for (const change of [{ body: 'Rewritten' }, { locked: false, lockedAt: undefined }]) {
    const answer = await fetch(url, {
      method: 'PUT',
      headers: basic('mentor01'),
      body: JSON.stringify({ ...current, ...change, updatedAt: new Date().toISOString() }),
    });
    expect(answer.status).toBe(403);
  }

  // A reply forced in over HTTP after the lock: the server refuses it once its follower has listed
  // the thread in the forum's _security (validate_doc_update reads it there: docs/SECURITY.md).
  const admin = { authorization: `Basic ${Buffer.from(SERVER_ADMIN).toString('base64')}` };
  await expect
    .poll(
      async () => {
        const security = await fetch(`${SYNC_URL}/${FORUM}/_security`, {
          headers: admin,
        });
        return ((await security.json()) as { lockedForumThreads?: string[] }).lockedForumThreads;
      },
      { timeout: 15_000 },
    )
    .toContain(threadId);
  const now = new Date().toISOString();
  const forcedReply = (id: string) => ({
    _id: couchIdOf('forumPosts', id),
    kind: 'reply',
    threadId,
    programmeId: '',
    title: '',
    body: 'Forced in after the lock',
    createdBy: 'mentor01',
    createdAt: now,
    updatedAt: now,
  });
  const refused = await fetch(
    `${SYNC_URL}/${FORUM}/${encodeURIComponent(couchIdOf('forumPosts', 'forced-reply-1'))}`,
    {
      method: 'PUT',
      headers: basic('mentor01'),
      body: JSON.stringify(forcedReply('forced-reply-1')),
    },
  );
  expect(refused.status).toBe(403);
  expect(await refused.text()).toContain('locked');
  // Should one reach the database anyway (a server admin's repair, an older server), the app
  // does not show a reply written after the lock.
  const forced = await fetch(
    `${SYNC_URL}/${FORUM}/${encodeURIComponent(couchIdOf('forumPosts', 'forced-reply-2'))}`,
    {
      method: 'PUT',
      headers: { ...admin, 'content-type': 'application/json' },
      body: JSON.stringify(forcedReply('forced-reply-2')),
    },
  );
  expect(forced.status).toBe(201);
  await expect(
    manager.page.getByText(/written after the thread was locked are not shown/),
  ).toBeVisible({
    timeout: 30_000,
  });
  await expect(manager.page.getByText('Forced in after the lock')).toHaveCount(0);

  // The list shows the thread locked, with its one reply.
  await visit(mentor.page, '/forum');
  const locked = mentor.page.getByTestId('thread-row').filter({ hasText: 'House rules' });
  await expect(locked.getByLabel('Locked')).toBeVisible();
  await expect(locked.getByTestId('reply-count')).toHaveText('1 reply');
  await shoot(mentor.page, 'forum-list');

  for (const machine of [manager, mentor]) expect(machine.errors).toEqual([]);
  await Promise.all([manager.close(), mentor.close()]);
});
