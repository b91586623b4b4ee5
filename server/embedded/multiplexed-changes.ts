import type { RequestHandler } from 'express';
import type { ChangesFanOut, Plain } from './changes-fanout';
import { plainChanges } from './changes-fanout';
import {
  MAX_MULTIPLEXED_DATABASES,
  MULTIPLEXED_FEATURE,
} from '../../shared/sync/multiplexed-changes';
import { sendError } from './replies';
import { isDatabaseName } from './routes';

/**
 * One live feed for all of an installation's databases (docs/SYNC.md "One longpoll for all of an
 * installation's databases"): `POST /_mmm/changes?feed=longpoll&…` with the body
 * `{ "since": { "<db>": <seq>, … } }`. The guard checks each database with the member rule of its
 * own `GET /<db>/_changes` (one refused answers an error entry for itself alone); the changes
 * fan-out waits on all the others at once and answers as soon as one moves:
 *
 *     { "databases": { "<db>": { "results": [...], "last_seq": 13 },
 *                      "<other>": { "error": "forbidden", "reason": "…" } } }
 *
 * each moved database's page exactly as its plain `_changes` gives it, untouched ones left out;
 * nothing moved before the hold ends: `{ "databases": {} }`. Embedded server only: Apache CouchDB
 * has no such route, and the welcome (`GET /`) says whether a server has it.
 */
export { MULTIPLEXED_FEATURE };
/** The largest body taken: 500 names of CouchDB's longest with their sequences fit many times. */
export const MULTIPLEXED_BODY_LIMIT = '256kb';
/** The guard marks a checked multiplexed request so (res.locals): only those are answered here. */
export const MULTIPLEXED_READ = 'mmmMultiplexedRead';

/** CouchDB's limit on a database name's length. */
const MAX_NAME_LENGTH = 238;
const SEQUENCE = /^\d{1,15}$/;

export interface MultiplexedRequest {
  /** The options of a plain `_changes` (without `since`). */
  readonly options: Omit<Plain, 'since'>;
  /** The sequence each legal database name asks from. */
  readonly since: ReadonlyMap<string, number>;
  /** Names no database of this server can have: answered `illegal_database_name`. */
  readonly illegal: readonly string[];
}

export interface ErrorEntry {
  readonly error: string;
  readonly reason: string;
}

/** What the guard hands on: the request, and the databases refused to this caller. */
export interface CheckedMultiplexedRequest {
  readonly request: MultiplexedRequest;
  readonly refused: ReadonlyMap<string, ErrorEntry>;
}

export type ParsedMultiplexedRequest =
  | { readonly ok: true; readonly value: MultiplexedRequest }
  | { readonly ok: false; readonly reason: string };

const shown = (name: string) => JSON.stringify(name.length > 40 ? `${name.slice(0, 40)}…` : name);
const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const sequenceOf = (value: unknown): number | undefined => {
  if (typeof value === 'number') {
    return Number.isSafeInteger(value) && value >= 0 ? value : undefined;
  }
  return typeof value === 'string' && SEQUENCE.test(value) ? Number(value) : undefined;
};

/** A request as the route takes it, or why not (answered 400). */
export const parseMultiplexedRequest = (
  query: Record<string, unknown>,
  body: unknown,
): ParsedMultiplexedRequest => {
  const fail = (reason: string) => ({ ok: false, reason }) as const;
  if ('since' in query) return fail('Each database’s since goes in the body, not the query.');
  const plain = plainChanges(query);
  if (!plain) {
    return fail(
      'Only feed (normal or longpoll), style, include_docs, limit, timeout, heartbeat and seq_interval are taken, as plain _changes takes them.',
    );
  }
  const { since: _since, ...options } = plain;
  if (!isRecord(body)) return fail('The body must be a JSON object: { "since": { "<db>": seq } }.');
  const extra = Object.keys(body).filter((key) => key !== 'since');
  if (extra.length > 0) return fail(`The body takes only "since", not ${shown(extra[0] ?? '')}.`);
  const sinces = body['since'];
  if (!isRecord(sinces)) return fail('"since" must be an object: { "<db>": seq }.');
  const names = Object.keys(sinces);
  if (names.length === 0) return fail('"since" names no database.');
  if (names.length > MAX_MULTIPLEXED_DATABASES) {
    return fail(`"since" names ${names.length} databases; at most ${MAX_MULTIPLEXED_DATABASES}.`);
  }
  const since = new Map<string, number>();
  const illegal: string[] = [];
  for (const name of names) {
    // JSON.parse makes `__proto__` an own key: never a name, and never copied into an object.
    if (name === '__proto__') return fail('"since" names "__proto__", which is no database.');
    if (name.length > MAX_NAME_LENGTH)
      return fail(`${shown(name)} is longer than any database name.`);
    const seq = sequenceOf(sinces[name]);
    if (seq === undefined) {
      return fail(`The sequence of ${shown(name)} must be a whole number of 0 or more.`);
    }
    if (isDatabaseName(name)) since.set(name, seq);
    else illegal.push(name);
  }
  return { ok: true, value: { options, since, illegal } };
};

/** Adds the route's feature name to the server's welcome (`GET /`), as CouchDB lists features. */
export const advertiseMultiplexedChanges: RequestHandler = (req, res, next) => {
  if (req.method !== 'GET' || req.path !== '/') {
    next();
    return;
  }
  const send = res.send.bind(res);
  res.send = (body?: unknown) => {
    res.send = send;
    try {
      const text = Buffer.isBuffer(body) ? body.toString('utf8') : body;
      const welcome = typeof text === 'string' ? (JSON.parse(text) as unknown) : undefined;
      if (res.statusCode === 200 && isRecord(welcome)) {
        const listed: unknown = welcome['features'];
        const features: unknown[] = Array.isArray(listed) ? listed : [];
        return send(JSON.stringify({ ...welcome, features: [...features, MULTIPLEXED_FEATURE] }));
      }
    } catch {
      // Not JSON: sent as it was.
    }
    return send(body);
  };
  next();
};

/** Answers the requests the guard checked (`res.locals[MULTIPLEXED_READ]`) through the fan-out. */
export const answerMultiplexed =
  (fanOut: ChangesFanOut, log: (line: string) => void): RequestHandler =>
  (_req, res, next) => {
    const checked = res.locals[MULTIPLEXED_READ] as CheckedMultiplexedRequest | undefined;
    if (checked === undefined) {
      next();
      return;
    }
    const { request, refused } = checked;
    const answered = new Map<string, unknown>(refused);
    for (const name of request.illegal) {
      answered.set(name, {
        error: 'illegal_database_name',
        reason: `${shown(name)} is not a database name here.`,
      });
    }
    const names = [...request.since.keys()].filter((name) => !refused.has(name));
    const sinceOf = (name: string) => request.since.get(name) ?? 0;
    void fanOut.answer(
      (async () => {
        const followed = await Promise.all(
          names.map(async (name) => {
            try {
              return { name, entry: await fanOut.follow(name) };
            } catch (error) {
              log(`multiplexed changes: ${name}: ${String(error)}`);
              answered.set(name, {
                error: 'unavailable',
                reason: 'The database could not be read now.',
              });
              return undefined;
            }
          }),
        );
        const entries = followed.filter((item) => item !== undefined);
        const moved = () => entries.filter(({ name, entry }) => sinceOf(name) < entry.seq);
        if (request.options.longpoll && answered.size === 0 && moved().length === 0) {
          const { timeoutMs, heartbeatMs } = request.options;
          await fanOut.waitForChange(
            entries.map(({ name, entry }) => ({ entry, since: sinceOf(name) })),
            Math.min(fanOut.maxHoldMs, timeoutMs ?? Infinity, heartbeatMs ?? Infinity),
            res,
          );
          if (res.writableEnded || res.destroyed) return;
        }
        const pages = await Promise.all(
          moved().map(async ({ name, entry }) => {
            const page = await fanOut.pageOf(name, entry, {
              ...request.options,
              since: sinceOf(name),
            });
            return [name, page] as const;
          }),
        );
        for (const [name, page] of pages) answered.set(name, page);
        if (!res.writableEnded && !res.destroyed) {
          res.json({ databases: Object.fromEntries(answered) });
        }
      })().catch((error: unknown) => {
        log(`multiplexed changes: ${error instanceof Error ? error.message : String(error)}`);
        if (!res.headersSent) {
          sendError(res, 500, 'internal_server_error', 'The server could not answer this request.');
        }
      }),
    );
  };
