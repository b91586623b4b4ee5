import { HostFailure } from '../../../shared/contract';
import type { PendingAccount } from '../../../shared/contract';
import { appRoleOf } from '../../../shared/domain';
import type { UserRole } from '../../../shared/schema';
import type { ServerAnswer } from '../sync/server-access';
import { reasonOf } from '../sync/server-access';
import type { Workspace } from '../workspace';

/**
 * Accounts in the server's user store (`_users`), as admins manage them. Passwords go to the server
 * and are hashed there; nothing here keeps one. Every call needs the network: `server.request`
 * answers `unavailable` when the server cannot be reached, and these say what could not be done.
 */

const USER_PREFIX = 'org.couchdb.user:';

/** An account document as the user store returns it (its password hash fields included). */
export interface AccountDoc {
  readonly _id: string;
  readonly _rev?: string;
  readonly name: string;
  readonly type: 'user';
  readonly roles: readonly string[];
  readonly email?: unknown;
  readonly fullName?: unknown;
  readonly signedUpAt?: unknown;
  readonly [field: string]: unknown;
}

export const accountPath = (name: string): string =>
  `/_users/${encodeURIComponent(`${USER_PREFIX}${name}`)}`;

const textOf = (value: unknown): string | null =>
  typeof value === 'string' && value.trim() !== '' ? value.trim() : null;

/** Reaches the server, saying what needed it when it cannot be reached. */
const ask = async (
  workspace: Workspace,
  what: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<ServerAnswer> => {
  try {
    return await workspace.server.request(method, path, body);
  } catch (error) {
    if (error instanceof HostFailure && error.code === 'unavailable') {
      throw new HostFailure(
        'unavailable',
        `${what} needs the server, which cannot be reached now. Try again when you are online.`,
      );
    }
    throw error;
  }
};

/** A refusal or failure of the server as a host failure, in the server's words. */
const failure = (answer: ServerAnswer, what: string): HostFailure => {
  const reason = reasonOf(answer);
  if (answer.status === 401 || answer.status === 403) {
    return new HostFailure('forbidden', `The server refused: ${reason}.`);
  }
  if (answer.status === 404) return new HostFailure('not_found', `${what}: not found.`);
  if (answer.status === 409) return new HostFailure('conflict', `${what}: ${reason}.`);
  if (answer.status >= 500) {
    return new HostFailure('unavailable', `${what} failed on the server: ${reason}.`);
  }
  return new HostFailure('invalid_input', `${what} was refused: ${reason}.`);
};

const isAccount = (doc: unknown): doc is AccountDoc => {
  const record = doc as Partial<AccountDoc> | null;
  return (
    typeof record?._id === 'string' &&
    record._id.startsWith(USER_PREFIX) &&
    record.type === 'user' &&
    typeof record.name === 'string' &&
    Array.isArray(record.roles)
  );
};

/** Every account of the user store (design documents and anything else left out). */
export const listAccounts = async (workspace: Workspace, what: string): Promise<AccountDoc[]> => {
  const answer = await ask(workspace, what, 'GET', '/_users/_all_docs?include_docs=true');
  if (answer.status !== 200) throw failure(answer, what);
  const rows = (answer.body as { rows?: { doc?: unknown }[] } | null)?.rows ?? [];
  return rows.map((row) => row.doc).filter(isAccount);
};

/** The account, or `not_found` naming it. */
export const readAccount = async (
  workspace: Workspace,
  name: string,
  what: string,
): Promise<AccountDoc> => {
  const answer = await ask(workspace, what, 'GET', accountPath(name));
  if (answer.status === 404) {
    throw new HostFailure('not_found', `There is no account “${name}” on the server.`);
  }
  if (answer.status !== 200 || !isAccount(answer.body)) throw failure(answer, what);
  return answer.body;
};

export const writeAccount = async (
  workspace: Workspace,
  doc: AccountDoc & { readonly password?: string },
  what: string,
): Promise<void> => {
  const answer = await ask(workspace, what, 'PUT', accountPath(doc.name), doc);
  if (answer.status === 201 || answer.status === 202) return;
  if (answer.status === 409 && doc._rev === undefined) {
    throw new HostFailure('conflict', `The username “${doc.name}” is taken: choose another.`, [
      { path: 'username', message: 'That username is taken.' },
    ]);
  }
  throw failure(answer, what);
};

/** An account without an app role, and not a server's own (system roles): a mentor applicant. */
export const isPending = (account: AccountDoc): boolean =>
  appRoleOf(account.roles) === undefined && !account.roles.some((role) => role.startsWith('_'));

export const pendingAccountOf = (account: AccountDoc): PendingAccount => ({
  username: account.name,
  email: textOf(account.email),
  fullName: textOf(account.fullName),
  signedUpAt: textOf(account.signedUpAt),
});

/**
 * The account's roles with its app role replaced: other (non-app) roles stay as they are, so a
 * server's own arrangements are not undone by a role change.
 */
export const withAppRole = (roles: readonly string[], role: UserRole): string[] => [
  ...roles.filter((existing) => appRoleOf([existing]) === undefined),
  role,
];

export const accountEmail = (account: AccountDoc): string | null => textOf(account.email);
export const accountFullName = (account: AccountDoc): string | null => textOf(account.fullName);
