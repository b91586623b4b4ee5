import express from 'express';
import type { Request, RequestHandler, Response } from 'express';
import { basicAuth, type Credentials } from '../provision/couchClient';

/**
 * Requests express-pouchdb must not see as they are (DESIGN §4 quirks):
 * - a non-admin `PUT /:db` (or DELETE) crashes it when admins exist: refused here with 403;
 * - on `/_users/<id>` it makes a user `_admin` for their own document, so they could give
 *   themselves any role, and it fails (500) when anyone but a server admin reads `_users`.
 *   Here `_users` follows CouchDB's rules instead: anyone may sign up without a role, a person
 *   reads and updates their own account (password) but not its roles, app admins (`admin`, the
 *   user store's database admins) read accounts and set roles. Allowed writes are passed on as the
 *   server admin, so the user store's own validation and password hashing still run.
 * - an inline attachment whose `data` is not a base64 string (`{}`, as a Blob becomes in JSON)
 *   throws inside PouchDB outside any handler and ends the whole process: refused here with 400.
 */
interface UserContext {
  readonly name: string | null;
  readonly roles: readonly string[];
}

export interface GuardOptions {
  /** The server's own URL, once it listens. */
  readonly url: () => string;
  readonly admin: Credentials;
}

const USER_PREFIX = 'org.couchdb.user:';

const refuse = (res: Response, status: 401 | 403, reason: string) =>
  res.status(status).json({ error: status === 401 ? 'unauthorized' : 'forbidden', reason });

const sessionOf = async (req: Request, url: string): Promise<UserContext> => {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (req.headers.authorization) headers.authorization = req.headers.authorization;
  if (req.headers.cookie) headers.cookie = req.headers.cookie;
  const answer = await fetch(`${url}/_session`, { headers });
  if (!answer.ok) return { name: null, roles: [] };
  const body = (await answer.json()) as { userCtx?: Partial<UserContext> };
  return { name: body.userCtx?.name ?? null, roles: body.userCtx?.roles ?? [] };
};

const asAdmin = async (options: GuardOptions, method: string, path: string, body?: unknown) => {
  const answer = await fetch(`${options.url()}${path}`, {
    method,
    headers: {
      authorization: basicAuth(options.admin),
      accept: 'application/json',
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const json: unknown = await answer.json();
  return { status: answer.status, body: json };
};

/** The body of an account write (never passed on as it is, so it is read here). */
const readJson = async (req: Request): Promise<unknown> => {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > 64 * 1024) throw new Error('An account document is at most 64 KiB.');
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

/** Why an account write is refused, or null: CouchDB's `_users` rules, checked before the quirk. */
const accountWriteRefusal = (
  user: UserContext,
  id: string,
  doc: Record<string, unknown>,
  stored: Record<string, unknown> | undefined,
): string | null => {
  if (!id.startsWith(USER_PREFIX) || doc.name !== id.slice(USER_PREFIX.length)) {
    return 'An account’s id is org.couchdb.user:<name>.';
  }
  if (doc.type !== 'user') return 'doc.type must be user';
  const roles = doc.roles;
  if (
    !Array.isArray(roles) ||
    roles.some((role) => typeof role !== 'string' || role.startsWith('_'))
  ) {
    return 'roles must be a list of role names (no system roles).';
  }
  if (user.roles.includes('admin')) return null;
  if (!stored) return roles.length === 0 ? null : 'Only an admin can give an account a role.';
  if (user.name !== stored.name) return 'You may only update your own account.';
  return sameRoles(roles, stored.roles) ? null : 'Only an admin can change a role.';
};

const usersGuard = (options: GuardOptions): RequestHandler => {
  return (req, res, next) => {
    void (async () => {
      const user = await sessionOf(req, options.url());
      if (user.roles.includes('_admin')) {
        next();
        return;
      }
      const rest = req.path.replace(/^\/_users\/?/, '');
      const id = decodeURIComponent(rest);
      const isAccount = rest !== '' && !rest.startsWith('_') && !rest.includes('/');
      const appAdmin = user.roles.includes('admin');

      if (req.method === 'GET' && (rest === '_all_docs' || rest === '') && appAdmin) {
        const query = req.originalUrl.slice(req.originalUrl.indexOf('?') + 1);
        const answer = await asAdmin(
          options,
          'GET',
          `/_users/${rest}${rest && query !== req.originalUrl ? `?${query}` : ''}`,
        );
        return res.status(answer.status).json(answer.body);
      }
      if (!isAccount)
        return refuse(res, user.name ? 403 : 401, 'Only admins manage the user store.');

      const stored = await asAdmin(options, 'GET', `/_users/${encodeURIComponent(id)}`);
      const storedDoc =
        stored.status === 200 ? (stored.body as Record<string, unknown>) : undefined;
      const own = user.name !== null && storedDoc?.name === user.name;
      switch (req.method) {
        case 'GET':
        case 'HEAD':
          if (own || appAdmin) return res.status(stored.status).json(stored.body);
          return refuse(res, user.name ? 403 : 401, 'You may only read your own account.');
        case 'PUT': {
          const parsed = await readJson(req);
          const doc = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as Record<
            string,
            unknown
          >;
          const reason = accountWriteRefusal(user, id, doc, storedDoc);
          if (reason !== null) return refuse(res, 403, reason);
          const answer = await asAdmin(options, 'PUT', `/_users/${encodeURIComponent(id)}`, doc);
          return res.status(answer.status).json(answer.body);
        }
        case 'DELETE':
          if (!appAdmin) return refuse(res, 403, 'Only an admin can remove an account.');
          next();
          return;
        default:
          return refuse(res, 403, 'Not supported on accounts.');
      }
    })().catch(next);
  };
};

/** Whether any document of a write carries an inline attachment PouchDB cannot digest. */
export const hasMalformedAttachment = (body: unknown): boolean => {
  const record = (value: unknown) =>
    typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  const docs = Array.isArray(record(body)?.['docs'])
    ? (record(body)?.['docs'] as unknown[])
    : [body];
  return docs.some((doc) => {
    const attachments = record(doc)?.['_attachments'];
    if (attachments === undefined) return false;
    const byName = record(attachments);
    if (!byName) return true;
    return Object.values(byName).some((attachment) => {
      const entry = record(attachment);
      return !entry || !(entry['stub'] === true || typeof entry['data'] === 'string');
    });
  });
};

/**
 * Parses JSON writes once, with the same parser express-pouchdb uses (it skips a body already
 * parsed), so the body can be checked before PouchDB sees it.
 */
const parseJson: RequestHandler = express.json({ limit: '64mb' });

/**
 * `POST /db`, `POST /db/_bulk_docs`, `PUT|POST /db/id` (ids may be `_design/x` or `_local/x`).
 * Attachment uploads (`/db/id/name`) and `/_config` read their raw body and are left alone.
 */
const DOCUMENT_WRITE = /^\/[^/_][^/]*(\/_bulk_docs|\/(_design\/|_local\/)?[^/]+)?\/?$/;

const checkWrites: RequestHandler = (req, res, next) => {
  if ((req.method !== 'POST' && req.method !== 'PUT') || !DOCUMENT_WRITE.test(req.path)) {
    next();
    return;
  }
  parseJson(req, res, (error: unknown) => {
    if (error) {
      const status = (error as { status?: number }).status === 413 ? 413 : 400;
      res.status(status).json({ error: 'bad_request', reason: 'invalid_json' });
      return;
    }
    if (hasMalformedAttachment(req.body)) {
      res.status(400).json({
        error: 'bad_request',
        reason: 'Attachment data must be a base64 string (or a stub).',
      });
      return;
    }
    next();
  });
};

/** The guards, mounted in front of express-pouchdb. */
export const guardRequests = (options: GuardOptions): RequestHandler => {
  const users = usersGuard(options);
  return (req, res, next) => {
    if (req.path === '/_users' || req.path.startsWith('/_users/')) {
      users(req, res, next);
      return;
    }
    const createsOrDrops =
      (req.method === 'PUT' || req.method === 'DELETE') && /^\/[^/]+\/?$/.test(req.path);
    if (!createsOrDrops) {
      checkWrites(req, res, next);
      return;
    }
    sessionOf(req, options.url())
      .then((user) => {
        if (user.roles.includes('_admin')) next();
        else refuse(res, user.name ? 403 : 401, 'Only server admins create or delete databases.');
      })
      .catch(next);
  };
};
