import type { InputOf, TaskList, TaskRow } from '../../../../shared/contract';
import { taskStatuses } from '../../../../shared/schema';
import type { TaskStatus } from '../../../../shared/schema';

/**
 * The task list's filters live in the address (`/tasks?programmeId=…&status=…&assignee=me`), so a
 * filtered list survives a reload and can be linked to. `assignee=me` stays "me" in the address (a
 * link means the same for whoever opens it) and becomes the person's id for the core.
 */
export interface TaskFilters {
  readonly programmeId: string | null;
  readonly status: TaskStatus | null;
  /** A person's id, 'me', or null for anyone. */
  readonly assignee: string | null;
}

const isStatus = (value: string | null): value is TaskStatus =>
  value !== null && (taskStatuses as readonly string[]).includes(value);

export const filtersOf = (params: URLSearchParams): TaskFilters => {
  const status = params.get('status');
  return {
    programmeId: params.get('programmeId') || null,
    status: isStatus(status) ? status : null,
    assignee: params.get('assignee') || null,
  };
};

/** The list's address for these filters. */
export const pathOf = (filters: TaskFilters): string => {
  const params = new URLSearchParams();
  if (filters.programmeId) params.set('programmeId', filters.programmeId);
  if (filters.status) params.set('status', filters.status);
  if (filters.assignee) params.set('assignee', filters.assignee);
  const query = params.toString();
  return query ? `/tasks?${query}` : '/tasks';
};

export const queryOf = (filters: TaskFilters, userId: string): InputOf<'tasks.list'> => ({
  ...(filters.programmeId ? { programmeId: filters.programmeId } : {}),
  ...(filters.status ? { status: filters.status } : {}),
  ...(filters.assignee ? { assignee: filters.assignee === 'me' ? userId : filters.assignee } : {}),
});

export const hasFilters = (filters: TaskFilters): boolean =>
  filters.programmeId !== null || filters.status !== null || filters.assignee !== null;

/** A row with what the screen shows, looked up once per list (not on every render or keystroke). */
export interface ShownTask {
  readonly row: TaskRow;
  readonly programmeName: string;
  readonly assigneeNames: string;
  /** Lower-case title, programme and assignees: what the text filter searches. */
  readonly haystack: string;
}

export const shownTasks = (list: TaskList): ShownTask[] =>
  list.rows.map((row) => {
    const programmeName = list.programmes[row.programmeId] ?? '';
    const assigneeNames = row.assignees.map((id) => list.people[id] ?? id).join(', ');
    return {
      row,
      programmeName,
      assigneeNames,
      // toLowerCase, not toLocaleLowerCase: several times faster over 10,000 rows, same for search.
      haystack: `${row.title}\n${programmeName}\n${assigneeNames}`.toLowerCase(),
    };
  });

/** Tasks whose title, programme or assignees contain every word typed, in any order. */
export const matchText = (tasks: readonly ShownTask[], text: string): readonly ShownTask[] => {
  const words = text.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return tasks;
  return tasks.filter((task) => words.every((word) => task.haystack.includes(word)));
};
