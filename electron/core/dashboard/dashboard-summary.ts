import type { DashboardSummary } from '../../../shared/contract';
import { countPerWeek, countProgrammes, summariseTasks } from '../../../shared/domain/dashboard';
import type { TaskScope } from '../../../shared/domain/dashboard';
import type { CollectionName, DocOf, ReportDoc } from '../../../shared/schema';
import { collectionOf, displayName, findDoc } from '../workspace';
import type { Workspace } from '../workspace';
import type { MangoQuery } from 'rxdb';
import { programmesJoinedBy, programmesManagedBy, readMany } from './programme-scope';

/** Indexed `count(*)`: the storage answers it from an index range without reading documents. */
const countOf = <C extends CollectionName>(
  workspace: Workspace,
  collection: C,
  selector: MangoQuery<DocOf<C>>['selector'],
): Promise<number> =>
  collectionOf(workspace, collection)
    .count(selector === undefined ? {} : { selector })
    .exec();

/** When a report counts as submitted: its submission, or (older documents) its creation. */
const submittedAtOf = (report: Pick<ReportDoc, 'submittedAt' | 'dateCreated'>): string =>
  report.submittedAt ?? report.dateCreated;

/**
 * The submitted reports that count on the dashboard: everyone's (admins), the managed programmes'
 * (managers) or their own (mentors). Only the dates are kept.
 */
const submittedReportDates = async (
  workspace: Workspace,
  managed: ReadonlySet<string>,
): Promise<string[]> => {
  const { role, id } = workspace.actor;
  if (role === 'admin') {
    const reports = await readMany(workspace, 'reports', { selector: { state: 'submitted' } });
    return reports.map(submittedAtOf);
  }
  if (role === 'mentor') {
    const reports = await readMany(workspace, 'reports', {
      selector: { createdBy: id, state: 'submitted' },
    });
    return reports.map(submittedAtOf);
  }
  const perProgramme = await Promise.all(
    [...managed].map((programmeId) =>
      readMany(workspace, 'reports', { selector: { programmeId, state: 'submitted' } }),
    ),
  );
  return perProgramme.flat().map(submittedAtOf);
};

/** Applications waiting for the caller's decision: any (admins), their programmes' (managers). */
const pendingApplicationsFor = async (
  workspace: Workspace,
  managed: ReadonlySet<string>,
): Promise<number> => {
  switch (workspace.actor.role) {
    case 'admin':
      return countOf(workspace, 'applications', { status: 'pending' });
    case 'manager': {
      const counts = await Promise.all(
        [...managed].map((programmeId) =>
          countOf(workspace, 'applications', { programmeId, status: 'pending' }),
        ),
      );
      return counts.reduce((sum, count) => sum + count, 0);
    }
    case 'mentor':
      return 0;
  }
};

/**
 * Everything the dashboard shows, for the signed-in person. Tasks are summarised in one pass
 * (assignees are an array, which RxDB cannot index); everything else is an indexed count or a
 * query over a small set.
 */
export const computeDashboard = async (
  workspace: Workspace,
  now: Date,
): Promise<DashboardSummary> => {
  const { role, id } = workspace.actor;
  const decides = role === 'admin' || role === 'manager';
  const [managed, joined] = await Promise.all([
    role === 'manager' ? programmesManagedBy(workspace) : Promise.resolve(new Set<string>()),
    role === 'mentor' ? programmesJoinedBy(workspace) : Promise.resolve(new Set<string>()),
  ]);
  const scope: TaskScope = role === 'admin' ? { all: true } : { all: false, programmeIds: managed };

  const [tasks, reportDates, pendingApplications, pendingDetails, pendingCertificates] =
    await Promise.all([
      readMany(workspace, 'tasks'),
      submittedReportDates(workspace, managed),
      pendingApplicationsFor(workspace, managed),
      decides ? countOf(workspace, 'userDetails', { status: 'submitted' }) : Promise.resolve(0),
      role === 'admin'
        ? countOf(workspace, 'certificates', { status: 'pending_approval' })
        : Promise.resolve(0),
    ]);
  const [myDrafts, programmes, profile] = await Promise.all([
    countOf(workspace, 'reports', { createdBy: id, state: 'draft' }),
    readMany(workspace, 'programmes'),
    findDoc(workspace, 'users', id),
  ]);
  const taskSummary = summariseTasks(tasks, scope, id);
  const mine = role === 'admin' ? undefined : role === 'manager' ? managed : joined;
  return {
    role,
    displayName: profile ? displayName(profile) : id,
    tasksByStatus: taskSummary.byStatus,
    reportsPerWeek: countPerWeek(reportDates, now),
    pendingApplications,
    pendingDetails,
    pendingCertificates,
    myOpenTasks: taskSummary.myOpen,
    myDrafts,
    programmes: countProgrammes(
      mine ? programmes.filter((programme) => mine.has(programme.id)) : programmes,
    ),
    openProgrammes: programmes.filter((programme) => programme.status === 'active').length,
  };
};
