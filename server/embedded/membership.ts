import type { Caller } from './authentication';
import { createCache } from './cache';

/**
 * Who may read and write a database, from its own `_security` — never a list of names in code, so
 * it holds for any database provisioning creates (per person, per chat, later per programme).
 *
 * `_security` objects are cached for SECURITY_TTL_MS. Every change to one arrives over HTTP through
 * the guard (provisioning and the follower write them as the server admin), and the guard forgets
 * the database's entry as such a write starts and again once it is answered, so a new member is
 * let in, and a removed one refused, from the next request. The TTL bounds a change made some other
 * way (none is known): a minute is short enough for that and long enough that hundreds of people
 * replicating cost one `_security` read per database per minute.
 */
const SECURITY_TTL_MS = 60_000;

interface Names {
  readonly names?: unknown;
  readonly roles?: unknown;
}

const listOf = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];

/**
 * Whether the caller is one of the database's members or admins. A database whose members and
 * admins are both empty is public on CouchDB; here it is closed (server admins only), like CouchDB
 * 3's `admin_only` default for new databases: deny by default.
 */
export const isMemberOf = (security: unknown, caller: Caller): boolean => {
  if (caller.roles.includes('_admin')) return true;
  if (caller.name === null || typeof security !== 'object' || security === null) return false;
  const { members, admins } = security as { members?: Names; admins?: Names };
  return [members, admins].some(
    (group) =>
      listOf(group?.names).includes(caller.name ?? '') ||
      listOf(group?.roles).some((role) => caller.roles.includes(role)),
  );
};

export const createMembership = (options: {
  /** The database's `_security`, or null when there is no such database. */
  readonly readSecurity: (database: string) => Promise<unknown>;
  readonly now?: () => number;
}) => {
  const security = createCache({
    load: options.readSecurity,
    ttlMs: SECURITY_TTL_MS,
    ...(options.now ? { now: options.now } : {}),
  });
  return {
    isMember: async (database: string, caller: Caller): Promise<boolean> =>
      caller.name !== null && isMemberOf(await security.get(database), caller),
    /** The database's `_security` as the membership check sees it (null: no such database). */
    securityOf: (database: string): Promise<unknown> => security.get(database),
    forget: (database: string) => {
      security.forget(database);
    },
  };
};

export type Membership = ReturnType<typeof createMembership>;
