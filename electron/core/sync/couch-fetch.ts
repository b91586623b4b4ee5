// The one fetch every replication goes through. It turns CouchDB's answers into what RxDB's
// replication-couchdb plugin can handle (DESIGN §4 pitfalls), and reports what it saw.
import type { z } from 'zod';
import { MULTIPLEXED_PATH } from '../../../shared/sync/multiplexed-changes';
import {
  allDocsSchema,
  bulkDocsSchema,
  bulkGetSchema,
  changesSchema,
  jsonResponse,
  multiplexedSchema,
} from './couch-answers';
import type { ChangeRows } from './couch-answers';
import { createServerConflictCheck } from './server-conflicts';
import type { ServerConflict } from './server-conflicts';
import { createServerVersions } from './server-versions';
import type { ServerVersions } from './server-versions';

export interface ServerRejection {
  /** The CouchDB database that refused the write. */
  readonly database: string;
  readonly docId: string;
  /** The server's reason, e.g. validate_doc_update's `forbidden` message. */
  readonly reason: string;
  /** The document as it was sent. */
  readonly doc: Record<string, unknown>;
  /** The server's version the refused write was based on, when the push read one. */
  readonly base?: Record<string, unknown>;
}

export interface CouchAuth {
  /** Headers that authenticate a request (the session cookie). */
  headers(): Record<string, string>;
  /** The server sent a fresh cookie (CouchDB renews sessions as they are used). */
  onSetCookie(setCookie: string): void;
  /**
   * Gets a new session after a 401; false when the credentials no longer work. `sentAt`: the
   * sessions signed in when the refused request went out (`signIns()`): when another sign-in has
   * finished since, the request only needs sending again.
   */
  reauthenticate(sentAt?: number): Promise<boolean>;
  /** How many sign-ins this session has had (a request notes it when it goes out). */
  signIns?(): number;
}

export interface CouchFetchOptions {
  readonly fetch: typeof fetch;
  readonly auth: CouchAuth;
  /** For every request but the live changes feed. */
  readonly timeoutMs: number;
  /** For the live (longpoll) changes feed, which the server holds open. */
  readonly longpollTimeoutMs: number;
  readonly onRejected: (rejection: ServerRejection) => void;
  /** Why a document from the server must not be stored (null: fine). Refused ones are dropped. */
  readonly checkIncoming?: (database: string, doc: Record<string, unknown>) => string | null;
  readonly onUnauthorised: () => void;
  /** Whether the server answered at all: drives online/offline. */
  readonly onReachable: (reachable: boolean) => void;
  /** The server accepted this session again (any answer but 401). */
  readonly onAuthorised?: () => void;
  /** This machine's version of a document, to tell when it lost a server-side conflict. */
  readonly localVersion?: (
    database: string,
    docId: string,
  ) => Promise<Record<string, unknown> | undefined>;
  /** This machine's version lost a conflict made on the server (server-conflicts.ts). */
  readonly onServerConflict?: (conflict: ServerConflict) => void;
  /** What is known of the server's versions; given when others read it too (the sync engine). */
  readonly versions?: ServerVersions;
}

/** A `_bulk_docs` row for a document the server's answer did not clearly answer for. */
export const UNKNOWN_ERROR = 'unknown_error';

/** A failed request RxDB should retry later (it retries whatever a fetch throws). */
export class RetryableSyncError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'RetryableSyncError';
  }
}

/** Our own timeout ended a longpoll while the server had nothing to say. */
class LongpollTimeout extends Error {
  constructor() {
    super('The live changes feed had nothing new before the poll ended.');
    this.name = 'LongpollTimeout';
  }
}

/** The connection closed while an answer was being read: nothing of it can be trusted. */
class AnswerCutOff extends RetryableSyncError {
  constructor(what: string) {
    super(`${what} was cut off before it was complete.`);
    this.name = 'AnswerCutOff';
  }
}

/** How long a live feed whose answer was cut off waits before it asks again. */
const CUT_OFF_PAUSE_MS = 250;

const isDesignDoc = (id: string) => id.startsWith('_design/');

/** `http://host/db/_changes?…` → { database: 'db', endpoint: '_changes' } */
const describeUrl = (url: URL) => {
  const parts = url.pathname.split('/').filter(Boolean);
  const endpoint = parts.at(-1) ?? '';
  const database = decodeURIComponent(parts.at(-2) ?? '');
  return {
    database,
    endpoint,
    base: url.href.slice(0, url.href.indexOf(`/${parts.at(-1) ?? ''}`)),
  };
};

const requestBody = (init: RequestInit | undefined): unknown => {
  if (typeof init?.body !== 'string') return undefined;
  try {
    return JSON.parse(init.body) as unknown;
  } catch {
    return undefined;
  }
};

/**
 * A request's signal: its timeout (which covers reading the body too: a longpoll's body is the
 * wait), and the caller's own signal, so a feed that stops ends its longpoll at once. Not
 * AbortSignal.any: on Node 20 fetch holds the signal it is given only weakly, and a combined
 * signal nothing else holds was collected mid-request — a stopped feed then waited out its poll.
 * The caller's signal holds this controller through its listener.
 */
const requestSignal = (caller: AbortSignal | null | undefined, timeoutMs: number) => {
  const controller = new AbortController();
  const timer = setTimeout(() => {
    controller.abort(new DOMException('The request took too long.', 'TimeoutError'));
  }, timeoutMs);
  // A finished request's timer must not keep the process alive.
  timer.unref();
  if (caller) {
    if (caller.aborted) controller.abort(caller.reason);
    else {
      caller.addEventListener('abort', () => controller.abort(caller.reason), { once: true });
    }
  }
  return controller.signal;
};

export const createCouchFetch = (options: CouchFetchOptions): typeof fetch => {
  /** The last sequence of each database's changes this client has been given. */
  const lastSeqs = new Map<string, string>();
  const versions = options.versions ?? createServerVersions();
  const checkServerConflict = createServerConflictCheck({
    readLeaves: async (database, docId) => {
      const url = `${baseUrls.get(database) ?? ''}/${encodeURIComponent(docId)}?open_revs=all`;
      const headers = { accept: 'application/json' };
      return readJson(
        await sendAuthenticated(new URL(url), { headers }, options.timeoutMs),
        'A document’s revisions',
      );
    },
    localVersion: (database, docId) =>
      options.localVersion?.(database, docId) ?? Promise.resolve(undefined),
    onLost: (conflict) => options.onServerConflict?.(conflict),
  });
  /** Each database's URL, as the replication uses it (for reading a document's revisions). */
  const baseUrls = new Map<string, string>();
  const send = async (url: URL, init: RequestInit | undefined, timeoutMs: number) => {
    const headers = new Headers(init?.headers);
    for (const [name, value] of Object.entries(options.auth.headers())) headers.set(name, value);
    let response: Response;
    try {
      response = await options.fetch(url, {
        ...init,
        headers,
        signal: requestSignal(init?.signal, timeoutMs),
      });
    } catch (error) {
      // Stopped here, not by the server or the network.
      if (init?.signal?.aborted === true) throw error;
      options.onReachable(false);
      throw new RetryableSyncError(
        `The sync server did not answer (${error instanceof Error ? error.message : String(error)}).`,
      );
    }
    options.onReachable(true);
    if (response.status !== 401) options.onAuthorised?.();
    const setCookie = response.headers.get('set-cookie');
    if (setCookie) options.auth.onSetCookie(setCookie);
    return response;
  };

  const sendAuthenticated = async (url: URL, init: RequestInit | undefined, timeoutMs: number) => {
    const sentAt = options.auth.signIns?.();
    let response = await send(url, init, timeoutMs);
    if (response.status === 401 && (await options.auth.reauthenticate(sentAt))) {
      response = await send(url, init, timeoutMs);
    }
    if (response.status === 401) {
      options.onUnauthorised();
      throw new RetryableSyncError('The server no longer accepts this sign-in.', 401);
    }
    return response;
  };

  const readJson = async (response: Response, what: string): Promise<unknown> => {
    if (!response.ok) {
      throw new RetryableSyncError(`${what} answered ${response.status}.`, response.status);
    }
    try {
      return await response.json();
    } catch (error) {
      if (error instanceof Error && error.name === 'TimeoutError') throw new LongpollTimeout();
      if (!(error instanceof SyntaxError)) throw new AnswerCutOff(what);
      throw new RetryableSyncError(`${what} answered with something that is not JSON.`);
    }
  };

  /** `_all_docs` gives `doc: null` for deleted documents: fetch the tombstones so conflicts show. */
  const withTombstones = async (base: string, body: z.infer<typeof allDocsSchema>) => {
    const deleted = body.rows.filter((row) => row.value?.deleted === true && !row.doc && row.id);
    if (deleted.length === 0) return body;
    const answer = await sendAuthenticated(
      new URL(`${base}/_bulk_get?revs=false`),
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ docs: deleted.map((row) => ({ id: row.id, rev: row.value?.rev })) }),
      },
      options.timeoutMs,
    );
    const parsed = bulkGetSchema.safeParse(await readJson(answer, '_bulk_get'));
    if (!parsed.success) throw new RetryableSyncError('_bulk_get answered in an unexpected shape.');
    const tombstones = new Map(
      parsed.data.results.flatMap((result) => {
        const doc = result.docs[0]?.ok;
        return doc ? [[result.id, doc] as const] : [];
      }),
    );
    return {
      ...body,
      rows: body.rows.map((row) =>
        row.id && tombstones.has(row.id) ? { ...row, doc: tombstones.get(row.id) } : row,
      ),
    };
  };

  const keep = (database: string, row: ChangeRows[number]) => {
    if (row.doc === null || row.doc === undefined || isDesignDoc(row.id)) return false;
    if (versions.outdated(database, row.id, row.doc['_rev'])) return false;
    versions.learn(database, row.id, row.doc['_rev'], row.doc);
    return (options.checkIncoming?.(database, row.doc) ?? null) === null;
  };

  /** Rows kept of a page, once the writes under way are answered: those still current. */
  const settle = async (database: string, kept: ChangeRows, lastSeq: string | number) => {
    lastSeqs.set(database, String(lastSeq));
    // A write of this database under way may make rows read before it out of date.
    await versions.writesSettled(database);
    const current = kept.filter((row) => !versions.outdated(database, row.id, row.doc?.['_rev']));
    for (const row of current) {
      await checkServerConflict(database, row).catch(() => undefined);
    }
    return current;
  };

  /**
   * Validated here, inside RxDB's retry loop: a bad answer outside it crashes the process. Rows
   * that are dropped (design documents, misfits) are made up from the following changes, because
   * a batch shorter than asked reads as the end of the database; and the answer says in
   * `mmm_complete` whether it is.
   */
  const readChanges = async (
    url: URL,
    init: RequestInit | undefined,
    first: Response,
    database: string,
    isLongpoll: boolean,
  ) => {
    const limit = Number(url.searchParams.get('limit') ?? NaN);
    const kept: ChangeRows = [];
    let response = first;
    for (;;) {
      const parsed = changesSchema.safeParse(await readJson(response, '_changes'));
      if (!parsed.success)
        throw new RetryableSyncError('_changes answered in an unexpected shape.');
      const { results, last_seq: lastSeq } = parsed.data;
      kept.push(...results.filter((row) => keep(database, row)));
      const asked = Number(url.searchParams.get('limit') ?? NaN);
      const complete = isLongpoll || !Number.isFinite(limit) || results.length < asked;
      if (complete || kept.length >= limit) {
        const current = await settle(database, kept, lastSeq);
        // Whether the server had no more: rows dropped here (out of date, misfits) make the answer
        // shorter than asked without it being the end, which a catch-up must not take it for.
        return { ...parsed.data, results: current, last_seq: lastSeq, mmm_complete: complete };
      }
      url.searchParams.set('since', String(lastSeq));
      url.searchParams.set('limit', String(limit - kept.length));
      response = await sendAuthenticated(url, init, options.timeoutMs);
    }
  };

  /**
   * The live feed. A longpoll that our own timeout ends is "no changes yet", not a failure: the
   * embedded server never ends one by itself (it ignores `timeout` and `heartbeat`), and RxDB would
   * report every such end as an error.
   *
   * `since=now` is made a real sequence: the last one this client was given for the database (the
   * end of its catch-up pull), else the database's own. RxDB asks for `now` when the live feed
   * starts and again after every failure until one answer arrives, so taking the server's word
   * for "now" there would skip whatever was written while the feed was down (seen: a report
   * pushed right after the server came back never reached a manager).
   */
  const readLongpoll = async (
    url: URL,
    init: RequestInit | undefined,
    database: string,
    base: string,
  ) => {
    const known = lastSeqs.get(database);
    if (url.searchParams.get('since') === 'now' && known !== undefined) {
      url.searchParams.set('since', known);
    }
    if (url.searchParams.get('since') === 'now') {
      const info = await readJson(
        await sendAuthenticated(new URL(base), undefined, options.timeoutMs),
        'The database',
      );
      const seq = (info as { update_seq?: unknown } | null)?.update_seq;
      if (typeof seq === 'string' || typeof seq === 'number')
        url.searchParams.set('since', String(seq));
    }
    const since = url.searchParams.get('since') ?? 'now';
    lastSeqs.set(database, since);
    try {
      const response = await sendAuthenticated(url, init, options.longpollTimeoutMs);
      return await readChanges(url, init, response, database, true);
    } catch (error) {
      if (error instanceof LongpollTimeout) return { results: [], last_seq: since };
      // A poll cut off mid-answer (the server closed the connection: a restart, a proxy, a busy
      // embedded server) is asked again from the same place, like a quiet one: no change is lost,
      // and a server that is really gone fails the next poll's request and is reported there.
      if (error instanceof AnswerCutOff) {
        await new Promise((resolve) => setTimeout(resolve, CUT_OFF_PAUSE_MS));
        return { results: [], last_seq: since };
      }
      throw error;
    }
  };

  /**
   * Every database's live feed in one request (the embedded server's `POST /_mmm/changes`): each
   * database's page is taken as its own longpoll's is (rows filtered, writes under way waited
   * for, conflicts looked for), an error entry passed on as it is. Our own timeout, or an answer
   * cut off, is "nothing new": the feed asks again from the same sequences.
   */
  const readMultiplexed = async (url: URL, init: RequestInit | undefined) => {
    const body = requestBody(init) as { since?: Record<string, unknown> } | undefined;
    const asked = new Set(Object.keys(body?.since ?? {}));
    const server = url.href.slice(0, url.href.indexOf(MULTIPLEXED_PATH));
    for (const database of asked) baseUrls.set(database, `${server}/${database}`);
    try {
      const response = await sendAuthenticated(url, init, options.longpollTimeoutMs);
      const parsed = multiplexedSchema.safeParse(await readJson(response, 'The live feed'));
      if (!parsed.success) {
        throw new RetryableSyncError('The live feed answered in an unexpected shape.');
      }
      const databases: Record<string, unknown> = {};
      for (const [database, entry] of Object.entries(parsed.data.databases)) {
        if (!asked.has(database)) continue;
        if ('error' in entry) {
          databases[database] = entry;
          continue;
        }
        const kept = entry.results.filter((row) => keep(database, row));
        databases[database] = {
          results: await settle(database, kept, entry.last_seq),
          last_seq: entry.last_seq,
        };
      }
      return { databases };
    } catch (error) {
      if (init?.signal?.aborted === true) throw error;
      if (error instanceof LongpollTimeout) return { databases: {} };
      if (error instanceof AnswerCutOff) {
        await new Promise((resolve) => setTimeout(resolve, CUT_OFF_PAUSE_MS));
        return { databases: {} };
      }
      throw error;
    }
  };

  /**
   * Writes. Rows equal to the server's version they are based on are answered here, unsent (see
   * server-versions.ts). A refused row would be retried forever and block every later write: it is recorded
   * and reported to RxDB as done. The local document stays as it is, flagged with the reason.
   */
  const bulkDocs = async (url: URL, init: RequestInit | undefined, database: string) => {
    const body = requestBody(init) as { docs?: Record<string, unknown>[] } | undefined;
    const sent = body?.docs ?? [];
    const unchanged = (doc: Record<string, unknown>) => versions.unchanged(database, doc);
    const toSend = sent.filter((doc) => !unchanged(doc));
    const sentById = new Map(sent.map((doc) => [String(doc['_id']), doc]));
    let written: z.infer<typeof bulkDocsSchema> = [];
    if (toSend.length > 0) {
      const response = await sendAuthenticated(
        url,
        toSend.length === sent.length
          ? init
          : { ...init, body: JSON.stringify({ ...body, docs: toSend }) },
        options.timeoutMs,
      );
      const parsed = bulkDocsSchema.safeParse(await readJson(response, '_bulk_docs'));
      if (!parsed.success) {
        throw new RetryableSyncError('_bulk_docs answered in an unexpected shape.');
      }
      written = parsed.data;
      for (const row of written) {
        if (row.ok === true) versions.learn(database, row.id, row['rev'], sentById.get(row.id));
      }
    }
    // Each document's answer is the row that names it, never the row in its place: an answer
    // that lists a document twice, or not at all, says nothing sure about it (`unknown_error`,
    // which the push sends again), where taking rows by position took one document's "ok" for
    // another's (seen on the embedded server with part of a write stale).
    const answers = new Map<string, (typeof written)[number][]>();
    for (const row of written) answers.set(row.id, [...(answers.get(row.id) ?? []), row]);
    const rows = sent.map((doc) => {
      const id = String(doc['_id']);
      if (unchanged(doc)) return { id, ok: true, rev: String(doc['_rev']) };
      const named = answers.get(id) ?? [];
      return named.length === 1 && named[0]
        ? named[0]
        : { id, error: UNKNOWN_ERROR, reason: 'The server gave no clear answer for it.' };
    });
    return jsonResponse(
      rows.map((row) => {
        if (row.error !== 'forbidden' && row.error !== 'unauthorized') return row;
        const base = versions.readForPushOf(database, row.id);
        options.onRejected({
          database,
          docId: row.id,
          reason: row.reason ?? row.error,
          doc: sentById.get(row.id) ?? { _id: row.id },
          ...(base ? { base } : {}),
        });
        return { id: row.id, ok: true, rev: 'rejected' };
      }),
    );
  };

  return async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    if (url.pathname.endsWith(MULTIPLEXED_PATH) && init?.method === 'POST') {
      return jsonResponse(await readMultiplexed(url, init));
    }
    const { database, endpoint, base } = describeUrl(url);
    baseUrls.set(database, base);
    const isLongpoll = endpoint === '_changes' && url.searchParams.get('feed') === 'longpoll';
    if (isLongpoll) return jsonResponse(await readLongpoll(url, init, database, base));
    if (endpoint === '_bulk_docs') {
      return versions.whileWriting(database, bulkDocs(url, init, database));
    }
    const response = await sendAuthenticated(url, init, options.timeoutMs);

    switch (endpoint) {
      case '_changes':
        return jsonResponse(await readChanges(url, init, response, database, false));
      case '_all_docs': {
        const parsed = allDocsSchema.safeParse(await readJson(response, '_all_docs'));
        if (!parsed.success)
          throw new RetryableSyncError('_all_docs answered in an unexpected shape.');
        const answer = await withTombstones(base, parsed.data);
        for (const row of answer.rows) versions.learn(database, row.id, row.value?.rev, row.doc);
        if (init?.method === 'POST') {
          versions.readForPush(
            database,
            answer.rows.flatMap((row) => (row.doc ? [row.doc] : [])),
          );
        }
        return jsonResponse(answer);
      }
      default:
        return response;
    }
  };
};
