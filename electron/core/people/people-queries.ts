import { combineLatest, map } from 'rxjs';
import type { Observable } from 'rxjs';
import type { MyProfile, PersonDetail, PersonRow } from '../../../shared/contract';
import { profileCompleteness, profileMatches } from '../../../shared/domain';
import type { UserDetailsDoc, UserRole } from '../../../shared/schema';
import type { FeatureDeps, Workspace } from '../workspace';
import {
  allows,
  compareNames,
  displayName,
  watchDoc,
  watchDocs,
  watchWorkspace,
} from '../workspace';

/**
 * The people live queries. Mentor details are private: a mentor's database holds only their own,
 * admins and managers replicate every person's. They are shown to the person, admins and managers
 * — checked here too, so what a screen gets never depends on where a document happens to be.
 */

const seesEveryonesDetails = (workspace: Workspace): boolean =>
  allows(workspace, 'userDetails.approve');

const mayReadDetails = (workspace: Workspace, userId: string): boolean =>
  userId === workspace.actor.id || seesEveryonesDetails(workspace);

/** One person's details (there is one per person; the newest wins if two were ever made). */
const latest = (docs: readonly UserDetailsDoc[]): UserDetailsDoc | null =>
  [...docs].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))[0] ?? null;

const watchDetailsOf = (workspace: Workspace, userId: string): Observable<UserDetailsDoc | null> =>
  watchDocs(workspace, 'userDetails', { selector: { userId } }).pipe(map(latest));

export const watchPeople = (
  deps: FeatureDeps,
  { role, text }: { readonly role?: UserRole | undefined; readonly text?: string | undefined },
): Observable<readonly PersonRow[]> =>
  watchWorkspace(
    deps,
    (workspace) =>
      combineLatest([
        watchDocs(workspace, 'users', role ? { selector: { role } } : {}),
        watchDocs(workspace, 'userDetails', {}),
      ]).pipe(
        map(([profiles, details]) => {
          const statusOf = new Map<string, UserDetailsDoc['status']>();
          for (const doc of details) {
            if (mayReadDetails(workspace, doc.userId)) statusOf.set(doc.userId, doc.status);
          }
          return profiles
            .filter((profile) => profileMatches(profile, text ?? ''))
            .map((profile) => ({
              profile,
              completeness: profileCompleteness(profile).percent,
              detailsStatus: statusOf.get(profile.id) ?? null,
            }))
            .sort((a, b) => compareNames(displayName(a.profile), displayName(b.profile)));
        }),
      ),
    [],
  );

export const watchMyProfile = (deps: FeatureDeps): Observable<MyProfile | null> =>
  watchWorkspace(
    deps,
    (workspace) =>
      combineLatest([
        watchDoc(workspace, 'users', workspace.actor.id),
        watchDetailsOf(workspace, workspace.actor.id),
      ]).pipe(
        map(([profile, details]) => ({
          profile: profile ?? null,
          completeness: profileCompleteness(profile ?? { email: '' }),
          details,
        })),
      ),
    null,
  );

export const watchPerson = (deps: FeatureDeps, userId: string): Observable<PersonDetail | null> =>
  watchWorkspace(
    deps,
    (workspace) =>
      combineLatest([watchDoc(workspace, 'users', userId), watchDetailsOf(workspace, userId)]).pipe(
        map(([profile, found]) => {
          if (!profile) return null;
          const details = mayReadDetails(workspace, userId) ? found : null;
          return {
            profile,
            completeness: profileCompleteness(profile),
            details,
            can: {
              setRole: allows(workspace, 'users.setRole'),
              // Nobody approves their own details.
              approveDetails:
                details?.status === 'submitted' &&
                userId !== workspace.actor.id &&
                allows(workspace, 'userDetails.approve'),
            },
          };
        }),
      ),
    null,
  );
