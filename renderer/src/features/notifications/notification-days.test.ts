import { describe, expect, it } from 'vitest';
import type { NotificationItem } from '../../../../shared/contract';
import { groupByDay } from './notification-days';

const item = (id: string, createdAt: string): NotificationItem => ({
  id,
  kind: 'task_assigned',
  category: 'tasks',
  title: id,
  body: '',
  path: null,
  read: false,
  createdAt,
  fromName: 'Maya',
});

describe('groupByDay', () => {
  it('groups newest-first notifications into today, yesterday and earlier dates', () => {
    const now = new Date(2025, 5, 10, 12, 0);
    const at = (day: number, hour: number) => new Date(2025, 5, day, hour).toISOString();
    const days = groupByDay(
      [item('a', at(10, 11)), item('b', at(10, 8)), item('c', at(9, 23)), item('d', at(3, 9))],
      now,
    );
    expect(days.map((day) => [day.label, day.items.map((i) => i.id)])).toEqual([
      ['Today', ['a', 'b']],
      ['Yesterday', ['c']],
      [expect.stringContaining('2025') as string, ['d']],
    ]);
  });
});
