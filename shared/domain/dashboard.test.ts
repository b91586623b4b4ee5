import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TaskStatus } from '../schema/index';
import { taskStatuses } from '../schema/index';
import {
  countPerWeek,
  countProgrammes,
  lastWeeks,
  mondayOf,
  summariseTasks,
  windowStart,
} from './dashboard';

const DAY = 86_400_000;
/** 2000-01-01 .. 2100-01-01, whole milliseconds. */
const instant = fc
  .integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2100, 0, 1) })
  .map((ms) => new Date(ms));

describe('mondayOf', () => {
  it('finds the Monday of the week in UTC', () => {
    expect(mondayOf('2025-06-01T09:00:00.000Z')).toBe('2025-05-26'); // a Sunday
    expect(mondayOf('2025-06-02T00:00:00.000Z')).toBe('2025-06-02'); // a Monday, midnight
    expect(mondayOf('2025-06-01T23:59:59.999Z')).toBe('2025-05-26');
    expect(mondayOf('1970-01-01T00:00:00.000Z')).toBe('1969-12-29');
    expect(mondayOf('not a date')).toBeUndefined();
  });

  it('is a Monday, at most six days before, for every instant', () => {
    fc.assert(
      fc.property(instant, (date) => {
        const monday = mondayOf(date);
        expect(monday).toBeDefined();
        const mondayMs = Date.parse(`${monday ?? ''}T00:00:00.000Z`);
        expect(new Date(mondayMs).getUTCDay()).toBe(1);
        expect(date.getTime() - mondayMs).toBeGreaterThanOrEqual(0);
        expect(date.getTime() - mondayMs).toBeLessThan(7 * DAY);
      }),
    );
  });
});

describe('lastWeeks', () => {
  it('gives twelve Mondays, oldest first, ending with this week', () => {
    const weeks = lastWeeks('2025-06-04T12:00:00.000Z');
    expect(weeks).toHaveLength(12);
    expect(weeks.at(-1)).toBe('2025-06-02');
    expect(weeks[0]).toBe('2025-03-17');
    expect(windowStart('2025-06-04T12:00:00.000Z')).toBe('2025-03-17T00:00:00.000Z');
  });

  it('steps a week at a time across years and daylight-saving changes', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 1, max: 60 }), (now, count) => {
        const weeks = lastWeeks(now, count);
        expect(weeks).toHaveLength(count);
        for (let index = 1; index < weeks.length; index += 1) {
          const gap =
            Date.parse(`${weeks[index] ?? ''}T00:00:00Z`) -
            Date.parse(`${weeks[index - 1] ?? ''}T00:00:00Z`);
          expect(gap).toBe(7 * DAY);
        }
      }),
    );
  });
});

describe('countPerWeek', () => {
  const now = '2025-06-04T12:00:00.000Z';

  it('counts per week, with empty weeks as zero and old or bad dates left out', () => {
    const counts = countPerWeek(
      [
        '2025-06-02T00:00:00.000Z',
        '2025-06-03T10:00:00.000Z',
        '2025-05-25T23:59:59.000Z', // the Sunday before: week of 2025-05-19
        '2024-01-01T00:00:00.000Z', // too old
        'never',
      ],
      now,
    );
    expect(counts).toHaveLength(12);
    expect(counts.at(-1)).toEqual({ week: '2025-06-02', count: 2 });
    expect(counts.at(-3)).toEqual({ week: '2025-05-19', count: 1 });
    expect(counts.reduce((sum, week) => sum + week.count, 0)).toBe(3);
  });

  it('counts each instant inside the window exactly once', () => {
    fc.assert(
      fc.property(instant, fc.array(instant, { maxLength: 200 }), (nowDate, dates) => {
        const counts = countPerWeek(
          dates.map((date) => date.toISOString()),
          nowDate,
        );
        const start = Date.parse(windowStart(nowDate) ?? '');
        const end = start + 12 * 7 * DAY;
        const inside = dates.filter((date) => date.getTime() >= start && date.getTime() < end);
        expect(counts.reduce((sum, week) => sum + week.count, 0)).toBe(inside.length);
        expect(counts.map((week) => week.week)).toEqual(lastWeeks(nowDate));
      }),
    );
  });
});

describe('summariseTasks', () => {
  const task = (status: TaskStatus, programmeId: string, assignees: string[] = []) => ({
    status,
    programmeId,
    assignees,
  });
  const tasks = [
    task('unassigned', 'p1'),
    task('pending', 'p1', ['ann']),
    task('in_progress', 'p2', ['ann', 'bob']),
    task('completed', 'p2', ['ann']),
    task('pending', 'p3', ['bob']),
  ];

  it('counts everything for an admin', () => {
    const summary = summariseTasks(tasks, { all: true }, 'admin');
    expect(summary.byStatus).toEqual({ unassigned: 1, pending: 2, in_progress: 1, completed: 1 });
    expect(summary.myOpen).toBe(0);
  });

  it('counts a programme scope plus the person’s own tasks', () => {
    const summary = summariseTasks(tasks, { all: false, programmeIds: new Set(['p1']) }, 'bob');
    expect(summary.byStatus).toEqual({ unassigned: 1, pending: 2, in_progress: 1, completed: 0 });
    expect(summary.myOpen).toBe(2);
  });

  it('counts only assigned tasks for a mentor, and open ones are not completed', () => {
    const summary = summariseTasks(tasks, { all: false, programmeIds: new Set() }, 'ann');
    expect(summary.byStatus).toEqual({ unassigned: 0, pending: 1, in_progress: 1, completed: 1 });
    expect(summary.myOpen).toBe(2);
  });

  it('never counts more than there are, and open tasks are within the counted ones', () => {
    const anyTask = fc.record({
      status: fc.constantFrom(...taskStatuses),
      programmeId: fc.constantFrom('p1', 'p2', 'p3'),
      assignees: fc.subarray(['ann', 'bob', 'cy']),
    });
    fc.assert(
      fc.property(
        fc.array(anyTask, { maxLength: 100 }),
        fc.subarray(['p1', 'p2', 'p3']),
        (list, ids) => {
          const summary = summariseTasks(list, { all: false, programmeIds: new Set(ids) }, 'ann');
          const total = Object.values(summary.byStatus).reduce((sum, count) => sum + count, 0);
          expect(total).toBeLessThanOrEqual(list.length);
          const open =
            summary.byStatus.unassigned + summary.byStatus.pending + summary.byStatus.in_progress;
          expect(summary.myOpen).toBeLessThanOrEqual(open);
          const all = summariseTasks(list, { all: true }, 'ann');
          expect(Object.values(all.byStatus).reduce((sum, count) => sum + count, 0)).toBe(
            list.length,
          );
        },
      ),
    );
  });
});

describe('countProgrammes', () => {
  it('counts every status, zero included', () => {
    expect(
      countProgrammes([{ status: 'active' }, { status: 'active' }, { status: 'archived' }]),
    ).toEqual({
      active: 2,
      completed: 0,
      archived: 1,
    });
  });
});
