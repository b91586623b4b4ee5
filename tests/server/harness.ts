import { request } from 'node:http';
import {
  startEmbeddedServer,
  type EmbeddedServer,
  type EmbeddedServerOptions,
} from '../../server/embedded/startEmbeddedServer';
import { basicAuth } from '../../server/provision/couchClient';
import { authorField, type CollectionName } from '../../shared/schema';
import { couchIdOf, databaseOf, homeOf } from '../../shared/sync/layout';

/** The embedded server in memory mode, and plain HTTP as each person of the test organisation. */
export const ADMIN = { username: 'root', password: 'root-password' };
export const T0 = '2025-01-01T00:00:00.000Z';
/** A certificate code that shared/domain's isValidCertificateCode accepts. */
export const CODE = 'MMM-0000-0000-0';

/** `files`: the uploaded files' bounds, when a test needs its own (a clock, a grace). */
export const startTestServer = (
  options: Pick<EmbeddedServerOptions, 'files'> = {},
): Promise<EmbeddedServer> =>
  startEmbeddedServer({ port: 0, memory: true, admin: ADMIN, log: () => undefined, ...options });

/** An account name, or 'server-admin', or 'anonymous'. */
export type As = string;

export interface Answer {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

export const passwordOf = (name: string): string => `${name}-password`;

export const http = async (
  server: EmbeddedServer,
  as: As,
  method: string,
  path: string,
  body?: unknown,
): Promise<Answer> => {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (as === 'server-admin') headers.authorization = basicAuth(ADMIN);
  else if (as !== 'anonymous') {
    headers.authorization = basicAuth({ username: as, password: passwordOf(as) });
  }
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return {
    status: response.status,
    body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
  };
};

export const accountPath = (name: string): string =>
  `/_users/${encodeURIComponent(`org.couchdb.user:${name}`)}`;

/** An account made by the server admin, with a role (or none: a mentor applicant). */
export const createAccount = async (
  server: EmbeddedServer,
  name: string,
  roles: readonly string[],
): Promise<void> => {
  const answer = await http(server, 'server-admin', 'PUT', accountPath(name), {
    _id: `org.couchdb.user:${name}`,
    name,
    type: 'user',
    roles,
    password: passwordOf(name),
  });
  if (answer.status !== 201) throw new Error(`Creating ${name}: ${JSON.stringify(answer)}`);
};

export const waitFor = async (
  what: string,
  check: () => Promise<boolean>,
  timeoutMs = 10_000,
): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`Timed out waiting for ${what}`);
};

/**
 * Waits until someone can open a database: the server makes a programme's (and sets its members)
 * a moment after the programme arrives.
 */
export const waitForDatabase = (server: EmbeddedServer, as: As, database: string): Promise<void> =>
  waitFor(
    `${database} open to ${as}`,
    async () => (await http(server, as, 'GET', `/${database}`)).status === 200,
  );

/** Writes a document as someone; returns the answer (201 created, 401/403 refused). */
export const put = (
  server: EmbeddedServer,
  as: As,
  database: string,
  doc: Record<string, unknown> & { _id: string },
): Promise<Answer> => http(server, as, 'PUT', `/${database}/${encodeURIComponent(doc._id)}`, doc);

/** Reads, changes and writes back a document as someone. */
export const update = async (
  server: EmbeddedServer,
  as: As,
  database: string,
  id: string,
  change: Record<string, unknown>,
): Promise<Answer> => {
  const current = await http(
    server,
    'server-admin',
    'GET',
    `/${database}/${encodeURIComponent(id)}`,
  );
  return put(server, as, database, { ...current.body, ...change, _id: id });
};

/** Whether a database exists (asked as the server admin). */
export const databaseExists = async (server: EmbeddedServer, database: string): Promise<boolean> =>
  (await http(server, 'server-admin', 'GET', `/${encodeURIComponent(database)}`)).status === 200;

export const isRefused = (answer: Answer): boolean =>
  answer.status === 401 || answer.status === 403;

/**
 * A request with the path sent exactly as written (fetch would resolve `.`/`..` and re-encode):
 * how an attacker reaches the server. Headers as `http` builds them, or as given.
 */
export const raw = (
  server: EmbeddedServer,
  as: As,
  method: string,
  path: string,
  body?: unknown,
  extraHeaders: Record<string, string> = {},
): Promise<Answer & { readonly text: string; readonly headers: Record<string, unknown> }> => {
  const headers: Record<string, string> = { accept: 'application/json', ...extraHeaders };
  if (as === 'server-admin') headers.authorization = basicAuth(ADMIN);
  else if (as !== 'anonymous') {
    headers.authorization = basicAuth({ username: as, password: passwordOf(as) });
  }
  // A string is sent as it is (malformed JSON on purpose).
  const payload = body === undefined || typeof body === 'string' ? body : JSON.stringify(body);
  if (payload !== undefined) headers['content-type'] ??= 'application/json';
  const { hostname, port } = new URL(server.url);
  return new Promise((resolve, reject) => {
    const outgoing = request({ hostname, port, method, path, headers }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => {
        let parsed: Record<string, unknown> = {};
        try {
          parsed = text ? (JSON.parse(text) as Record<string, unknown>) : {};
        } catch {
          // Not JSON: the caller looks at `text`.
        }
        resolve({
          status: response.statusCode ?? 0,
          body: parsed,
          text,
          headers: response.headers,
        });
      });
    });
    outgoing.on('error', reject);
    outgoing.end(payload);
  });
};

/**
 * Where a document lives (shared/sync/layout): the database its author would have written it to
 * (applications, details, drafts and notifications: the author's own), and its CouchDB id.
 */
export const placeOf = (
  collection: CollectionName,
  doc: Record<string, unknown> & { _id: string },
): { readonly database: string; readonly couchId: string } => {
  const named = doc[authorField[collection]];
  const author = typeof named === 'string' ? named : doc._id;
  const fields = { ...doc, id: doc._id };
  return {
    database: databaseOf(homeOf(collection, fields, { name: author, roles: [] })),
    couchId: couchIdOf(collection, doc._id),
  };
};

/** A document's path on the server: its home database and its CouchDB id. */
export const pathOf = (
  collection: CollectionName,
  doc: Record<string, unknown> & { _id: string },
): string => {
  const { database, couchId } = placeOf(collection, doc);
  return `/${database}/${encodeURIComponent(couchId)}`;
};

/** Writes a document (given with its app id as `_id`) where it lives, as someone. */
export const place = async (
  server: EmbeddedServer,
  as: As,
  collection: CollectionName,
  doc: Record<string, unknown> & { _id: string },
): Promise<Answer> => {
  const { database, couchId } = placeOf(collection, doc);
  // A programme's database is made, and its members set, once the programme and its memberships
  // are in the organisation's: wait for that (never for a refusal of the document itself).
  const deadline = Date.now() + 10_000;
  for (;;) {
    const answer = await put(server, as, database, { ...doc, _id: couchId });
    // Only databases made and opened as the data asks (a programme's, a person's, a chat's).
    const made = /^mmm-(programme|person|chat)-/.test(database);
    const notYet =
      made &&
      (answer.status === 404 ||
        (answer.status === 403 &&
          answer.body['reason'] === 'You are not a member of this database.'));
    if (!notYet || Date.now() > deadline) return answer;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
};

/** Writes documents (with their app ids as `_id`) where they live, as the server admin. */
export const placeAll = async (
  server: EmbeddedServer,
  collection: CollectionName,
  docs: readonly (Record<string, unknown> & { _id: string })[],
): Promise<void> => {
  const byDatabase = new Map<string, Record<string, unknown>[]>();
  for (const doc of docs) {
    const { database, couchId } = placeOf(collection, doc);
    byDatabase.set(database, [...(byDatabase.get(database) ?? []), { ...doc, _id: couchId }]);
  }
  for (const [database, group] of byDatabase) {
    for (let start = 0; start < group.length; start += 2_000) {
      const answer = await http(server, 'server-admin', 'POST', `/${database}/_bulk_docs`, {
        docs: group.slice(start, start + 2_000),
      });
      if (answer.status !== 201) {
        throw new Error(`Writing ${collection} to ${database}: ${JSON.stringify(answer)}`);
      }
    }
  }
};
