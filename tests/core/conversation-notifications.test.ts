// Chat and forum commands notify (issue 16's drafts, issue 15's commands), through the embedded
// server: a direct message tells the other person, a reply tells whoever started the thread, a
// group's message tells nobody; reading the chat or thread reads its notifications, and the read
// markers that say how far — notifications to oneself — are accepted by the server and never
// reach the bell.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CollectionName } from '../../shared/schema';
import { readMarkerId } from '../../shared/domain/conversations';
import { databaseName, privateDatabaseName } from '../../shared/sync/database-names';
import { startAppHarness } from '../support/app-harness';
import type { AppHarness } from '../support/app-harness';
import { profile } from '../server/docs';
import { http, put } from '../server/harness';

describe('chat and forum notifications', () => {
  let app: AppHarness;

  beforeAll(async () => {
    app = await startAppHarness();
    for (const name of ['mentor01', 'mentor02', 'mentor03']) await app.account(name, 'mentor');
    await app.account('manager1', 'manager');
    const write = async (
      collection: CollectionName,
      doc: Record<string, unknown> & { _id: string },
    ) => {
      const answer = await put(app.server, 'server-admin', databaseName(collection), doc);
      if (answer.status !== 201) throw new Error(`Seeding ${doc._id}: ${JSON.stringify(answer)}`);
    };
    await write('users', profile('mentor01', 'mentor', { fullName: 'Ana Mentor' }));
    await write('users', profile('mentor02', 'mentor', { fullName: 'Bea Mentor' }));
    await write('users', profile('mentor03', 'mentor', { fullName: 'Cleo Mentor' }));
    await write('users', profile('manager1', 'manager', { fullName: 'Maya Manager' }));
  });
  afterAll(async () => {
    await app.close();
  });

  let directId = '';
  let threadId = '';

  it('a direct message and a reply notify the other person; a group message nobody', async () => {
    await app.signIn('mentor01');
    directId = (await app.call('chats.startDirect', { personId: 'mentor02' })).chatId;
    await app.call('chats.send', { chatId: directId, body: 'Hello Bea, are you there?' });
    const group = await app.call('chats.startGroup', {
      title: 'Study group',
      memberIds: ['mentor02', 'mentor03'],
    });
    await app.call('chats.send', { chatId: group.chatId, body: 'Welcome, both' });
    await app.synced();

    await app.signIn('mentor02');
    threadId = (await app.call('forum.startThread', { title: 'Tips', body: 'Share yours' })).id;
    await app.synced();
    const bell = await app.until('notifications.centre', {}, (centre) => centre.unread === 1);
    expect(bell.items).toHaveLength(1);
    expect(bell.items[0]).toMatchObject({
      kind: 'message',
      title: 'New message from Ana Mentor',
      body: 'Hello Bea, are you there?',
      path: `/chats/${directId}`,
      fromName: 'Ana Mentor',
    });

    await app.signIn('mentor01');
    await app.call('forum.reply', { threadId, body: 'Write tests first' });
    await app.synced();
    await app.signIn('mentor02');
    const both = await app.until('notifications.centre', {}, (centre) => centre.unread === 2);
    expect(both.items.map((item) => [item.kind, item.path])).toContainEqual([
      'forum_reply',
      `/forum/${threadId}`,
    ]);
    expect(both.items.find((item) => item.kind === 'forum_reply')?.title).toBe(
      'Ana Mentor replied to “Tips”',
    );
  });

  it('reading the chat and the thread reads their notifications; markers stay out of the bell and sync', async () => {
    const conversation = await app.until(
      'chats.conversation',
      { chatId: directId },
      (value) => (value?.messages.length ?? 0) === 1,
    );
    const newest = conversation?.messages.at(-1)?.createdAt ?? '';
    await app.call('chats.markRead', { chatId: directId, upTo: newest });
    const afterChat = await app.until('notifications.centre', {}, (centre) => centre.unread === 1);
    expect(afterChat.items.every((item) => !item.id.startsWith('read~'))).toBe(true);
    expect(afterChat.items).toHaveLength(2);

    await app.call('forum.markRead', { threadId, upTo: new Date().toISOString() });
    const afterThread = await app.until('notifications.centre', {}, (c) => c.unread === 0);
    expect(afterThread.items).toHaveLength(2);
    // "Mark all read" never touches a read marker (it would jump to now).
    expect(await app.call('notifications.markAllRead', {})).toBe(0);

    await app.synced();
    expect(await app.first('sync.issues', {})).toEqual([]);
    // The server holds the marker in mentor02's own database: their other machines get it.
    const own = privateDatabaseName('mentor02', 'notifications');
    const stored = await http(
      app.server,
      'mentor02',
      'GET',
      `/${own}/${encodeURIComponent(readMarkerId('mentor02', directId))}`,
    );
    expect(stored.status).toBe(200);
    expect(stored.body).toMatchObject({ recipientId: 'mentor02', read: true, readAt: newest });
  });

  it('the server refuses a read marker forged for someone else', async () => {
    const forged = {
      _id: readMarkerId('mentor01', directId),
      recipientId: 'mentor01',
      kind: 'message',
      title: 'Read',
      body: '',
      link: { collection: 'chats', id: directId },
      read: true,
      readAt: '2099-01-01T00:00:00.000Z',
      createdBy: 'mentor02',
      createdAt: '2025-01-01T00:00:00.000Z',
      updatedAt: '2025-01-01T00:00:00.000Z',
    };
    const answer = await put(
      app.server,
      'mentor02',
      privateDatabaseName('mentor02', 'notifications'),
      forged,
    );
    expect(answer.status).toBe(403);
    expect(JSON.stringify(answer.body)).toMatch(/createdBy|own/);
    const asWriter = await put(
      app.server,
      'mentor02',
      privateDatabaseName('mentor02', 'notifications'),
      { ...forged, createdBy: 'mentor01' },
    );
    expect(asWriter.status).toBe(403);
  });

  it('a manager broadcasts to all mentors: each mentor reads it and is notified, and cannot write', async () => {
    await app.signIn('manager1');
    const { chatId } = await app.call('chats.startBroadcast', {
      title: 'Timesheets',
      audience: 'mentors',
    });
    expect(chatId).toMatch(/^broadcast~mentors~/);
    await app.call('chats.send', { chatId, body: 'Please send your hours by Friday.' });
    await app.synced();

    for (const mentor of ['mentor03', 'mentor01']) {
      await app.signIn(mentor);
      const list = await app.until('chats.list', {}, (value) =>
        value.rows.some((row) => row.id === chatId && row.unread === 1),
      );
      expect(list.rows.find((row) => row.id === chatId)).toMatchObject({
        kind: 'broadcast',
        audience: 'mentors',
        title: 'Timesheets',
      });
      const conversation = await app.first('chats.conversation', { chatId });
      expect(conversation?.canWrite).toBe(false);
      const refused = await app.attempt('chats.send', { chatId, body: 'Can I reply?' });
      expect(refused.ok ? null : refused.error.code).toBe('forbidden');
      const bell = await app.until('notifications.centre', {}, (centre) =>
        centre.items.some((item) => item.kind === 'broadcast'),
      );
      expect(bell.items.find((item) => item.kind === 'broadcast')).toMatchObject({
        title: 'Maya Manager to all mentors: Timesheets',
        body: 'Please send your hours by Friday.',
        read: false,
      });
    }

    // The server: a mentor neither writes in a broadcast nor starts one.
    const intruding = await put(app.server, 'mentor01', databaseName('messages'), {
      _id: 'm-intrude',
      chatId,
      body: 'Reply all!',
      createdBy: 'mentor01',
      createdAt: '2025-01-01T00:00:00.000Z',
      updatedAt: '2025-01-01T00:00:00.000Z',
    });
    expect(intruding.status).toBe(403);
    const starting = await put(app.server, 'mentor01', databaseName('chats'), {
      _id: 'broadcast~mentors~mine',
      kind: 'broadcast',
      title: 'Mine',
      audience: 'mentors',
      memberIds: ['mentor01'],
      programmeId: '',
      createdBy: 'mentor01',
      createdAt: '2025-01-01T00:00:00.000Z',
      updatedAt: '2025-01-01T00:00:00.000Z',
    });
    expect(starting.status).toBe(403);
    expect(JSON.stringify(starting.body)).toMatch(/may not/);
  });
});
