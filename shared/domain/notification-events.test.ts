import { describe, expect, it } from 'vitest';
import type { TaskStatus } from '../schema/tasks';
import {
  broadcastDrafts,
  directMessageDrafts,
  newlyAssigned,
  taskCompletedDrafts,
  threadReplyDrafts,
} from './notification-events';

// The events without a command yet (chat and forum come with issue 15) are built and tested here.
describe('notification events', () => {
  it('a direct message tells the other member only; group messages are not notified', () => {
    const chat = { id: 'c1', kind: 'direct' as const, memberIds: ['ana', 'bea'] };
    const message = { id: 'm1', createdBy: 'ana', body: '  Hello\n\nthere  ' };
    expect(directMessageDrafts(chat, message, 'Ana')).toEqual([
      {
        recipientId: 'bea',
        kind: 'message',
        entityId: 'c1',
        event: 'm1',
        title: 'New message from Ana',
        body: 'Hello there',
      },
    ]);
    expect(directMessageDrafts({ ...chat, kind: 'group' }, message, 'Ana')).toEqual([]);
  });

  it('a reply tells who started the thread, unless they replied themselves', () => {
    const thread = { id: 't1', title: 'Pairing tips', createdBy: 'ana' };
    const reply = { id: 'r1', createdBy: 'bea', body: 'x'.repeat(500) };
    const [draft, ...rest] = threadReplyDrafts(thread, reply, 'Bea');
    expect(rest).toEqual([]);
    expect(draft).toMatchObject({ recipientId: 'ana', kind: 'forum_reply', event: 'r1' });
    expect(draft?.body).toHaveLength(140);
    expect(threadReplyDrafts(thread, { ...reply, createdBy: 'ana' }, 'Ana')).toEqual([]);
  });

  it('a broadcast reaches everyone but its sender', () => {
    const drafts = broadcastDrafts('b1', ['admin', 'ana', 'bea'], 'admin', 'Hi', 'All');
    expect(drafts.map((draft) => draft.recipientId)).toEqual(['ana', 'bea']);
    expect(drafts[0]).toMatchObject({ entityId: 'b1', event: 'b1' });
  });

  it('a completion is counted, so the same completion on two machines is one event', () => {
    const step = (to: TaskStatus) => ({
      from: 'pending' as const,
      to,
      by: 'ana',
      at: '2025-01-01T00:00:00.000Z',
    });
    const once = {
      id: 't',
      title: 'T',
      programmeId: 'p',
      transitions: [step('in_progress'), step('completed')],
    };
    const again = {
      ...once,
      transitions: [...once.transitions, step('in_progress'), step('completed')],
    };
    expect(taskCompletedDrafts(once, ['m'], 'ana', 'Ana')[0]?.event).toBe('completed 1');
    // It names its programme, for the server's check of the sender's relation.
    expect(taskCompletedDrafts(once, ['m'], 'ana', 'Ana')[0]?.programmeId).toBe('p');
    expect(taskCompletedDrafts(again, ['m'], 'ana', 'Ana')[0]?.event).toBe('completed 2');
  });

  it('only people new on a task are newly assigned', () => {
    expect(newlyAssigned(['a', 'b'], ['b', 'c', 'd'])).toEqual(['c', 'd']);
  });
});
