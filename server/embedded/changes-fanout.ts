import type { RequestHandler, Response } from 'express';

/**
 * The live feeds of many installations on one database, answered together (docs/DEPLOY.md, "What
 * one embedded server carries"). express-pouchdb makes every longpoll a PouchDB live listener:
 * each write wakes every reader of the database, and each reads the same rows again from its own
 * `since` (the 200-person profile: about 12 ms of server CPU per delivered change). Here, in front
 * of it, for members' reads the guard has let through:
 *
 * - a longpoll with nothing new waits on the database's sequence in memory (one PouchDB listener
 *   per database, however many installations wait on it) and, if nothing comes before
 *   `MAX_HOLD_MS`, answers an empty page, as CouchDB does when its `timeout` ends;
 * - the read itself is shared: the readers woken by one write ask from the same `since`, and one
 *   `changes()` answers them all.
 *
 * The answer is PouchDB's own page (`results`, `last_seq`), the same express-pouchdb would send.
 * Anything but the plain forms the app and its replication use (filters, `doc_ids`, continuous or
 * event-source feeds, `descending`...) goes on to express-pouchdb untouched, as do server admins.
 */

export interface ChangesPage {
  readonly results: readonly unknown[];
  readonly last_seq: number | string;
}

interface LiveChanges {
  on(event: 'change', listener: (change: { readonly seq: number | string }) => void): LiveChanges;
  on(event: 'error', listener: (error: unknown) => void): LiveChanges;
  cancel(): void;
}

/** What this needs of a PouchDB database (server/types has no PouchDB types). */
export interface FanOutDatabase {
  info(): Promise<{ readonly update_seq: number | string }>;
  changes(options: Record<string, unknown>): unknown;
}

export interface ChangesFanOutOptions {
  /** The database of that name, as express-pouchdb opens it (same adapter and prefix). */
  readonly open: (name: string) => FanOutDatabase;
  /** Longest wait for a change before an empty answer; under any client's own timeout. */
  readonly maxHoldMs?: number;
  readonly log: (line: string) => void;
}

/** The guard marks a member's read of a database so (res.locals): only those are answered here. */
export const MEMBER_READ = 'mmmMemberRead';

const MAX_HOLD_MS = 50_000;
// `seq_interval` only spares a cluster computing sequences; a single node answers the same.
const PLAIN = new Set([
  'feed',
  'since',
  'style',
  'include_docs',
  'limit',
  'timeout',
  'heartbeat',
  'seq_interval',
]);

export interface Plain {
  readonly longpoll: boolean;
  readonly since: number;
  readonly includeDocs: boolean;
  readonly style: 'main_only' | 'all_docs';
  readonly limit: number | undefined;
  readonly timeoutMs: number | undefined;
  readonly heartbeatMs: number | undefined;
}

const count = (value: unknown): number | undefined =>
  typeof value === 'string' && /^\d{1,15}$/.test(value) ? Number(value) : undefined;

/** The request as one of the plain forms, or undefined (then express-pouchdb answers it). */
export const plainChanges = (query: Record<string, unknown>): Plain | undefined => {
  if (Object.keys(query).some((key) => !PLAIN.has(key))) return undefined;
  const { feed, since, style, include_docs: includeDocs, limit, timeout, heartbeat } = query;
  if (feed !== undefined && feed !== 'normal' && feed !== 'longpoll') return undefined;
  if (style !== undefined && style !== 'main_only' && style !== 'all_docs') return undefined;
  if (includeDocs !== undefined && includeDocs !== 'true' && includeDocs !== 'false') {
    return undefined;
  }
  const from = since === undefined ? 0 : count(since);
  if (from === undefined) return undefined;
  for (const value of [limit, timeout, heartbeat, query['seq_interval']]) {
    if (value !== undefined && count(value) === undefined) return undefined;
  }
  return {
    longpoll: feed === 'longpoll',
    since: from,
    includeDocs: includeDocs === 'true',
    style: style ?? 'main_only',
    limit: count(limit),
    timeoutMs: count(timeout),
    heartbeatMs: count(heartbeat),
  };
};

/** A database the fan-out follows: its sequence as last seen, and who waits on it. */
export interface Followed {
  readonly database: FanOutDatabase;
  seq: number;
  /** Called at each change (false) or when the database must be followed afresh (true). */
  readonly waiting: Set<(again: boolean) => void>;
  readonly reading: Map<string, Promise<ChangesPage>>;
  readonly live: LiveChanges;
}

/** Wakes everyone waiting on a database: at a change (false), or to follow it afresh (true). */
const wakeAll = (entry: Followed, again: boolean) => {
  const woken = [...entry.waiting];
  entry.waiting.clear();
  for (const wake of woken) wake(again);
};

export const changesFanOut = (options: ChangesFanOutOptions) => {
  const maxHoldMs = options.maxHoldMs ?? MAX_HOLD_MS;
  const followed = new Map<string, Promise<Followed>>();

  const follow = (name: string): Promise<Followed> => {
    const known = followed.get(name);
    if (known) return known;
    const started = (async () => {
      const database = options.open(name);
      const info = await database.info();
      const entry: Followed = {
        database,
        seq: Number(info.update_seq),
        waiting: new Set(),
        reading: new Map(),
        // From the sequence just read, not 'now': a write between the two would never wake anyone.
        live: database.changes({
          live: true,
          since: info.update_seq,
          return_docs: false,
        }) as LiveChanges,
      };
      entry.live
        .on('change', (change) => {
          entry.seq = Math.max(entry.seq, Number(change.seq));
          wakeAll(entry, false);
        })
        .on('error', (error) => {
          // Followed again from scratch at the next request.
          options.log(`changes fan-out: ${name}: ${String(error)}`);
          followed.delete(name);
          wakeAll(entry, true);
        });
      return entry;
    })();
    followed.set(name, started);
    started.catch(() => followed.delete(name));
    return started;
  };

  /**
   * One read per database, `since`, options and sequence at a time, whoever asks. The sequence is
   * part of the key: a read begun before a change may miss it, so those the change woke never
   * share it. PouchDB's `changes()` gives a thenable with no `finally`: made a promise first.
   */
  const read = (entry: Followed, plain: Plain): Promise<ChangesPage> => {
    const key = `${plain.since}|${plain.style}|${String(plain.includeDocs)}|${String(plain.limit)}|${entry.seq}`;
    const pending = entry.reading.get(key);
    if (pending) return pending;
    const page = Promise.resolve(
      entry.database.changes({
        since: plain.since,
        style: plain.style,
        include_docs: plain.includeDocs,
        ...(plain.limit === undefined ? {} : { limit: plain.limit }),
        return_docs: true,
      }) as PromiseLike<ChangesPage>,
    ).finally(() => entry.reading.delete(key));
    entry.reading.set(key, page);
    return page;
  };

  /** Requests waiting now, each ended (as if its hold ran out) when the server closes. */
  const holding = new Set<() => void>();
  /** Answers under way: the server closes once they are sent. */
  const answering = new Set<Promise<void>>();
  const answer = (work: Promise<void>) => {
    const done = work.finally(() => answering.delete(done));
    answering.add(done);
    return done;
  };

  /**
   * Waits until one of the databases moves past the sequence its caller has (true), or the hold
   * ends, the client goes or the server closes (false). A change the caller already has does not
   * end the wait: after a large write the live listener reports its changes for a while after
   * `GET /<db>` gave the newest sequence, and answering each one empty made the caller ask again
   * at once, thousands of times (bench:sync's pull right after a push). The response's `close`,
   * not the request's: a request whose body was read (the multiplexed feed's) emits `close` at once.
   */
  const waitForChange = (
    waits: readonly { readonly entry: Followed; readonly since: number }[],
    holdMs: number,
    res: Response,
  ) =>
    new Promise<boolean>((resolve) => {
      const finish = (changed: boolean) => {
        clearTimeout(timer);
        for (const { entry } of waits) entry.waiting.delete(wake);
        holding.delete(stop);
        res.off('close', stop);
        resolve(changed);
      };
      const wake = (again: boolean) => {
        if (again || waits.some(({ entry, since }) => entry.seq > since)) {
          finish(true);
          return;
        }
        // Not yet past what the caller has: it waits on.
        for (const { entry } of waits) entry.waiting.add(wake);
      };
      const stop = () => {
        finish(false);
      };
      const timer = setTimeout(stop, holdMs);
      for (const { entry } of waits) entry.waiting.add(wake);
      holding.add(stop);
      res.once('close', stop);
    });

  /** The database's page from `since`, as plain `_changes` gives it. */
  const pageOf = async (name: string, entry: Followed, plain: Plain): Promise<ChangesPage> => {
    const page = await read(entry, plain);
    if (page.results.length === 0 && plain.since < entry.seq) {
      // The sequence said there was more and there was not: a database made again under the
      // same name. Followed afresh from the next request (else its feeds would spin or sleep).
      followed.delete(name);
      entry.live.cancel();
      // Those waiting on it ask again, of the database followed afresh.
      wakeAll(entry, true);
    }
    return page;
  };

  const handler: RequestHandler = (req, res, next) => {
    if (req.method !== 'GET' || res.locals[MEMBER_READ] !== true) {
      next();
      return;
    }
    const parts = req.path.split('/').filter(Boolean);
    const plain = plainChanges(req.query);
    if (parts.length !== 2 || parts[1] !== '_changes' || parts[0] === undefined || !plain) {
      next();
      return;
    }
    const name = decodeURIComponent(parts[0]);
    void answer(
      (async () => {
        const entry = await follow(name);
        if (plain.longpoll && plain.since >= entry.seq) {
          const hold = Math.min(
            maxHoldMs,
            plain.timeoutMs ?? maxHoldMs,
            plain.heartbeatMs ?? maxHoldMs,
          );
          const changed = await waitForChange([{ entry, since: plain.since }], hold, res);
          if (res.writableEnded || res.destroyed) return;
          if (!changed) {
            res.json({ results: [], last_seq: plain.since });
            return;
          }
        }
        const page = await pageOf(name, entry, plain);
        if (!res.writableEnded && !res.destroyed) res.json(page);
      })().catch((error: unknown) => {
        options.log(
          `changes fan-out: ${name}: ${error instanceof Error ? error.message : String(error)}`,
        );
        // Nothing sent yet: express-pouchdb answers it as it would have.
        if (!res.headersSent) next();
      }),
    );
  };

  return {
    handler,
    maxHoldMs,
    follow,
    pageOf,
    waitForChange,
    answer,
    /** Ends the requests waiting (answered as at the end of their hold), stops following. */
    close: async () => {
      for (const stop of [...holding]) stop();
      await Promise.allSettled([...answering]);
      for (const entry of await Promise.allSettled(followed.values())) {
        if (entry.status === 'fulfilled') entry.value.live.cancel();
      }
      followed.clear();
    },
  };
};

export type ChangesFanOut = ReturnType<typeof changesFanOut>;
