// Chat attachments (docs/FILES.md) as two people see them: a manager attaches three files with the
// sync paused, removes one with the keyboard, sends; once sync resumes, the mentor on another
// machine sees the picture's thumbnail and opens the PDF, byte for byte.
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { openMachine, shoot, signIn, visit } from './support/app';
import { DEMO_PASSWORD } from './support/sync-server';

const indicator = (page: Page) => page.getByTestId('sync-indicator');
const toggleSync = async (page: Page, action: 'Pause sync' | 'Resume sync') => {
  await indicator(page).click();
  await expect(page.getByTestId('sync-panel-body')).toBeVisible();
  await page.getByRole('button', { name: action }).click();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('sync-panel-body')).toBeHidden();
};

const PDF = Buffer.from(`%PDF-1.7\n% The sprint plan\n${'p'.repeat(30_000)}\n%%EOF\n`);
/** A 2×2 PNG (a real one: the thumbnail draws it). */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP8z8DAwMDAxMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg==',
  'base64',
);

test('files sent in a chat reach the other person, who opens them', async ({ browser }) => {
  test.setTimeout(180_000);
  // Unique: the run's machines keep their data between runs of this spec.
  const text = `The plan and the whiteboard (${Date.now()})`;
  const manager = await openMachine(browser, 'manager');
  const mentor = await openMachine(browser, 'mentor');
  // Alan (manager2) and Radia (mentor06) have no chat in the demo.
  await signIn(manager.page, 'manager2', DEMO_PASSWORD);
  await signIn(mentor.page, 'mentor06', DEMO_PASSWORD);

  await visit(manager.page, '/chats');
  await manager.page.getByRole('button', { name: 'New chat' }).click();
  await manager.page.getByRole('combobox', { name: 'Chat with' }).fill('Radia Nakamura');
  await manager.page.getByRole('option', { name: 'Radia Nakamura' }).click();
  await expect(manager.page.getByTestId('chat-title')).toHaveText('Radia Nakamura');
  const chatId = decodeURIComponent(/#\/chats\/([^?]+)/.exec(manager.page.url())?.[1] ?? '');

  await toggleSync(manager.page, 'Pause sync');
  // The paperclip sits before the message box, in the tab order.
  const box = manager.page.getByTestId('composer');
  await box.focus();
  await manager.page.keyboard.press('Shift+Tab');
  const attach = manager.page.getByRole('button', { name: 'Attach files' });
  await expect(attach).toBeFocused();
  // Headless Chromium now and then opens no file picker for a key press (a bare page does the
  // same; seen in CI): the press is made again, still by keyboard.
  await expect(async () => {
    const chooser = manager.page.waitForEvent('filechooser', { timeout: 3_000 });
    await manager.page.keyboard.press('Enter');
    await (
      await chooser
    ).setFiles([
      { name: 'sprint-plan.pdf', mimeType: 'application/pdf', buffer: PDF },
      { name: 'whiteboard.png', mimeType: 'image/png', buffer: PNG },
      { name: 'scratch.txt', mimeType: 'text/plain', buffer: Buffer.from('not this one\n') },
    ]);
  }).toPass({ timeout: 20_000 });
  const chips = manager.page.getByTestId('attachment-chip');
  await expect(chips).toHaveCount(3);
  await expect(chips.and(manager.page.locator('[data-state="ready"]'))).toHaveCount(3);
  await shoot(manager.page, 'chat-attachments-chosen');
  // Removed with the keyboard before sending.
  await manager.page.getByRole('button', { name: 'Remove scratch.txt' }).focus();
  await manager.page.keyboard.press('Enter');
  await expect(chips).toHaveCount(2);
  await box.fill(text);
  await box.press('Enter');
  await expect(chips).toHaveCount(0);
  const sent = manager.page.getByTestId('message').last();
  await expect(sent.getByTestId('message-attachment')).toHaveCount(2);
  await expect(sent.getByTestId('message-state')).toHaveAttribute('data-state', 'waiting');
  // Both files wait in the sync panel's outbox with the message.
  await indicator(manager.page).click();
  await expect(manager.page.getByTestId('sync-file')).toHaveCount(2);
  await manager.page.keyboard.press('Escape');
  await toggleSync(manager.page, 'Resume sync');
  await expect(sent.getByTestId('message-state')).toHaveAttribute('data-state', 'sent', {
    timeout: 60_000,
  });
  await shoot(manager.page, 'chat-attachments-sent');

  await visit(mentor.page, `/chats/${encodeURIComponent(chatId)}`);
  const received = mentor.page.getByTestId('message').filter({ hasText: text });
  await expect(received).toBeVisible({ timeout: 60_000 });
  const pdf = received.getByRole('button', { name: /^Open sprint-plan\.pdf, 29 KB$/ });
  const picture = received.getByRole('button', { name: /^Open whiteboard\.png/ });
  await expect(pdf).toBeVisible();
  // The picture's bytes come from the chat's database (fetched ahead, or when shown).
  await expect(picture.locator('img')).toBeVisible({ timeout: 30_000 });
  await expect(async () => {
    const download = mentor.page.waitForEvent('download', { timeout: 5_000 });
    await pdf.click();
    const path = await (await download).path();
    expect(readFileSync(path).equals(PDF)).toBe(true);
  }).toPass({ timeout: 30_000 });
  await shoot(mentor.page, 'chat-attachments-received');

  expect(manager.errors).toEqual([]);
  expect(mentor.errors).toEqual([]);
  await Promise.all([manager.close(), mentor.close()]);
});
