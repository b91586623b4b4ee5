import { describe, expect, it } from 'vitest';
import type { TaskList } from '../../../../shared/contract';
import { filtersOf, matchText, pathOf, queryOf, shownTasks } from './task-filters';

const list: TaskList = {
  rows: [
    {
      id: 't1',
      title: 'Review the onboarding guide',
      status: 'pending',
      programmeId: 'p1',
      assignees: ['mentor01'],
      dueDate: null,
      dateCreated: '2025-01-02T00:00:00.000Z',
    },
    {
      id: 't2',
      title: 'Plan the demo day',
      status: 'unassigned',
      programmeId: 'p2',
      assignees: [],
      dueDate: '2025-06-20',
      dateCreated: '2025-01-01T00:00:00.000Z',
    },
  ],
  people: { mentor01: 'Ada Lovelace' },
  programmes: { p1: 'Web Foundations', p2: 'Data Bootcamp' },
  canCreate: true,
};

describe('task list filters', () => {
  it('round-trip through the address, ignoring what is not a filter', () => {
    const filters = filtersOf(new URLSearchParams('programmeId=p1&status=done&assignee=me&x=1'));
    expect(filters).toEqual({ programmeId: 'p1', status: null, assignee: 'me' });
    expect(pathOf(filters)).toBe('/tasks?programmeId=p1&assignee=me');
    expect(pathOf({ programmeId: null, status: null, assignee: null })).toBe('/tasks');
  });

  it('ask the core for "me" as the signed-in person', () => {
    expect(queryOf({ programmeId: null, status: 'pending', assignee: 'me' }, 'mentor01')).toEqual({
      status: 'pending',
      assignee: 'mentor01',
    });
  });

  it('match every typed word in the title, programme or assignee names, any case', () => {
    const tasks = shownTasks(list);
    expect(tasks[0]).toMatchObject({
      programmeName: 'Web Foundations',
      assigneeNames: 'Ada Lovelace',
    });
    const ids = (text: string) => matchText(tasks, text).map((task) => task.row.id);
    expect(ids('')).toEqual(['t1', 't2']);
    expect(ids('  REVIEW  ')).toEqual(['t1']);
    expect(ids('lovelace web')).toEqual(['t1']);
    expect(ids('bootcamp demo')).toEqual(['t2']);
    expect(ids('demo onboarding')).toEqual([]);
  });
});
