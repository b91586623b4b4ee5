import { describe, expect, it } from 'vitest';
import type { MessageDoc } from '../../../../shared/schema';
import { historyItems } from './message-items';

const message = (id: string, createdAt: string): MessageDoc => ({
  id,
  chatId: 'c1',
  createdBy: 'ana',
  body: id,
  createdAt,
  updatedAt: createdAt,
});

describe('historyItems', () => {
  it('puts a day separator before the first message of each day', () => {
    const now = new Date(2025, 0, 3, 12);
    const items = historyItems(
      [
        message('m1', new Date(2025, 0, 1, 9).toISOString()),
        message('m2', new Date(2025, 0, 1, 18).toISOString()),
        message('m3', new Date(2025, 0, 2, 8).toISOString()),
        message('m4', new Date(2025, 0, 3, 8).toISOString()),
      ],
      now,
    );
    expect(items.map((item) => (item.kind === 'day' ? item.label : item.key))).toEqual([
      expect.stringContaining('2025'),
      'm1',
      'm2',
      'Yesterday',
      'm3',
      'Today',
      'm4',
    ]);
  });
});
