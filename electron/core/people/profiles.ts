import { HostFailure } from '../../../shared/contract';
import type { InputOf } from '../../../shared/contract';
import { applyProfileEdit, profileCompleteness } from '../../../shared/domain';
import type { UserDoc, UserRole } from '../../../shared/schema';
import type { FeatureDeps, Workspace } from '../workspace';
import { ensureCan, findDoc, insertDoc, requireWorkspace, updateDoc } from '../workspace';

/** A new profile: the person's id is their account name, and it is also their username. */
export const newProfile = (
  workspace: Workspace,
  person: {
    readonly id: string;
    readonly email: string;
    readonly role: UserRole;
    readonly fullName?: string | null;
  },
): UserDoc => {
  const now = workspace.now();
  const profile: UserDoc = {
    id: person.id,
    username: person.id,
    email: person.email,
    role: person.role,
    ...(person.fullName ? { fullName: person.fullName } : {}),
    profileComplete: false,
    dateCreated: now,
    createdAt: now,
    updatedAt: now,
  };
  return { ...profile, profileComplete: profileCompleteness(profile).complete };
};

/**
 * Saves a profile: a person's own (admins: anyone's). The input is the whole form, so what is left
 * out is cleared (applyProfileEdit). The role is never changed here: that is `users.setRole`, which
 * changes the account on the server too. Someone without a profile yet (an account an admin made
 * on the server only) creates theirs with their first save, which needs an email.
 */
export const editProfile = async (
  deps: FeatureDeps,
  { userId, ...edit }: InputOf<'users.editProfile'>,
): Promise<UserDoc> => {
  const workspace = requireWorkspace(deps);
  ensureCan(workspace, 'users.editProfile', [userId]);
  const existing = await findDoc(workspace, 'users', userId);
  if (existing) {
    return updateDoc(
      workspace,
      'users',
      userId,
      (current) => ({ ...applyProfileEdit(current, edit), updatedAt: workspace.now() }),
      'profile',
    );
  }
  if (userId !== workspace.actor.id) {
    throw new HostFailure('not_found', `${userId} has no profile yet: they create it themselves.`);
  }
  if (!edit.email) {
    throw new HostFailure('invalid_input', 'Add your email address: every profile has one.', [
      { path: 'email', message: 'Your email address is required.' },
    ]);
  }
  const profile = newProfile(workspace, {
    id: userId,
    email: edit.email,
    role: workspace.actor.role,
  });
  return insertDoc(workspace, 'users', applyProfileEdit(profile, edit));
};
