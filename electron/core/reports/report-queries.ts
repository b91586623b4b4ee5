import { combineLatest, distinctUntilChanged, map, of, shareReplay, switchMap } from 'rxjs';
import type { Observable } from 'rxjs';
import type { MangoQuerySelector } from 'rxdb';
import type { InputOf, ReportDetail, ReportSummary, ReportTargets } from '../../../shared/contract';
import { grantOf } from '../../../shared/domain';
import { mayReadReport, reportSubjectRefusal } from '../../../shared/domain/reports';
import { NONE } from '../../../shared/schema/fields';
import type { ReportDoc, TaskDoc } from '../../../shared/schema';
import type { Feature } from '../host/registry';
import { personRef, watchDoc, watchDocs, watchPeopleNames, watchWorkspace } from '../workspace';
import type { FeatureDeps, Workspace } from '../workspace';
import { watchProgrammeDirectory } from './report-access';
import type { ProgrammeEntry } from './report-access';
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
    watchProgrammeDirectory(workspace),
  ]).pipe(
    map(([reports, directory]) => ({
      directory,
      reports: reports
        .filter((report) =>
          mayReadReport(actor, report, directory.get(report.programmeId)?.managerIds ?? []),
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
    map(([{ reports, directory }, taskTitles, names]) =>
      reports.map((report) =>
        reportSummaryOf(report, {
          programmeName: directory.get(report.programmeId)?.programme.name ?? UNKNOWN_PROGRAMME,
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
      return combineLatest([
        watchProgrammeDirectory(workspace),
        report.taskId === NONE ? of(undefined) : watchDoc(workspace, 'tasks', report.taskId),
        watchPeopleNames(workspace),
      ]).pipe(
        map(([directory, task, names]): ReportDetail | null => {
          const entry = directory.get(report.programmeId);
          if (!mayReadReport(workspace.actor, report, entry?.managerIds ?? [])) return null;
          const programme = entry?.programme;
          const authorsDraft = report.createdBy === workspace.actor.id && report.state === 'draft';
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
          };
        }),
      );
    }),
  );

const byName = (a: { name: string }, b: { name: string }) =>
  a.name.localeCompare(b.name, undefined, { sensitivity: 'base' });

/** The tasks a caller may see as report targets: assigned to them, or in programmes they manage. */
const watchCandidateTasks = (
  workspace: Workspace,
  directory$: Observable<ReadonlyMap<string, ProgrammeEntry>>,
): Observable<TaskDoc[]> => {
  const { actor } = workspace;
  if (actor.role === 'admin') return watchDocs(workspace, 'tasks', {});
  return directory$.pipe(
    map((directory) =>
      [...directory.values()]
        .filter((entry) => entry.managerIds.includes(actor.id))
        .map((entry) => entry.programme.id)
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
  const directory$ = watchProgrammeDirectory(workspace).pipe(
    shareReplay({ bufferSize: 1, refCount: true }),
  );
  return combineLatest([directory$, watchCandidateTasks(workspace, directory$)]).pipe(
    map(([directory, tasks]) => {
      const open = [...directory.values()].filter((entry) => entry.programme.status !== 'archived');
      const programmes = open
        .filter((entry) => reportSubjectRefusal(actor, { type: 'programme', ...entry }) === null)
        .map((entry) => ({ id: entry.programme.id, name: entry.programme.name }))
        .sort(byName);
      const taskTargets = tasks
        .flatMap((task) => {
          const entry = directory.get(task.programmeId);
          if (!entry || entry.programme.status === 'archived') return [];
          if (reportSubjectRefusal(actor, { type: 'task', task, ...entry }) !== null) return [];
          return [
            {
              id: task.id,
              title: task.title,
              programmeId: task.programmeId,
              status: task.status,
              programmeName: entry.programme.name,
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
