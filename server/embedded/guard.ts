import express from 'express';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { createCouchClient, type Credentials } from '../provision/couchClient';
import { createAccountsRoute, hashAdminAccountWrites } from './accounts-route';
import { createAuthentication, type Account, type Caller } from './authentication';
import { checkFileBytes } from './file-uploads';
import { filesInWrite, type FileQuota } from './file-quota';
import { createMembership } from './membership';
import { refuse, sendError, tooManyAttempts } from './replies';
import { canonicalPath, canonicalUrl } from './request-path';
import { MEMBER_READ } from './changes-fanout';
import {
  MULTIPLEXED_BODY_LIMIT,
  MULTIPLEXED_READ,
  parseMultiplexedRequest,
  type CheckedMultiplexedRequest,
  type ErrorEntry,
} from './multiplexed-changes';
import { accessFor, isDatabaseName } from './routes';
import { COOKIE_NAME, setCookieHeader } from './session-cookie';
import { createSessionRoute } from './session-route';
import { createSignInThrottle, type ThrottleLimits } from './throttle';

/**
 * The guard in front of express-pouchdb: deny by default (DESIGN §3 "Sync", docs/SECURITY.md).
 * For every request, in this order:
 * 1. the path is made canonical (request-path.ts) and the request rewritten to it: what is
 *    decided here is what express-pouchdb serves; a malformed path is a 400;
 * 2. the caller is identified in-process (authentication.ts): a cookie, Basic auth (a wrong
 *    password is a 401, too many a 429), or nobody;
 * 3. server admins pass (provisioning, the follower, `_replicator`); everyone else reaches only
 *    the allow-list of routes.ts, and a database only as a member of its `_security`
 *    (membership.ts) — checked here for reads and writes, not left to express-pouchdb, which skips
 *    its own check on some routes;
 * 4. express-pouchdb is then handed the same caller as a fresh session cookie (never the
 *    caller's password), so validate_doc_update sees who writes.
 * The guard only allows or refuses: an allowed request goes on with `next()`, with a JSON body
 * already parsed into `req.body` for later middleware.
 */
export interface GuardOptions {
  /** The server's own URL, once it listens (the guard reads accounts and `_security` there). */
  readonly url: () => string;
  readonly admin: Credentials;
  /** pbkdf2-sha256 iterations for new password hashes. */
  readonly iterations: number;
  readonly throttle: ThrottleLimits;
  /** express-pouchdb's session settings, which the cookies here must agree with. */
  readonly sessions: {
    readonly secret: () => string;
    readonly timeoutSeconds: () => number;
    readonly adminSalt: () => string | undefined;
  };
  readonly log: (line: string) => void;
  readonly now?: () => number;
  /** Each person's uploads, bounded (docs/FILES.md "Quota"); none: unbounded. */
  readonly quota?: FileQuota;
}

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

/** The same JSON parser express-pouchdb uses (it skips a body already parsed). */
const parseJson: RequestHandler = express.json({ limit: '64mb' });
/** The multiplexed feed's body: a list of sequences, small. */
const parseMultiplexedJson: RequestHandler = express.json({ limit: MULTIPLEXED_BODY_LIMIT });

/**
 * Parses a JSON body and refuses an inline attachment that would throw inside PouchDB outside any
 * handler and end the whole process.
 */
const readJsonBody = (req: Request, res: Response, then: () => void) => {
  parseJson(req, res, (error: unknown) => {
    if (error) {
      const status = (error as { status?: number }).status === 413 ? 413 : 400;
      sendError(res, status, 'bad_request', 'invalid_json');
      return;
    }
    if (hasMalformedAttachment(req.body)) {
      sendError(res, 400, 'bad_request', 'Attachment data must be a base64 string (or a stub).');
      return;
    }
    then();
  });
};

/**
 * `POST /db`, `POST /db/_bulk_docs`, `PUT|POST /db/id` (ids may be `_design/x` or `_local/x`), on
 * the canonical path. Attachment uploads and `/_config` read their raw body and are left alone.
 */
const DOCUMENT_WRITE = /^\/[^/_][^/]*(\/_bulk_docs|\/(_design\/|_local\/)?[^/]+)?$/;

const USER_PREFIX = 'org.couchdb.user:';
const HOUR_MS = 60 * 60_000;

/** The account names a server admin's write to `_users` touches (their cached copies go). */
const accountNamesOf = (segments: readonly string[], body: unknown): string[] => {
  const fromId = (id: unknown) =>
    typeof id === 'string' && id.startsWith(USER_PREFIX) ? [id.slice(USER_PREFIX.length)] : [];
  const docs = Array.isArray((body as { docs?: unknown } | null)?.docs)
    ? (body as { docs: unknown[] }).docs
    : [body];
  return [
    ...fromId(segments[1]),
    ...docs.flatMap((doc) => fromId((doc as { _id?: unknown } | null)?._id)),
  ];
};

export const guardRequests = (options: GuardOptions): RequestHandler => {
  const now = options.now ?? Date.now;
  const adminClient = () => createCouchClient({ url: options.url(), admin: options.admin, fetch });
  const auth = createAuthentication({
    admin: options.admin,
    ...options.sessions,
    iterations: options.iterations,
    throttle: createSignInThrottle(options.throttle, now),
    now,
    loadAccount: async (name) => {
      const id = encodeURIComponent(`${USER_PREFIX}${name}`);
      const answer = await adminClient().request('GET', `/_users/${id}`);
      return answer.status === 200 ? (answer.body as Account) : null;
    },
    saveAccount: async (doc) => {
      const id = encodeURIComponent(`${USER_PREFIX}${doc.name}`);
      await adminClient().request('PUT', `/_users/${id}`, doc);
    },
  });
  const membership = createMembership({
    readSecurity: async (database) => {
      const answer = await adminClient().request('GET', `/${database}/_security`);
      return answer.status === 200 ? answer.body : null;
    },
    now,
  });
  const accounts = createAccountsRoute({
    admin: adminClient,
    adminName: options.admin.username,
    iterations: options.iterations,
    signUps: createSignInThrottle(
      { perAccount: 1, perAddress: options.throttle.signUpsPerAddress, windowMs: HOUR_MS },
      now,
    ),
    changed: (name) => {
      auth.forgetAccount(name);
    },
  });
  const session = createSessionRoute(auth);

  /**
   * express-pouchdb gets the caller as a fresh cookie of its own format, and nothing else: no
   * password, and for anonymous callers no credentials at all. Its own `Set-Cookie` (sent without
   * SameSite, and to Basic callers too) is dropped; a cookie caller's session is renewed here.
   */
  const handOn = (req: Request, res: Response, caller: Caller) => {
    const cookie = auth.cookieFor(caller);
    if (cookie !== undefined) {
      delete req.headers.authorization;
      req.headers.cookie = `${COOKIE_NAME}=${cookie}`;
    } else if (caller.via === 'none') {
      delete req.headers.authorization;
      delete req.headers.cookie;
    }
    const renewAfter = options.sessions.timeoutSeconds() / 10;
    if (
      caller.via === 'cookie' &&
      cookie !== undefined &&
      now() / 1000 - (caller.cookieIssuedAt ?? 0) > renewAfter
    ) {
      res.append('Set-Cookie', setCookieHeader(cookie));
    }
    const setCookie = res.cookie.bind(res) as (
      name: string,
      value: unknown,
      o?: object,
    ) => Response;
    res.cookie = ((name: string, value: unknown, cookieOptions?: object) =>
      name === COOKIE_NAME ? res : setCookie(name, value, cookieOptions)) as Response['cookie'];
  };

  /** Server admins reach everything; the guard keeps its caches true and password hashes its own. */
  const serveAdmin = (
    req: Request,
    res: Response,
    next: NextFunction,
    segments: readonly string[],
  ) => {
    const [database, second] = segments;
    const writes = req.method !== 'GET' && req.method !== 'HEAD';
    if (writes && database !== undefined && (second === undefined || second === '_security')) {
      membership.forget(database);
      res.once('finish', () => {
        membership.forget(database);
      });
    }
    const path = canonicalUrl(segments, '');
    if (writes && database === '_users') {
      // Any other body would reach PouchDB's own password hashing (SHA-1, 10 iterations).
      const hasBody =
        req.headers['transfer-encoding'] !== undefined ||
        Number(req.headers['content-length'] ?? 0) > 0;
      if (hasBody && !req.is('application/json')) {
        sendError(res, 415, 'bad_content_type', 'Content-Type must be application/json');
        return;
      }
      readJsonBody(req, res, () => {
        const names = accountNamesOf(segments, req.body);
        for (const name of names) auth.forgetAccount(name);
        res.once('finish', () => {
          for (const name of names) auth.forgetAccount(name);
        });
        hashAdminAccountWrites(req.body, options.iterations).then(() => {
          next();
        }, next);
      });
      return;
    }
    if ((req.method === 'POST' || req.method === 'PUT') && DOCUMENT_WRITE.test(path)) {
      readJsonBody(req, res, next);
      return;
    }
    next();
  };

  /**
   * An upload goes on only within its uploader's quota; the room it takes is held until the
   * request ends, then counted for the files the database holds (a refused write gives it back).
   */
  const withinQuota = async (
    quota: FileQuota,
    res: Response,
    next: NextFunction,
    write: {
      person: string;
      database: string;
      single: boolean;
      incoming: ReturnType<typeof filesInWrite>;
    },
  ) => {
    const reservation = await quota.reserve(write.person, write.database, write.incoming);
    if (typeof reservation === 'string') {
      sendError(res, 403, 'forbidden', reservation);
      return;
    }
    res.once('close', () => {
      // One document's write answered in full says itself whether it was taken; for
      // `_bulk_docs` (a status per document) or a request cut short, the database is asked.
      const answered = write.single && res.writableFinished;
      reservation
        .settle(async (hex) => {
          if (answered) return res.statusCode === 201 || res.statusCode === 202;
          const answer = await adminClient().request(
            'GET',
            `/${write.database}/${encodeURIComponent(`files:${hex}`)}`,
          );
          return (
            answer.status === 200 &&
            (answer.body as { createdBy?: unknown } | null)?.createdBy === write.person
          );
        })
        .catch((error: unknown) => {
          options.log(`The file quota could not count an upload: ${String(error)}`);
        });
    });
    next();
  };

  /**
   * `POST /_mmm/changes`: the body is checked whole (400 with the reason), then each database with
   * the member rule of its own `_changes`; one refused is an error entry for itself alone.
   */
  const multiplexed = (req: Request, res: Response, next: NextFunction, caller: Caller) => {
    if (caller.name === null) {
      refuse(res, caller, 'Sign in to read changes.');
      return;
    }
    if (!req.is('application/json')) {
      sendError(res, 415, 'bad_content_type', 'Content-Type must be application/json');
      return;
    }
    parseMultiplexedJson(req, res, (error: unknown) => {
      if (error) {
        const tooLarge = (error as { status?: number }).status === 413;
        sendError(
          res,
          tooLarge ? 413 : 400,
          'bad_request',
          tooLarge ? 'The body is too large.' : 'The body is not JSON.',
        );
        return;
      }
      const parsed = parseMultiplexedRequest(req.query, req.body);
      if (!parsed.ok) {
        sendError(res, 400, 'bad_request', parsed.reason);
        return;
      }
      const names = [...parsed.value.since.keys()];
      Promise.all(names.map((name) => membership.isMember(name, caller)))
        .then((members) => {
          const refused = new Map<string, ErrorEntry>();
          names.forEach((name, index) => {
            if (members[index] !== true) {
              refused.set(name, {
                error: 'forbidden',
                reason: 'You are not a member of this database.',
              });
            }
          });
          const checked: CheckedMultiplexedRequest = { request: parsed.value, refused };
          res.locals[MULTIPLEXED_READ] = checked;
          next();
        })
        .catch(next);
    });
  };

  const guard = async (req: Request, res: Response, next: NextFunction) => {
    const path = canonicalPath(req.url);
    if (!path.ok) {
      sendError(res, 400, 'bad_request', path.reason);
      return;
    }
    const { segments } = path;
    const [first] = segments;
    if (first !== undefined && !first.startsWith('_') && !isDatabaseName(first)) {
      sendError(res, 400, 'illegal_database_name', `${first} is not a database name here.`);
      return;
    }
    // Both: express-pouchdb's vhost step puts `originalUrl` back into `url` for every request.
    req.url = canonicalUrl(segments, path.query);
    req.originalUrl = req.url;

    const address = req.ip ?? req.socket.remoteAddress ?? 'unknown';
    const identified = await auth.identify(req.headers, address);
    if (!identified.ok) {
      if (identified.status === 429) tooManyAttempts(res, identified.retryAfter ?? 1);
      else sendError(res, 401, 'unauthorized', 'Name or password is incorrect.');
      return;
    }
    const { caller } = identified;
    if (first === '_session') {
      await session(req, res, caller, address);
      return;
    }
    handOn(req, res, caller);
    if (caller.roles.includes('_admin')) {
      serveAdmin(req, res, next, segments);
      return;
    }

    const access = accessFor(req.method, segments, new URLSearchParams(path.query));
    switch (access.kind) {
      case 'refused':
        refuse(res, caller, access.reason);
        return;
      case 'welcome':
      case 'session':
        next();
        return;
      case 'account':
        await accounts.account(req, res, caller, access.id, address);
        return;
      case 'accounts':
        await accounts.accounts(req, res, caller);
        return;
      case 'multiplexed':
        multiplexed(req, res, next, caller);
        return;
      case 'database': {
        if (!(await membership.isMember(access.database, caller))) {
          refuse(res, caller, 'You are not a member of this database.');
          return;
        }
        if (req.method === 'GET') {
          // A member's read: the changes fan-out may answer it (changes-fanout.ts).
          res.locals[MEMBER_READ] = true;
          next();
          return;
        }
        if (!req.is('application/json')) {
          sendError(res, 415, 'bad_content_type', 'Content-Type must be application/json');
          return;
        }
        // express-pouchdb reads a database's `_security` for validate_doc_update's `secObj` in a
        // step that comes after its `_bulk_docs` route, which then validates with `{}`: the
        // replication's writes would never see what the rules read there (locked threads,
        // people's relations to programmes). The object the membership check just read is given
        // instead; on CouchDB, validate_doc_update always gets it.
        (req as Request & { couchSecurityObj?: unknown }).couchSecurityObj =
          (await membership.securityOf(access.database)) ?? undefined;
        readJsonBody(req, res, () => {
          const fileProblem = checkFileBytes(req.body, segments[1]);
          if (fileProblem !== null) {
            sendError(res, 403, 'forbidden', fileProblem);
            return;
          }
          const incoming = filesInWrite(req.body, segments[1]);
          if (incoming.length === 0 || options.quota === undefined || caller.name === null) {
            next();
            return;
          }
          withinQuota(options.quota, res, next, {
            person: caller.name,
            database: access.database,
            single: segments[1] !== undefined && segments[1] !== '_bulk_docs',
            incoming,
          }).catch(next);
        });
        return;
      }
      default: {
        const unknownAccess: never = access;
        return unknownAccess;
      }
    }
  };

  return (req, res, next) => {
    guard(req, res, next).catch((error: unknown) => {
      options.log(`The guard failed: ${error instanceof Error ? error.message : String(error)}`);
      if (!res.headersSent) {
        sendError(res, 500, 'internal_server_error', 'The server could not answer this request.');
      }
    });
  };
};
