import { programmeStatuses, taskStatuses } from '../schema/index';
import type { ProgrammeStatus, TaskStatus } from '../schema/index';

/**
 * The dashboard's arithmetic: week buckets and counts. Pure, so the core can run it in one pass
 * over thousands of documents and the tests can check it on every sequence.
 */

/** How many weeks the "reports per week" series shows. */
export const DASHBOARD_WEEKS = 12;

const DAY_MS = 86_400_000;

export interface WeekCount {
  /** Monday of the week, `YYYY-MM-DD`. */
  readonly week: string;
  readonly count: number;
}

/**
 * The Monday (UTC) of the week an instant falls in, as `YYYY-MM-DD`; undefined for a date that
 * does not parse. Weeks are UTC so every machine of the organisation buckets a report alike.
 */
export const mondayOf = (instant: string | Date): string | undefined => {
  const ms = typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
  if (Number.isNaN(ms)) return undefined;
  const day = Math.floor(ms / DAY_MS);
  // 1970-01-01 was a Thursday: day 0 is weekday 3 counting from Monday.
  const sinceMonday = (((day + 3) % 7) + 7) % 7;
  return new Date((day - sinceMonday) * DAY_MS).toISOString().slice(0, 10);
};

/** The Mondays of the `count` weeks up to and including the week of `now`, oldest first. */
export const lastWeeks = (now: string | Date, count: number = DASHBOARD_WEEKS): string[] => {
  const current = mondayOf(now);
  if (current === undefined || count <= 0) return [];
  const currentMs = Date.parse(`${current}T00:00:00.000Z`);
  return Array.from({ length: count }, (_, index) =>
    new Date(currentMs - (count - 1 - index) * 7 * DAY_MS).toISOString().slice(0, 10),
  );
};

/**
 * How many instants fall in each of the last `count` weeks (zero weeks included, oldest first).
 * Instants outside the window or unreadable are left out.
 */
export const countPerWeek = (
  instants: Iterable<string>,
  now: string | Date,
  count: number = DASHBOARD_WEEKS,
): WeekCount[] => {
  const weeks = lastWeeks(now, count);
  const counts = new Map(weeks.map((week) => [week, 0]));
  for (const instant of instants) {
    const week = mondayOf(instant);
    if (week === undefined) continue;
    const current = counts.get(week);
    if (current !== undefined) counts.set(week, current + 1);
  }
  return weeks.map((week) => ({ week, count: counts.get(week) ?? 0 }));
};

/** The first instant of the oldest week of the window: documents before it cannot count. */
export const windowStart = (
  now: string | Date,
  count: number = DASHBOARD_WEEKS,
): string | undefined => {
  const [oldest] = lastWeeks(now, count);
  return oldest === undefined ? undefined : `${oldest}T00:00:00.000Z`;
};

export const emptyTaskCounts = (): Record<TaskStatus, number> =>
  Object.fromEntries(taskStatuses.map((status) => [status, 0])) as Record<TaskStatus, number>;

export const emptyProgrammeCounts = (): Record<ProgrammeStatus, number> =>
  Object.fromEntries(programmeStatuses.map((status) => [status, 0])) as Record<
    ProgrammeStatus,
    number
  >;

interface TaskLike {
  readonly status: TaskStatus;
  readonly programmeId: string;
  readonly assignees: readonly string[];
}

/**
 * Whose tasks count on a person's dashboard: everything (admins), or the tasks of some programmes
 * plus those assigned to the person (managers: the programmes they run; mentors: none).
 */
export type TaskScope =
  { readonly all: true } | { readonly all: false; readonly programmeIds: ReadonlySet<string> };

export interface TaskSummary {
  readonly byStatus: Record<TaskStatus, number>;
  /** Assigned to the person and not completed. */
  readonly myOpen: number;
}

/** Tasks by status within the scope, and the person's open ones, in one pass. */
export const summariseTasks = (
  tasks: Iterable<TaskLike>,
  scope: TaskScope,
  personId: string,
): TaskSummary => {
  const byStatus = emptyTaskCounts();
  let myOpen = 0;
  for (const task of tasks) {
    const mine = task.assignees.includes(personId);
    if (mine && task.status !== 'completed') myOpen += 1;
    if (scope.all || mine || scope.programmeIds.has(task.programmeId)) {
      byStatus[task.status] += 1;
    }
  }
  return { byStatus, myOpen };
};

/** Programmes by status. */
export const countProgrammes = (
  programmes: Iterable<{ readonly status: ProgrammeStatus }>,
): Record<ProgrammeStatus, number> => {
  const counts = emptyProgrammeCounts();
  for (const programme of programmes) counts[programme.status] += 1;
  return counts;
};
