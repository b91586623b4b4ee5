import { combineLatest, map, of } from 'rxjs';
import type { ApprovalsInbox, DetailsForApproval, MyApplication } from '../../../shared/contract';
import type { LiveQueryHandler } from '../host/registry';
import { watchDetailsForApproval } from '../people/user-details';
import {
  allows,
  personRef,
  watchDocs,
  watchPeopleNames,
  watchProgrammeTeams,
  watchWorkspace,
} from '../workspace';
import type { FeatureDeps } from '../workspace';
import { applicationView } from './programme-queries';

/** A mentor's own applications, and the approvals inbox of admins and managers. */

const mine =
  (deps: FeatureDeps): LiveQueryHandler<'applications.mine'> =>
  () =>
    watchWorkspace(
      deps,
      (workspace) =>
        combineLatest([
          watchDocs(workspace, 'applications', {
            selector: { userId: workspace.actor.id },
            sort: [{ createdAt: 'desc' }],
          }),
          watchDocs(workspace, 'programmes', {}),
          watchPeopleNames(workspace),
        ]).pipe(
          map(([applications, programmes, names]) => {
            const programmeById = new Map(programmes.map((programme) => [programme.id, programme]));
            return applications.map((application): MyApplication => {
              const programme = programmeById.get(application.programmeId);
              return {
                application,
                programme: programme
                  ? { id: programme.id, name: programme.name, status: programme.status }
                  : // Its programme has not synced to this machine yet.
                    { id: application.programmeId, name: 'A programme', status: 'active' },
                decidedBy: application.decidedBy ? personRef(names, application.decidedBy) : null,
              };
            });
          }),
        ),
      [],
    );

const emptyInbox: ApprovalsInbox = { applications: [], details: [] };

/**
 * What waits for the caller's decision, oldest first: applications to programmes they may decide
 * (an admin: all; a manager: those they manage; none in an archived programme, which is read-only),
 * and mentor details to approve.
 */
const inbox =
  (deps: FeatureDeps): LiveQueryHandler<'applications.inbox'> =>
  () =>
    watchWorkspace(
      deps,
      (workspace) => {
        const decidesSome =
          allows(workspace, 'applications.decide', [workspace.actor.id]) ||
          allows(workspace, 'userDetails.approve');
        if (!decidesSome) return of(emptyInbox);
        return combineLatest([
          watchDocs(workspace, 'applications', {
            selector: { status: 'pending' },
            sort: [{ createdAt: 'asc' }],
          }),
          watchProgrammeTeams(workspace),
          watchPeopleNames(workspace),
          // The people feature's own queue of details, as its /people screens show it.
          allows(workspace, 'userDetails.approve')
            ? watchDetailsForApproval(deps, 'submitted')
            : of<readonly DetailsForApproval[]>([]),
        ]).pipe(
          map(([pending, teams, names, details]): ApprovalsInbox => ({
            applications: pending.flatMap((application) => {
              const team = teams.get(application.programmeId);
              if (!team || team.programme.status === 'archived') return [];
              return allows(workspace, 'applications.decide', team.managerIds)
                ? [applicationView(application, team.programme, names)]
                : [];
            }),
            // Nobody approves their own details.
            details: details.filter((entry) => entry.details.userId !== workspace.actor.id),
          })),
        );
      },
      emptyInbox,
    );

export const applicationQueries = (deps: FeatureDeps) => ({
  'applications.mine': mine(deps),
  'applications.inbox': inbox(deps),
});
