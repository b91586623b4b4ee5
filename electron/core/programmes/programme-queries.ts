import { combineLatest, map } from 'rxjs';
import type { Observable } from 'rxjs';
import type {
  ApplicationView,
  MemberView,
  ProgrammeDetail,
  ProgrammeSummary,
} from '../../../shared/contract';
import { emptyTaskCounts } from '../../../shared/domain/dashboard';
import { mayReadReport } from '../../../shared/domain/reports';
import type {
  ApplicationDoc,
  ProgrammeDoc,
  ProgrammeMemberDoc,
  ReportDoc,
  TaskStatus,
} from '../../../shared/schema';
import type { LiveQueryHandler } from '../host/registry';
import {
  allows,
  byName,
  collectionOf,
  personRef,
  teamOf,
  teamsOf,
  watchDoc,
  watchDocs,
  watchPeopleNames,
  watchWorkspace,
} from '../workspace';
import type { FeatureDeps, PeopleNames, Workspace } from '../workspace';
import { myRoleIn, permissionsOf } from './programme-access';

/** The programmes list and one programme's page, live. */

const openTaskStatuses: readonly TaskStatus[] = ['unassigned', 'pending', 'in_progress'];

/**
 * Open tasks per programme. A programme can hold thousands of tasks, so the counts read the two
 * fields they need from the documents instead of copying every task to plain JSON.
 */
const watchOpenTaskCounts = (workspace: Workspace): Observable<ReadonlyMap<string, number>> =>
  collectionOf(workspace, 'tasks')
    .find({ selector: { status: { $in: [...openTaskStatuses] } } })
    .$.pipe(
      map((tasks) => {
        const counts = new Map<string, number>();
        for (const task of tasks) {
          counts.set(task.programmeId, (counts.get(task.programmeId) ?? 0) + 1);
        }
        return counts;
      }),
    );

const groupBy = <T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> => {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(key(item));
    if (group) group.push(item);
    else groups.set(key(item), [item]);
  }
  return groups;
};

export const applicationView = (
  application: ApplicationDoc,
  programme: Pick<ProgrammeDoc, 'id' | 'name' | 'status' | 'criteria'>,
  names: PeopleNames,
): ApplicationView => ({
  application,
  applicant: personRef(names, application.userId),
  programme: {
    id: programme.id,
    name: programme.name,
    status: programme.status,
    criteria: programme.criteria,
  },
  decidedBy: application.decidedBy ? personRef(names, application.decidedBy) : null,
});

const list =
  (deps: FeatureDeps): LiveQueryHandler<'programmes.list'> =>
  ({ status, mine }) =>
    watchWorkspace(
      deps,
      (workspace) => {
        const me = workspace.actor.id;
        return combineLatest([
          watchDocs(workspace, 'programmes', {
            selector: status ? { status } : {},
            sort: [{ dateCreated: 'desc' }],
          }),
          watchDocs(workspace, 'programmeMembers', {}),
          watchOpenTaskCounts(workspace),
          watchDocs(workspace, 'applications', { selector: { status: 'pending' } }),
          watchDocs(workspace, 'applications', { selector: { userId: me } }),
          watchPeopleNames(workspace),
        ]).pipe(
          map(([programmes, memberships, openTasks, pending, myApplications, names]) => {
            const membersOf = groupBy(memberships, (member) => member.programmeId);
            const pendingOf = groupBy(pending, (application) => application.programmeId);
            const mineOf = groupBy(myApplications, (application) => application.programmeId);
            const teams = teamsOf(programmes, memberships);
            return [...teams.values()].flatMap((team): ProgrammeSummary[] => {
              const { programme } = team;
              const members = membersOf.get(programme.id) ?? [];
              if (mine === true && !team.memberIds.includes(me)) return [];
              const myLatest = (mineOf.get(programme.id) ?? []).sort((a, b) =>
                b.createdAt.localeCompare(a.createdAt),
              )[0];
              return [
                {
                  programme,
                  managers: team.managerIds.map((id) => personRef(names, id)).sort(byName),
                  mentorCount: members.filter((member) => member.role === 'mentor').length,
                  openTaskCount: openTasks.get(programme.id) ?? 0,
                  pendingApplicationCount: pendingOf.get(programme.id)?.length ?? 0,
                  myRole: myRoleIn(workspace, programme, members),
                  myApplication: myLatest ? { id: myLatest.id, status: myLatest.status } : null,
                },
              ];
            });
          }),
        );
      },
      [],
    );

const memberViews = (
  members: readonly ProgrammeMemberDoc[],
  names: PeopleNames,
): readonly MemberView[] =>
  members
    .map((membership) => ({ membership, person: personRef(names, membership.userId) }))
    .sort(
      (a, b) =>
        // Managers first, then by name.
        Number(a.membership.role === 'mentor') - Number(b.membership.role === 'mentor') ||
        byName(a.person, b.person),
    );

/** When a report was written, as lists order them: submitted, or started for a draft. */
const writtenAt = (report: ReportDoc): string => report.submittedAt ?? report.dateCreated;

const detail =
  (deps: FeatureDeps): LiveQueryHandler<'programmes.detail'> =>
  ({ programmeId }) =>
    watchWorkspace(
      deps,
      (workspace) => {
        const me = workspace.actor.id;
        const newestFirst = [{ dateCreated: 'desc' as const }];
        return combineLatest([
          watchDoc(workspace, 'programmes', programmeId),
          watchDocs(workspace, 'programmeMembers', { selector: { programmeId } }),
          watchDocs(workspace, 'tasks', { selector: { programmeId }, sort: newestFirst }),
          watchDocs(workspace, 'reports', { selector: { programmeId } }),
          watchDocs(workspace, 'applications', {
            selector: { programmeId },
            sort: [{ createdAt: 'desc' }],
          }),
          watchPeopleNames(workspace),
        ]).pipe(
          map(([programme, members, tasks, reports, applications, names]) => {
            if (!programme) return null;
            const team = teamOf(programme, members);
            const mine = applications.filter((application) => application.userId === me);
            const decides = allows(workspace, 'applications.decide', team.managerIds);
            const taskCounts = emptyTaskCounts();
            for (const task of tasks) taskCounts[task.status] += 1;
            const result: ProgrammeDetail = {
              programme,
              members: memberViews(members, names),
              tasks,
              taskCounts,
              reports: reports
                .filter((report) => mayReadReport(workspace.actor, report, team.managerIds))
                .sort((a, b) => writtenAt(b).localeCompare(writtenAt(a))),
              applications: (decides ? applications : mine).map((application) =>
                applicationView(application, programme, names),
              ),
              myRole: myRoleIn(workspace, programme, members),
              myApplication: mine[0] ?? null,
              can: permissionsOf(workspace, team, mine),
            };
            return result;
          }),
        );
      },
      null,
    );

export const programmeQueries = (deps: FeatureDeps) => ({
  'programmes.list': list(deps),
  'programmes.detail': detail(deps),
});
