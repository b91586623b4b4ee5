import { combineLatest, map, of } from 'rxjs';
import type { ApprovalsInbox, DetailsForApproval, MyApplication } from '../../../shared/contract';
import type { UserDetailsDoc, UserDoc } from '../../../shared/schema';
import type { LiveQueryHandler } from '../host/registry';
import {
  allows,
  displayName,
  personRef,
  watchDocs,
  watchPeopleNames,
  watchWorkspace,
} from '../workspace';
import type { FeatureDeps } from '../workspace';
import { accessOf } from './programme-access';
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

const detailsForApproval = (
  details: UserDetailsDoc,
  people: ReadonlyMap<string, UserDoc>,
  techStacks: ReadonlyMap<string, string>,
): DetailsForApproval => {
  const person = people.get(details.userId);
  return {
    details,
    person: {
      id: details.userId,
      name: person ? displayName(person) : details.userId,
      email: person?.email ?? null,
    },
    techStacks: details.technicalProficiency.flatMap((id) => {
      const name = techStacks.get(id);
      return name === undefined ? [] : [name];
    }),
  };
};

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
        const oldestFirst = [{ createdAt: 'asc' as const }];
        return combineLatest([
          watchDocs(workspace, 'applications', {
            selector: { status: 'pending' },
            sort: oldestFirst,
          }),
          watchDocs(workspace, 'programmes', {}),
          watchDocs(workspace, 'programmeMembers', { selector: { role: 'manager' } }),
          allows(workspace, 'userDetails.approve')
            ? watchDocs(workspace, 'userDetails', {
                selector: { status: 'submitted' },
                sort: oldestFirst,
              })
            : of([]),
          watchDocs(workspace, 'users', {}),
          watchDocs(workspace, 'referenceLists', { selector: { list: 'techStack' } }),
        ]).pipe(
          map(([pending, programmes, managers, details, users, techStacks]): ApprovalsInbox => {
            const people = new Map(users.map((user) => [user.id, user]));
            const names = new Map(users.map((user) => [user.id, displayName(user)]));
            const programmeById = new Map(programmes.map((programme) => [programme.id, programme]));
            const stackNames = new Map(techStacks.map((entry) => [entry.id, entry.name]));
            return {
              applications: pending.flatMap((application) => {
                const programme = programmeById.get(application.programmeId);
                if (!programme || programme.status === 'archived') return [];
                const team = managers.filter((member) => member.programmeId === programme.id);
                const { managerIds } = accessOf(workspace, programme, team);
                return allows(workspace, 'applications.decide', managerIds)
                  ? [applicationView(application, programme, names)]
                  : [];
              }),
              // Nobody approves their own details.
              details: details
                .filter((entry) => entry.userId !== workspace.actor.id)
                .map((entry) => detailsForApproval(entry, people, stackNames)),
            };
          }),
        );
      },
      emptyInbox,
    );

export const applicationQueries = (deps: FeatureDeps) => ({
  'applications.mine': mine(deps),
  'applications.inbox': inbox(deps),
});
