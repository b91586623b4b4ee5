import { combineLatest, distinctUntilChanged, map, of, switchMap } from 'rxjs';
import type { Observable } from 'rxjs';
import type {
  PersonRef,
  ReportSummary,
  TaskDetail,
  TaskPermissions,
  TaskProgrammeChoice,
} from '../../../shared/contract';
import { mayReadReport, reportSubjectRefusal } from '../../../shared/domain/reports';
import { reportSummaryOf } from '../reports/report-summary';
import type { ReportDoc, TaskDoc } from '../../../shared/schema';
import {
  allows,
  byName,
  personRef,
  watchDoc,
  watchDocs,
  watchPeopleNames,
  watchProgrammeTeam,
  watchProgrammeTeams,
} from '../workspace';
import type { PeopleNames, ProgrammeTeam, Workspace } from '../workspace';
import { mayCreateIn, seesTask } from './task-access';

const peopleOf = (names: PeopleNames, ids: Iterable<string>): PersonRef[] =>
  [...ids].map((id) => personRef(names, id)).sort(byName);

/** What the caller may do with the task: the screens offer exactly these. */
const permissionsFor = (
  workspace: Workspace,
  task: TaskDoc,
  team: ProgrammeTeam,
): TaskPermissions => {
  const managers = team.managerIds;
  const live = team.programme.status !== 'archived';
  const open = live && task.status !== 'completed';
  return {
    edit: open && allows(workspace, 'tasks.edit', managers),
    assign: open && allows(workspace, 'tasks.assign', managers),
    updateStatus:
      open &&
      task.status !== 'unassigned' &&
      allows(workspace, 'tasks.updateStatus', [...managers, ...task.assignees]),
    reopen: live && task.status === 'completed' && allows(workspace, 'tasks.reopen', managers),
    // The same rule reports.write applies: the task's assignees, its programme's managers, admins.
    writeReport:
      team.programme.status !== 'archived' &&
      reportSubjectRefusal(workspace.actor, {
        type: 'task',
        programme: team.programme,
        task,
        managerIds: managers,
        memberIds: managers,
      }) === null,
  };
};

/**
 * The task's reports the caller may read: who reads every report of the programme (its managers,
 * admins) sees the submitted ones and their own drafts; anyone else only their own.
 */
const visibleReports = (
  workspace: Workspace,
  reports: readonly ReportDoc[],
  team: ProgrammeTeam,
): ReportDoc[] => {
  return reports.filter((report) => mayReadReport(workspace.actor, report, team.managerIds));
};

const summaryOf = (
  report: ReportDoc,
  task: TaskDoc,
  team: ProgrammeTeam,
  names: PeopleNames,
): ReportSummary =>
  reportSummaryOf(report, {
    programmeName: team.programme.name,
    taskTitle: task.title,
    authorName: names.get(report.createdBy) ?? report.createdBy,
  });

export const watchTaskDetail = (
  workspace: Workspace,
  taskId: string,
): Observable<TaskDetail | null> => {
  const task$ = watchDoc(workspace, 'tasks', taskId);
  const team$ = task$.pipe(
    map((task) => task?.programmeId),
    distinctUntilChanged(),
    switchMap((programmeId) =>
      programmeId ? watchProgrammeTeam(workspace, programmeId) : of(null),
    ),
  );
  const reports$ = watchDocs(workspace, 'reports', {
    selector: { taskId },
    sort: [{ dateCreated: 'desc' }],
  });
  return combineLatest([task$, team$, reports$, watchPeopleNames(workspace)]).pipe(
    map(([task, team, reports, names]): TaskDetail | null => {
      // The programme may not have synced yet; the screen says "not found" until it has.
      if (!task || !team || team.programme.id !== task.programmeId) return null;
      if (!seesTask(workspace.actor, task, team)) return null;
      return {
        task,
        programme: {
          id: team.programme.id,
          name: team.programme.name,
          status: team.programme.status,
        },
        assignees: task.assignees.map((id) => personRef(names, id)),
        candidates: peopleOf(names, team.memberIds),
        reports: visibleReports(workspace, reports, team).map((report) =>
          summaryOf(report, task, team, names),
        ),
        createdBy: personRef(names, task.createdBy),
        history: (task.transitions ?? []).map((step) => ({
          from: step.from,
          to: step.to,
          at: step.at,
          by: personRef(names, step.by),
        })),
        can: permissionsFor(workspace, task, team),
      };
    }),
  );
};

/** The programmes the caller may create tasks in, with who may be assigned there. */
export const watchCreatableProgrammes = (
  workspace: Workspace,
): Observable<readonly TaskProgrammeChoice[]> =>
  combineLatest([watchProgrammeTeams(workspace), watchPeopleNames(workspace)]).pipe(
    map(([teams, names]) =>
      [...teams.values()]
        .filter((team) => mayCreateIn(workspace, team))
        .map((team) => ({
          id: team.programme.id,
          name: team.programme.name,
          status: team.programme.status,
          candidates: peopleOf(names, team.memberIds),
        }))
        .sort(byName),
    ),
  );
