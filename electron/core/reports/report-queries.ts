import { combineLatest, distinctUntilChanged, map, of, switchMap } from 'rxjs';
import type { Observable } from 'rxjs';
import type { MangoQuerySelector } from 'rxdb';
import type { InputOf, ReportDetail, ReportSummary, ReportTargets } from '../../../shared/contract';
import { grantOf } from '../../../shared/domain';
import { mayReadReport, reportSubjectRefusal } from '../../../shared/domain/reports';
import { NONE } from '../../../shared/schema/fields';
import type { ReportDoc, TaskDoc } from '../../../shared/schema';
import type { Feature } from '../host/registry';
import {
  byName,
  personRef,
  watchDoc,
  watchDocs,
  watchPeopleNames,
  watchProgrammeTeams,
  watchWorkspace,
} from '../workspace';
import type { FeatureDeps, ProgrammeTeam, Workspace } from '../workspace';
import { watchHeldText } from './held-text';
import { reportSummaryOf } from './report-summary';

/** The reports' live queries: the list, one report, and what the caller may report on. */

const UNKNOWN_PROGRAMME = 'Unknown programme';

const newestFirst = (a: ReportDoc, b: ReportDoc): number =>
  b.dateCreated.localeCompare(a.dateCreated) || b.id.localeCompare(a.id);

/** Tasks by id, live, for the few a list of reports names. */
const watchTaskTitles = (
  workspace: Workspace,
  taskIds: readonly string[],
): Observable<ReadonlyMap<string, string>> =>
  taskIds.length === 0
    ? of(new Map())
    : watchDocs(workspace, 'tasks', { selector: { id: { $in: [...taskIds] } } }).pipe(
        map((tasks) => new Map(tasks.map((task) => [task.id, task.title]))),
      );

const sameIds = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((id, index) => id === b[index]);

const watchReportList = (
  workspace: Workspace,
  filters: InputOf<'reports.list'>,
): Observable<readonly ReportSummary[]> => {
  const { actor } = workspace;
  const selector: MangoQuerySelector<ReportDoc> = {};
  if (filters.programmeId) selector.programmeId = filters.programmeId;
  if (filters.taskId) selector.taskId = filters.taskId;
  if (filters.type) selector.type = filters.type;
  if (filters.state) selector.state = filters.state;
  // Those who may read no one else's reports (mentors) only ever get their own.
  if (filters.mine || grantOf(actor.role, 'reports.readAll') === 'none') {
    selector.createdBy = actor.id;
  }
  const visible$ = combineLatest([
    watchDocs(workspace, 'reports', { selector }),
    watchProgrammeTeams(workspace),
  ]).pipe(
    map(([reports, teams]) => ({
      teams,
      reports: reports
        .filter((report) =>
          mayReadReport(actor, report, teams.get(report.programmeId)?.managerIds ?? []),
        )
        .sort(newestFirst),
    })),
  );
  const taskIds$ = visible$.pipe(
    map(({ reports }) =>
      [...new Set(reports.map((report) => report.taskId).filter((id) => id !== NONE))].sort(),
    ),
    distinctUntilChanged(sameIds),
    switchMap((ids) => watchTaskTitles(workspace, ids)),
  );
  return combineLatest([visible$, taskIds$, watchPeopleNames(workspace)]).pipe(
    map(([{ reports, teams }, taskTitles, names]) =>
      reports.map((report) =>
        reportSummaryOf(report, {
          programmeName: teams.get(report.programmeId)?.programme.name ?? UNKNOWN_PROGRAMME,
          taskTitle: report.taskId === NONE ? null : (taskTitles.get(report.taskId) ?? null),
          authorName: personRef(names, report.createdBy).name,
        }),
      ),
    ),
  );
};

const watchReportDetail = (
  workspace: Workspace,
  reportId: string,
): Observable<ReportDetail | null> =>
  watchDoc(workspace, 'reports', reportId).pipe(
    switchMap((report) => {
      if (!report) return of(null);
      const authorsDraft = report.createdBy === workspace.actor.id && report.state === 'draft';
      return combineLatest([
        watchProgrammeTeams(workspace),
        report.taskId === NONE ? of(undefined) : watchDoc(workspace, 'tasks', report.taskId),
        watchPeopleNames(workspace),
        authorsDraft ? watchHeldText(workspace.database, reportId) : of({}),
      ]).pipe(
        map(([teams, task, names, held]): ReportDetail | null => {
          const team = teams.get(report.programmeId);
          if (!mayReadReport(workspace.actor, report, team?.managerIds ?? [])) return null;
          const programme = team?.programme;
          const open = programme?.status !== 'archived';
          return {
            report,
            programme: programme
              ? { id: programme.id, name: programme.name, status: programme.status }
              : { id: report.programmeId, name: UNKNOWN_PROGRAMME, status: 'active' },
            task: task
              ? { id: task.id, title: task.title, status: task.status }
              : report.taskId === NONE
                ? null
                : { id: report.taskId, title: 'Unknown task', status: 'pending' },
            author: personRef(names, report.createdBy),
            can: {
              edit: authorsDraft && open,
              submit: authorsDraft && open,
              discard: authorsDraft,
            },
            held,
          };
        }),
      );
    }),
  );

/** The tasks a caller may see as report targets: assigned to them, or in programmes they manage. */
const watchCandidateTasks = (
  workspace: Workspace,
  teams$: Observable<ReadonlyMap<string, ProgrammeTeam>>,
): Observable<TaskDoc[]> => {
  const { actor } = workspace;
  if (actor.role === 'admin') return watchDocs(workspace, 'tasks', {});
  return teams$.pipe(
    map((teams) =>
      [...teams.values()]
        .filter((team) => team.managerIds.includes(actor.id))
        .map((team) => team.programme.id)
        .sort(),
    ),
    distinctUntilChanged(sameIds),
    switchMap((managed) =>
      watchDocs(workspace, 'tasks', {
        selector: {
          $or: [
            { assignees: { $elemMatch: { $eq: actor.id } } },
            ...(managed.length > 0 ? [{ programmeId: { $in: [...managed] } }] : []),
          ],
        },
      }),
    ),
  );
};

const watchReportTargets = (workspace: Workspace): Observable<ReportTargets> => {
  const { actor } = workspace;
  // Read twice below: watchProgrammeTeams shares one build between both subscriptions.
  const teams$ = watchProgrammeTeams(workspace);
  return combineLatest([teams$, watchCandidateTasks(workspace, teams$)]).pipe(
    map(([teams, tasks]) => {
      const open = [...teams.values()].filter((team) => team.programme.status !== 'archived');
      const programmes = open
        .filter((team) => reportSubjectRefusal(actor, { type: 'programme', ...team }) === null)
        .map((team) => ({ id: team.programme.id, name: team.programme.name }))
        .sort(byName);
      const taskTargets = tasks
        .flatMap((task) => {
          const team = teams.get(task.programmeId);
          if (!team || team.programme.status === 'archived') return [];
          if (reportSubjectRefusal(actor, { type: 'task', task, ...team }) !== null) return [];
          return [
            {
              id: task.id,
              title: task.title,
              programmeId: task.programmeId,
              status: task.status,
              programmeName: team.programme.name,
            },
          ];
        })
        .sort(
          (a, b) =>
            a.programmeName.localeCompare(b.programmeName) || a.title.localeCompare(b.title),
        );
      return { programmes, tasks: taskTargets };
    }),
  );
};

export const reportLiveQueries = (deps: FeatureDeps): Feature['liveQueries'] => ({
  'reports.list': (filters) =>
    watchWorkspace(deps, (workspace) => watchReportList(workspace, filters), []),
  'reports.detail': ({ reportId }) =>
    watchWorkspace(deps, (workspace) => watchReportDetail(workspace, reportId), null),
  'reports.targets': () => watchWorkspace(deps, watchReportTargets, { programmes: [], tasks: [] }),
});
