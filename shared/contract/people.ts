import { z } from 'zod';
import {
  approveUserDetailsInput,
  addReferenceListEntryInput,
  editProfileInput,
  emailInput,
  nameInput,
  removeReferenceListEntryInput,
  renameReferenceListEntryInput,
  setUserRoleInput,
  signUpInput,
  submitUserDetailsInput,
} from '../domain/inputs/index';
import type { ProfileCompleteness } from '../domain/profile';
import { userDetailsStatuses, userRoles } from '../schema/index';
import type { ReferenceListDoc, UserDetailsDoc, UserDoc, UserRole } from '../schema/index';
import { command, liveQuery } from './define';
import { signInInput } from './session';

/** People: accounts, profiles, mentor details, and the reference lists admins keep. */

const noInput = z.object({}).strict();

/** An account on the sync server that nobody has given a role yet: a mentor applicant. */
export interface PendingAccount {
  readonly username: string;
  readonly email: string | null;
  readonly fullName: string | null;
  readonly signedUpAt: string | null;
}

export interface PersonRow {
  readonly profile: UserDoc;
  readonly completeness: number;
  /** Their mentor details' state, if they submitted any and the caller may see them. */
  readonly detailsStatus: UserDetailsDoc['status'] | null;
}

export interface MyProfile {
  /** null until the profile is first saved (an account approved by an admin has one already). */
  readonly profile: UserDoc | null;
  readonly completeness: ProfileCompleteness;
  readonly details: UserDetailsDoc | null;
}

export interface PersonDetail {
  readonly profile: UserDoc;
  readonly completeness: ProfileCompleteness;
  /** Visible to the person, admins and managers. */
  readonly details: UserDetailsDoc | null;
  readonly can: { readonly setRole: boolean; readonly approveDetails: boolean };
}

export interface DetailsForApproval {
  readonly details: UserDetailsDoc;
  readonly person: { readonly id: string; readonly name: string; readonly email: string | null };
  readonly techStacks: readonly string[];
}

export const signUpRequestInput = signUpInput.extend({ serverUrl: signInInput.shape.serverUrl });

export const createUserInput = signUpInput.extend({
  role: z.enum(userRoles, 'The role is admin, manager or mentor.'),
  fullName: nameInput,
  email: emailInput,
});

export const peopleContract = {
  'users.signUp': command<null>()(
    signUpRequestInput,
    'Creates an account on the sync server with no role: an administrator approves it.',
  ),
  'users.create': command<UserDoc>()(
    createUserInput,
    'An admin creates an account with a role and its profile (needs the server).',
  ),
  'users.pendingAccounts': command<readonly PendingAccount[]>()(
    noInput,
    'Accounts waiting for an administrator to give them a role (needs the server).',
  ),
  'users.setRole': command<UserDoc | null>()(
    setUserRoleInput,
    'An admin gives an account its role, on the server and on its profile (needs the server); the profile is made from the sign-up when there is none (null when the account has no email to make it from).',
  ),
  'users.editProfile': command<UserDoc>()(editProfileInput, 'Saves a profile.'),
  'users.list': liveQuery<readonly PersonRow[]>()(
    z
      .object({
        role: z.enum(userRoles).optional(),
        text: z.string().max(200).optional(),
      })
      .strict(),
    'People of the organisation, by name.',
  ),
  'users.me': liveQuery<MyProfile | null>()(
    noInput,
    'The signed-in person’s profile, its completeness and their mentor details.',
  ),
  'users.detail': liveQuery<PersonDetail | null>()(
    z.object({ userId: z.string().min(1).max(64) }).strict(),
    'One person’s profile (and mentor details where the caller may see them).',
  ),
} as const;

export const userDetailsContract = {
  'userDetails.submit': command<UserDetailsDoc>()(
    submitUserDetailsInput,
    'Saves the signed-in person’s mentor details (submitted for approval).',
  ),
  'userDetails.approve': command<UserDetailsDoc>()(
    approveUserDetailsInput,
    'An admin or manager approves someone’s mentor details.',
  ),
  'userDetails.list': liveQuery<readonly DetailsForApproval[]>()(
    z.object({ status: z.enum(userDetailsStatuses).optional() }).strict(),
    'Mentor details for admins and managers to approve.',
  ),
} as const;

export interface ReferenceListView {
  readonly techStack: readonly ReferenceListDoc[];
  readonly jobRole: readonly ReferenceListDoc[];
}

export const referenceListsContract = {
  'referenceLists.add': command<ReferenceListDoc>()(
    addReferenceListEntryInput,
    'Adds a tech stack or job role.',
  ),
  'referenceLists.rename': command<ReferenceListDoc>()(
    renameReferenceListEntryInput,
    'Renames an entry of a reference list.',
  ),
  'referenceLists.remove': command<null>()(
    removeReferenceListEntryInput,
    'Removes an entry of a reference list.',
  ),
  'referenceLists.all': liveQuery<ReferenceListView>()(
    noInput,
    'Both reference lists, each by name.',
  ),
} as const;

export type { UserRole };
