import { combineLatest, map } from 'rxjs';
import type { Observable } from 'rxjs';
import { HostFailure } from '../../../shared/contract';
import type { DetailsForApproval, InputOf } from '../../../shared/contract';
import { detailsDecidedDrafts, transition } from '../../../shared/domain';
import { NONE } from '../../../shared/schema/fields';
import type { UserDetailsDoc, UserDetailsStatus } from '../../../shared/schema';
import type { FeatureDeps, Workspace } from '../workspace';
import { notify } from '../notifications/notify';
import {
  displayName,
  ensureCan,
  findDoc,
  getDoc,
  insertDoc,
  queryDocs,
  requireWorkspace,
  unwrap,
  updateDoc,
  watchDocs,
  watchWorkspace,
} from '../workspace';

/**
 * Mentor details (DESIGN §2 userDetails): what a person tells the organisation to become a mentor,
 * approved by an admin or manager. One document per person; they keep it up to date. Editing it
 * after approval keeps it approved: the lifecycle has no way back, and an approval is of the person
 * as a mentor, which a new job or another year of experience does not undo.
 */

/** Tech stacks must be entries of the admins' list; ids are checked, duplicates dropped. */
const checkedTechStacks = async (workspace: Workspace, ids: readonly string[]) => {
  const known = new Set(
    (await queryDocs(workspace, 'referenceLists', { selector: { list: 'techStack' } })).map(
      (entry) => entry.id,
    ),
  );
  const unknown = ids.filter((id) => !known.has(id));
  if (unknown.length > 0) {
    throw new HostFailure('invalid_input', 'Choose tech stacks from the list the admins keep.', [
      { path: 'technicalProficiency', message: `Unknown tech stack: ${unknown.join(', ')}.` },
    ]);
  }
  return [...new Set(ids)];
};

const checkedProgramme = async (workspace: Workspace, programmeId: string | undefined) => {
  if (programmeId === undefined || programmeId === NONE) return NONE;
  const programme = await findDoc(workspace, 'programmes', programmeId);
  if (!programme || programme.status === 'archived') {
    throw new HostFailure('invalid_input', 'Choose a programme that is running.', [
      {
        path: 'programmeOfInterest',
        message: programme ? `“${programme.name}” is archived.` : 'There is no such programme.',
      },
    ]);
  }
  return programme.id;
};

const trimmedList = (values: readonly string[]) => [
  ...new Set(values.map((value) => value.trim()).filter(Boolean)),
];

export const submitUserDetails = async (
  deps: FeatureDeps,
  input: InputOf<'userDetails.submit'>,
): Promise<UserDetailsDoc> => {
  const workspace = requireWorkspace(deps);
  const userId = workspace.actor.id;
  ensureCan(workspace, 'userDetails.submit', [userId]);
  const fields = {
    previousRoles: trimmedList(input.previousRoles),
    previousProgrammes: trimmedList(input.previousProgrammes),
    programmeOfInterest: await checkedProgramme(workspace, input.programmeOfInterest),
    yearsOfTechnicalExperience: input.yearsOfTechnicalExperience,
    beenMentorBefore: input.beenMentorBefore,
    technicalProficiency: await checkedTechStacks(workspace, input.technicalProficiency),
  };
  // One per person; should two ever exist (made offline on two machines), the newest is kept up.
  const [existing] = (await queryDocs(workspace, 'userDetails', { selector: { userId } })).sort(
    (a, b) => b.updatedAt.localeCompare(a.updatedAt),
  );
  if (existing) {
    return updateDoc(
      workspace,
      'userDetails',
      existing.id,
      ({ document: _previous, ...current }) => ({
        ...current,
        ...fields,
        ...(input.document ? { document: input.document } : {}),
        updatedAt: workspace.now(),
      }),
      'mentor details',
    );
  }
  const now = workspace.now();
  return insertDoc(workspace, 'userDetails', {
    id: workspace.newId(),
    userId,
    managerId: NONE,
    ...fields,
    ...(input.document ? { document: input.document } : {}),
    status: 'submitted',
    approved: false,
    createdAt: now,
    updatedAt: now,
  });
};

export const approveUserDetails = async (
  deps: FeatureDeps,
  { userDetailsId }: InputOf<'userDetails.approve'>,
): Promise<UserDetailsDoc> => {
  const workspace = requireWorkspace(deps);
  ensureCan(workspace, 'userDetails.approve');
  const details = await getDoc(workspace, 'userDetails', userDetailsId, 'mentor details');
  if (details.userId === workspace.actor.id) {
    throw new HostFailure('forbidden', 'Someone else approves your own mentor details.');
  }
  if (details.status === 'approved') {
    throw new HostFailure('conflict', 'These mentor details are approved already.');
  }
  const approved = await updateDoc(
    workspace,
    'userDetails',
    userDetailsId,
    (current) =>
      unwrap(
        transition('userDetails', current, 'approved', {
          by: workspace.actor.id,
          at: workspace.now(),
        }),
      ),
    'mentor details',
  );
  await notify(workspace, deps.logger, detailsDecidedDrafts(approved, workspace.actor.id));
  return approved;
};

/** Waiting ones first, oldest first (a queue); then the approved, newest first. */
const queueOrder = (a: UserDetailsDoc, b: UserDetailsDoc) =>
  a.status !== b.status
    ? a.status === 'submitted'
      ? -1
      : 1
    : a.status === 'submitted'
      ? a.updatedAt.localeCompare(b.updatedAt)
      : b.updatedAt.localeCompare(a.updatedAt);

export const watchDetailsForApproval = (
  deps: FeatureDeps,
  status: UserDetailsStatus | undefined,
): Observable<readonly DetailsForApproval[]> =>
  watchWorkspace(
    deps,
    (workspace) => {
      ensureCan(workspace, 'userDetails.approve');
      return combineLatest([
        watchDocs(workspace, 'userDetails', status ? { selector: { status } } : {}),
        watchDocs(workspace, 'users', {}),
        watchDocs(workspace, 'referenceLists', { selector: { list: 'techStack' } }),
      ]).pipe(
        map(([details, profiles, techStacks]) => {
          const people = new Map(profiles.map((profile) => [profile.id, profile]));
          const stackNames = new Map(techStacks.map((entry) => [entry.id, entry.name]));
          return [...details].sort(queueOrder).map((doc) => {
            const profile = people.get(doc.userId);
            return {
              details: doc,
              person: {
                id: doc.userId,
                name: profile ? displayName(profile) : doc.userId,
                email: profile?.email ?? null,
              },
              techStacks: doc.technicalProficiency.flatMap((id) => {
                const name = stackNames.get(id);
                return name ? [name] : [];
              }),
            };
          });
        }),
      );
    },
    [],
  );
