import type { MangoQuerySelector } from 'rxdb';
import { asyncScheduler, combineLatest, map, throttleTime } from 'rxjs';
import type { Observable } from 'rxjs';
import type { ParsedInputOf, TaskList, TaskRow } from '../../../shared/contract';
import type { TaskDoc } from '../../../shared/schema';
import { collectionOf, watchPeopleNames, watchProgrammeTeams } from '../workspace';
import type { PeopleNames, ProgrammeTeam, Workspace } from '../workspace';
import { mayCreateIn, seesTask } from './task-access';

/**
 * `tasks.list`: the task list screen's data, built to stay quick with tens of thousands of tasks.
 * - The selector uses the indexes: programme (+ status) → ['programmeId','status','dateCreated'],
 *   status alone → ['status','dateCreated']. Arrays cannot be indexed, so "assigned to" is an
 *   $elemMatch the storage applies while scanning, which keeps mentors' reads small.
 * - Names, programmes and who manages what are built into maps once per emission, never per row.
 * - Rows are read straight from RxDB's document data (no per-document JSON clone).
 * - A sync pulls hundreds of tasks per batch, and every batch would re-send the whole list: the
 *   first answer goes out at once, later ones at most every LIST_THROTTLE_MS with the latest.
 */
export const LIST_THROTTLE_MS = 200;

type ListInput = ParsedInputOf<'tasks.list'>;

const selectorFor = (workspace: Workspace, input: ListInput): MangoQuerySelector<TaskDoc> => {
  const selector: MangoQuerySelector<TaskDoc> = {};
  if (input.programmeId !== undefined) selector.programmeId = input.programmeId;
  if (input.status !== undefined) selector.status = input.status;
  // Mentors only ever see their own tasks: let the storage drop the others.
  const assignee = workspace.actor.role === 'mentor' ? workspace.actor.id : input.assignee;
  if (assignee !== undefined) selector.assignees = { $elemMatch: { $eq: assignee } };
  return selector;
};

/** The tasks matching the selector, newest first, as compact rows. */
const watchTaskRows = (workspace: Workspace, input: ListInput): Observable<TaskRow[]> =>
  collectionOf(workspace, 'tasks')
    .find({ selector: selectorFor(workspace, input), sort: [{ dateCreated: 'desc' }] })
    .$.pipe(
      map((docs) =>
        docs.map(({ _data: task }): TaskRow => ({
          id: task.id,
          title: task.title,
          status: task.status,
          programmeId: task.programmeId,
          assignees: task.assignees,
          dueDate: task.dueDate ?? null,
          dateCreated: task.dateCreated,
        })),
      ),
    );

const buildList = (
  workspace: Workspace,
  input: ListInput,
  candidates: readonly TaskRow[],
  teams: ReadonlyMap<string, ProgrammeTeam>,
  names: PeopleNames,
): TaskList => {
  const { actor } = workspace;
  const rows = candidates.filter(
    (row) =>
      seesTask(actor, row, teams.get(row.programmeId)) &&
      // A mentor filtering by someone else sees the tasks they share with them.
      (input.assignee === undefined || row.assignees.includes(input.assignee)),
  );
  const programmes: Record<string, string> = {};
  const people: Record<string, string> = {};
  const nameOf = (id: string) => names.get(id) ?? id;
  let canCreate = false;
  for (const team of teams.values()) {
    if (actor.role !== 'admin' && !team.memberIds.includes(actor.id)) continue;
    programmes[team.programme.id] = team.programme.name;
    for (const id of team.memberIds) people[id] = nameOf(id);
    canCreate ||= mayCreateIn(workspace, team);
  }
  for (const row of rows) {
    programmes[row.programmeId] ??=
      teams.get(row.programmeId)?.programme.name ?? 'Unknown programme';
    for (const id of row.assignees) people[id] ??= nameOf(id);
  }
  return { rows, people, programmes, canCreate };
};

export const watchTaskList = (workspace: Workspace, input: ListInput): Observable<TaskList> =>
  combineLatest([
    watchTaskRows(workspace, input),
    watchProgrammeTeams(workspace),
    watchPeopleNames(workspace),
  ]).pipe(
    throttleTime(LIST_THROTTLE_MS, asyncScheduler, { leading: true, trailing: true }),
    map(([rows, teams, names]) => buildList(workspace, input, rows, teams, names)),
  );
