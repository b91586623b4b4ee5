import type { CollectionName } from '../../shared/schema/index';
import type { ServerRole } from './databaseNames';

/** A CouchDB `_security` object. */
export interface SecurityObject {
  readonly admins: { readonly names: readonly string[]; readonly roles: readonly string[] };
  readonly members: { readonly names: readonly string[]; readonly roles: readonly string[] };
}

/**
 * Nobody but server admins administers an app database: a database admin could replace the
 * validate_doc_update design document or the member list, so app admins are members like everyone
 * else and the rules apply to them too.
 */
const noDatabaseAdmins = { names: [], roles: [] } as const;

const byRoles = (roles: readonly ServerRole[]): SecurityObject => ({
  admins: noDatabaseAdmins,
  members: { names: [], roles },
});

export const byNames = (names: readonly string[]): SecurityObject => ({
  admins: noDatabaseAdmins,
  // Sorted so that the same members compare equal however they were listed (idempotence).
  members: { names: [...new Set(names)].sort(), roles: [] },
});

/**
 * Empty members would make a CouchDB database public; `_admin` as the only member role keeps a hub
 * for server-side replication alone (CouchDB 3's own default for new databases).
 */
export const serverAdminsOnly: SecurityObject = byRoles(['_admin' as ServerRole]);

/** Who reads and writes each organisation-wide database. */
export const sharedSecurity = (collection: CollectionName): SecurityObject => {
  switch (collection) {
    case 'userDetails':
    case 'applications':
      // Admins and managers decide them; a mentor reaches their own through their private copies.
      return byRoles(['admin', 'manager']);
    case 'notifications':
      return serverAdminsOnly;
    default:
      return byRoles(['admin', 'manager', 'mentor']);
  }
};

/**
 * The user store: app admins are its database admins, which is what lets them create accounts with
 * a role and change roles in CouchDB's own `_users` validation; everybody else may only change
 * their own password (and sign up without a role).
 */
export const usersDatabaseSecurity: SecurityObject = {
  admins: { names: [], roles: ['admin'] },
  members: { names: [], roles: [] },
};

/** A stable text form, to compare what the server has with what provisioning wants. */
export const normalizeSecurity = (value: unknown): string => {
  const record = (typeof value === 'object' && value !== null ? value : {}) as Record<
    string,
    unknown
  >;
  const section = (raw: unknown) => {
    const part = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
    const sorted = (list: unknown) =>
      Array.isArray(list) ? list.map(String).sort() : ([] as string[]);
    return { names: sorted(part.names), roles: sorted(part.roles) };
  };
  return JSON.stringify({ admins: section(record.admins), members: section(record.members) });
};
