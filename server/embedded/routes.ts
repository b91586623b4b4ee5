import { FILE_ATTACHMENT, hexOfFileDocId } from '../../shared/domain/files';

/**
 * The allow-list: every route and method the app uses, on a canonical path (request-path.ts).
 * Whatever is not here is refused for everyone but server admins — express-pouchdb serves far more
 * (`_find`, `_index`, `_explain`, `_purge`, `_compact`, `_config`, `_replicate`, `_all_dbs`,
 * `_utils`, design documents, attachments...), and some of it checks no permission at all
 * (DESIGN §4). docs/SECURITY.md lists the same routes; a test keeps the two in step.
 *
 * Who the app's requests come from:
 * - `electron/core/sync/couch-session.ts`: `POST|DELETE /_session`;
 * - rxdb's replication-couchdb through `couch-fetch.ts`: `GET /db/_changes` (normal and longpoll),
 *   `POST /db/_all_docs` (keys), `GET /db/_all_docs?keys=…`, `POST /db/_bulk_docs`,
 *   `POST /db/_bulk_get` (tombstones), `GET /db` (the update sequence for `since=now`);
 * - `database-feeds.ts`: `POST /_mmm/changes` (every database's live feed in one request, on
 *   the embedded server, which says so in its welcome);
 * - `issue-actions.ts`: `GET|PUT /db/<id>` (the server's copy of a refused document, and Retry);
 * - `files/file-transfer.ts`: `GET|PUT /db/files:<sha256>` (whether a file is there; a file sent
 *   whole, its bytes inline) and `GET /db/files:<sha256>/file` (its bytes, raw);
 * - `people/accounts.ts`, `sign-up.ts`: `GET|PUT /_users/org.couchdb.user:<name>`,
 *   `GET /_users/_all_docs` (app admins).
 * Provisioning, the follower and the demo loader run as the server admin and are not limited here.
 */
export type Access =
  /** `_session`: sign in, who am I, sign out. */
  | { readonly kind: 'session' }
  /** `GET /`: the server's welcome (name and version), as CouchDB answers anyone. */
  | { readonly kind: 'welcome' }
  /** One account of the user store; the guard applies CouchDB's `_users` rules itself. */
  | { readonly kind: 'account'; readonly id: string }
  /** Every account, for app admins (who approve applicants and set roles). */
  | { readonly kind: 'accounts' }
  /** A replication or document route on a database, for its members. */
  | { readonly kind: 'database'; readonly database: string; readonly writes: boolean }
  /** One live feed for many databases (multiplexed-changes.ts); each checked as a `_changes`. */
  | { readonly kind: 'multiplexed' }
  | { readonly kind: 'refused'; readonly reason: string };

/** CouchDB's rule for database names, without `/` (which would be a folder on disk here). */
const DATABASE_NAME = /^[a-z][a-z0-9_$()+-]*$/;
export const isDatabaseName = (name: string): boolean => DATABASE_NAME.test(name);

const USER_PREFIX = 'org.couchdb.user:';

const refused = (reason: string): Access => ({ kind: 'refused', reason });
const NOT_ALLOWED = 'This route is not open to app users on this server.';

/**
 * The feeds the app reads: `normal` and `longpoll`, which answer once. A `continuous` or
 * `eventsource` feed would keep streaming to someone removed from the database after it started.
 */
const ONE_ANSWER_FEEDS = ['normal', 'longpoll'];
const answersOnce = (query: URLSearchParams) => {
  const feeds = query.getAll('feed');
  return feeds.length === 0 || (feeds.length === 1 && ONE_ANSWER_FEEDS.includes(feeds[0] ?? ''));
};

const databaseRoute = (
  method: string,
  database: string,
  rest: readonly string[],
  query: URLSearchParams,
): Access => {
  const reads: Access = { kind: 'database', database, writes: false };
  const writes: Access = { kind: 'database', database, writes: true };
  const [first, ...more] = rest;
  if (first === undefined) return method === 'GET' ? reads : refused(NOT_ALLOWED);
  if (more.length > 0) {
    // A file's bytes, raw (docs/FILES.md); no other attachment, and never written this way: a
    // file document arrives whole, as JSON, where its hash and type are checked (file-uploads.ts).
    const fileBytes =
      more.length === 1 && more[0] === FILE_ATTACHMENT && hexOfFileDocId(first) !== undefined;
    return fileBytes && method === 'GET' ? reads : refused(NOT_ALLOWED);
  }
  switch (first) {
    case '_changes':
      if (!answersOnce(query)) return refused('Only the normal and longpoll feeds are open here.');
      return method === 'GET' ? reads : refused(NOT_ALLOWED);
    case '_all_docs':
      return method === 'GET' || method === 'POST' ? reads : refused(NOT_ALLOWED);
    case '_bulk_get':
      return method === 'POST' ? reads : refused(NOT_ALLOWED);
    case '_bulk_docs':
      return method === 'POST' ? writes : refused(NOT_ALLOWED);
    default:
      // A document; ids starting with `_` are routes or design/local documents.
      if (first.startsWith('_')) return refused(NOT_ALLOWED);
      if (method === 'GET') return reads;
      return method === 'PUT' ? writes : refused(NOT_ALLOWED);
  }
};

const usersRoute = (method: string, rest: readonly string[]): Access => {
  const [first, ...more] = rest;
  if (first === undefined || more.length > 0) return refused(NOT_ALLOWED);
  if (first === '_all_docs') return method === 'GET' ? { kind: 'accounts' } : refused(NOT_ALLOWED);
  if (!first.startsWith(USER_PREFIX)) return refused(NOT_ALLOWED);
  return method === 'GET' || method === 'PUT'
    ? { kind: 'account', id: first }
    : refused(NOT_ALLOWED);
};

/** What a request by someone other than a server admin may reach. */
export const accessFor = (
  method: string,
  segments: readonly string[],
  query: URLSearchParams = new URLSearchParams(),
): Access => {
  const [first, ...rest] = segments;
  if (first === undefined) return method === 'GET' ? { kind: 'welcome' } : refused(NOT_ALLOWED);
  if (first === '_session') {
    return rest.length === 0 && ['GET', 'POST', 'DELETE'].includes(method)
      ? { kind: 'session' }
      : refused(NOT_ALLOWED);
  }
  if (first === '_users') return usersRoute(method, rest);
  if (first === '_mmm') {
    if (rest.length !== 1 || rest[0] !== 'changes') return refused(NOT_ALLOWED);
    if (!answersOnce(query)) return refused('Only the normal and longpoll feeds are open here.');
    return method === 'POST' ? { kind: 'multiplexed' } : refused(NOT_ALLOWED);
  }
  if (!isDatabaseName(first)) return refused(NOT_ALLOWED);
  return databaseRoute(method, first, rest, query);
};
