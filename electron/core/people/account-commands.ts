import { HostFailure } from '../../../shared/contract';
import type { InputOf, PendingAccount } from '../../../shared/contract';
import { appRoleOf } from '../../../shared/domain';
import type { UserDoc } from '../../../shared/schema';
import type { FeatureDeps, Workspace } from '../workspace';
import { allows, findDoc, insertDoc, requireWorkspace, updateDoc } from '../workspace';
import {
  accountEmail,
  accountFullName,
  isPending,
  listAccounts,
  pendingAccountOf,
  readAccount,
  withAppRole,
  writeAccount,
} from './accounts';
import { newProfile } from './profiles';

/**
 * What admins do with accounts: create them with a role, see who signed up and is waiting, and give
 * an account its role. Each changes the server's user store first (only it decides who may sign
 * in), then the profile in the app's database, which syncs.
 */

/** Accounts are an admin's: the matrix's "change a person's role" row says who. */
const ensureAdmin = (workspace: Workspace, what: string): void => {
  if (!allows(workspace, 'users.setRole')) {
    throw new HostFailure('forbidden', `Only an admin can ${what}.`);
  }
};

const byUsername = (a: PendingAccount, b: PendingAccount) =>
  (a.signedUpAt ?? '').localeCompare(b.signedUpAt ?? '') || a.username.localeCompare(b.username);

export const createUser = async (
  deps: FeatureDeps,
  { username, email, password, fullName, role }: InputOf<'users.create'>,
): Promise<UserDoc> => {
  const workspace = requireWorkspace(deps);
  ensureAdmin(workspace, 'create accounts');
  if (await findDoc(workspace, 'users', username)) {
    throw new HostFailure('conflict', `The username “${username}” is taken: choose another.`, [
      { path: 'username', message: 'That username is taken.' },
    ]);
  }
  await writeAccount(
    workspace,
    {
      _id: `org.couchdb.user:${username}`,
      name: username,
      type: 'user',
      roles: [role],
      password,
      email,
      fullName,
    },
    'Creating an account',
  );
  return insertDoc(
    workspace,
    'users',
    newProfile(workspace, { id: username, email, fullName, role }),
  );
};

export const pendingAccounts = async (deps: FeatureDeps): Promise<readonly PendingAccount[]> => {
  const workspace = requireWorkspace(deps);
  ensureAdmin(workspace, 'see the accounts waiting for approval');
  const accounts = await listAccounts(workspace, 'Listing the accounts waiting for approval');
  return accounts.filter(isPending).map(pendingAccountOf).sort(byUsername);
};

/** An admin may step down, but the organisation always keeps one. */
const ensureAnotherAdmin = async (workspace: Workspace) => {
  const accounts = await listAccounts(workspace, 'Changing a role');
  const otherAdmins = accounts.filter(
    (account) => account.name !== workspace.actor.id && appRoleOf(account.roles) === 'admin',
  );
  if (otherAdmins.length === 0) {
    throw new HostFailure(
      'conflict',
      'You are the only admin: make someone else an admin before you give up the role.',
      [{ path: 'role', message: 'The organisation needs an admin.' }],
    );
  }
};

/**
 * Gives an account its role on the server, then on its profile. An account someone signed up with
 * has no profile yet (they could write nothing without a role): it is made here from what they
 * gave when signing up — this is how an applicant is approved. An account without an email (made
 * on the server by hand) gets its profile when its person first saves one.
 */
export const setRole = async (
  deps: FeatureDeps,
  { userId, role }: InputOf<'users.setRole'>,
): Promise<UserDoc | null> => {
  const workspace = requireWorkspace(deps);
  ensureAdmin(workspace, 'change roles');
  const what = 'Changing a role';
  const account = await readAccount(workspace, userId, what);
  if (account.roles.some((existing) => existing.startsWith('_'))) {
    throw new HostFailure('forbidden', `${userId} is a server account, not a person's.`);
  }
  if (userId === workspace.actor.id && role !== 'admin') await ensureAnotherAdmin(workspace);
  const roles = withAppRole(account.roles, role);
  if (roles.length !== account.roles.length || roles.some((r) => !account.roles.includes(r))) {
    // The stored hash (derived_key, salt) is sent back as it is: with no `password` field the
    // user store keeps it, so the person's password does not change.
    const { password: _never, ...rest } = account;
    await writeAccount(workspace, { ...rest, roles }, what);
  }
  const profile = await findDoc(workspace, 'users', userId);
  if (profile) {
    if (profile.role === role) return profile;
    return updateDoc(
      workspace,
      'users',
      userId,
      (current) => ({ ...current, role, updatedAt: workspace.now() }),
      'profile',
    );
  }
  const email = accountEmail(account);
  if (email === null) return null;
  return insertDoc(
    workspace,
    'users',
    newProfile(workspace, { id: userId, email, role, fullName: accountFullName(account) }),
  );
};
