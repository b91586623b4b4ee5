import type { Request, Response } from 'express';
import type { CouchClient } from '../provision/couchClient';
import type { Caller } from './authentication';
import { HASH_FIELDS, MAX_PASSWORD_LENGTH, hashOf, hashPassword, withoutHash } from './passwords';
import { refuse, sendError, tooManyAttempts } from './replies';
import type { SignInThrottle } from './throttle';

/**
 * The user store (`_users`) for everyone but server admins, answered by the guard with CouchDB's
 * rules, because express-pouchdb's own handling is wrong for it (DESIGN §4): it makes a person
 * `_admin` on their own account document, so they could give themselves any role, and fails when
 * anyone but a server admin reads `_users`.
 *
 * - Anyone may sign up: a new account without a role. Nobody may hold a system role (`_admin`).
 * - A person reads their own account and changes its password, never its roles.
 * - App admins (role `admin`) read every account and set roles.
 * - Password hashes are never shown to app users and never written by them: a write keeps the
 *   stored hash unless it carries a new `password`, which is hashed here (passwords.ts).
 * Allowed writes are made as the server admin, so the user store's own validation still runs.
 */
const USER_PREFIX = 'org.couchdb.user:';
const MAX_ACCOUNT_BYTES = 64 * 1024;

type Doc = Record<string, unknown>;

export interface AccountsRouteOptions {
  readonly admin: () => CouchClient;
  readonly adminName: string;
  readonly iterations: number;
  /** Sign-ups by anonymous callers, counted per address (each costs a slow hash). */
  readonly signUps: SignInThrottle;
  /** Called once a write to an account has been answered (the guard's caches forget it). */
  readonly changed: (name: string) => void;
}

/** The body of an account write, read here because it is never passed on as it came. */
const readJson = async (req: Request): Promise<unknown> => {
  if (req.body !== undefined && (req as { _body?: boolean })._body === true) return req.body;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_ACCOUNT_BYTES) return undefined;
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
};

const sameRoles = (a: unknown, b: unknown): boolean =>
  JSON.stringify(Array.isArray(a) ? [...(a as string[])].sort() : a) ===
  JSON.stringify(Array.isArray(b) ? [...(b as string[])].sort() : b);

const isAppAdmin = (caller: Caller) => caller.roles.includes('admin');

/** Why an account write is refused, or null: CouchDB's `_users` rules. */
const accountWriteRefusal = (
  caller: Caller,
  id: string,
  doc: Doc,
  stored: Doc | undefined,
  adminName: string,
): string | null => {
  const name = id.slice(USER_PREFIX.length);
  if (doc.name !== name || (doc._id !== undefined && doc._id !== id)) {
    return 'An account’s id is org.couchdb.user:<name>.';
  }
  if (name === adminName) return 'That name is taken by the server.';
  if (doc.type !== 'user') return 'doc.type must be user';
  const roles = doc.roles;
  if (
    !Array.isArray(roles) ||
    roles.some((role) => typeof role !== 'string' || role.startsWith('_'))
  ) {
    return 'roles must be a list of role names (no system roles).';
  }
  const password = doc.password;
  if (
    password !== undefined &&
    (typeof password !== 'string' || password === '' || password.length > MAX_PASSWORD_LENGTH)
  ) {
    return `A password is text of 1 to ${MAX_PASSWORD_LENGTH} characters.`;
  }
  if (isAppAdmin(caller)) return null;
  if (!stored) return roles.length === 0 ? null : 'Only an admin can give an account a role.';
  if (caller.name !== stored.name) return 'You may only update your own account.';
  return sameRoles(roles, stored.roles) ? null : 'Only an admin can change a role.';
};

/** What is stored: the document without hash fields, with a new hash or the stored one. */
const storedForm = async (doc: Doc, stored: Doc | undefined, iterations: number) => {
  const { password, ...rest } = withoutHash(doc);
  const hash =
    typeof password === 'string'
      ? await hashPassword(password, iterations)
      : stored
        ? hashOf(stored)
        : {};
  return { ...rest, ...hash };
};

export const createAccountsRoute = (options: AccountsRouteOptions) => {
  const read = async (id: string) => {
    const answer = await options.admin().request('GET', `/_users/${encodeURIComponent(id)}`);
    return answer.status === 200 ? (answer.body as Doc) : undefined;
  };

  return {
    /** `GET|PUT /_users/org.couchdb.user:<name>`. */
    account: async (
      req: Request,
      res: Response,
      caller: Caller,
      id: string,
      address: string,
    ): Promise<void> => {
      const stored = await read(id);
      const own = caller.name !== null && id === `${USER_PREFIX}${caller.name}`;
      if (req.method === 'GET') {
        if (!own && !isAppAdmin(caller)) {
          refuse(res, caller, 'You may only read your own account.');
        } else if (!stored) {
          sendError(res, 404, 'not_found', 'missing');
        } else {
          res.status(200).json(withoutHash(stored));
        }
        return;
      }
      const parsed = await readJson(req);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
        sendError(res, 400, 'bad_request', 'An account is a JSON object of at most 64 KiB.');
        return;
      }
      const doc = parsed as Doc;
      // As CouchDB: a write without the current revision is a conflict before anything else (the
      // app's sign-up says "that username is taken").
      if (stored && doc._rev !== stored._rev) {
        sendError(res, 409, 'conflict', 'Document update conflict.');
        return;
      }
      const reason = accountWriteRefusal(caller, id, doc, stored, options.adminName);
      // 403 for anyone, as CouchDB's `_users` validation answers a refused write.
      if (reason !== null) {
        sendError(res, 403, 'forbidden', reason);
        return;
      }
      if (!stored && caller.name === null) {
        const wait = options.signUps.begin(null, address);
        if (wait > 0) {
          tooManyAttempts(res, wait);
          return;
        }
      }
      const body = { ...(await storedForm(doc, stored, options.iterations)), _id: id };
      const answer = await options
        .admin()
        .request('PUT', `/_users/${encodeURIComponent(id)}`, body);
      options.changed(id.slice(USER_PREFIX.length));
      res.status(answer.status).json(answer.body);
    },

    /** `GET /_users/_all_docs`, for app admins: every account, without password hashes. */
    accounts: async (req: Request, res: Response, caller: Caller): Promise<void> => {
      if (!isAppAdmin(caller)) {
        refuse(res, caller, 'Only admins list the accounts.');
        return;
      }
      const query = req.url.includes('?') ? req.url.slice(req.url.indexOf('?')) : '';
      const answer = await options.admin().request('GET', `/_users/_all_docs${query}`);
      const body = answer.body as { rows?: { doc?: Doc | null }[] } | null;
      const rows = (body?.rows ?? []).map((row) =>
        row.doc ? { ...row, doc: withoutHash(row.doc) } : row,
      );
      res.status(answer.status).json(answer.status === 200 ? { ...body, rows } : answer.body);
    },
  };
};

/** Server admins' writes to `_users` pass on, with their passwords hashed here (not by PouchDB). */
export const hashAdminAccountWrites = async (body: unknown, iterations: number): Promise<void> => {
  const docs = Array.isArray((body as { docs?: unknown } | null)?.docs)
    ? (body as { docs: unknown[] }).docs
    : [body];
  for (const doc of docs) {
    if (typeof doc !== 'object' || doc === null) continue;
    const record = doc as Doc;
    if (typeof record.password !== 'string') continue;
    const hash = await hashPassword(record.password, iterations);
    for (const field of HASH_FIELDS) Reflect.deleteProperty(record, field);
    Reflect.deleteProperty(record, 'password');
    Object.assign(record, hash);
  }
};
