import { z } from 'zod';
import { answerJson, changesPageSchema } from './couch-answers';
import { MULTIPLEXED_FEATURE, MULTIPLEXED_PATH } from '../../../shared/sync/multiplexed-changes';
import { PULL_BATCH_SIZE } from './batch-sizes';
import { RetryableSyncError } from './couch-fetch';
import { startDatabaseFeed, wakeablePause } from './database-feed';
import type { DatabaseFeed, DatabaseFeedOptions } from './database-feed';

/**
 * The live feeds of every database this installation reads (DESIGN §3 "Sync"), as few requests as
 * the server allows. Where the server's welcome (`GET /`) lists `mmm-multiplexed-changes` (the
 * embedded server), ONE request waits on all of them (`POST /_mmm/changes`, docs/SYNC.md "One
 * longpoll for all of an installation's databases"); elsewhere (Apache CouchDB) each database
 * keeps its own longpoll (database-feed.ts). Either way each database's feed is what its own
 * longpoll was: it starts from the database's update sequence (then `onStarted`), hands on each
 * page of changes with the sequence it brings, and reports a failure and asks again after the
 * retry time. The answers pass through the same fetch wrapper (couch-fetch.ts), which filters each
 * database's page as it filters a plain longpoll's.
 *
 * On the multiplexed request: a database joined or left restarts it with the new set; one the
 * server refuses is reported alone and left out until its retry time; a request cut off or timed
 * out is asked again from the same sequences, so nothing is skipped. A server that answers the
 * route as one it does not have (the embedded server swapped for Apache CouchDB under a running
 * app) moves every database to a longpoll of its own for the rest of the session.
 */
export type FeedHandlers = Pick<DatabaseFeedOptions, 'onStarted' | 'onChanges' | 'onError'>;

export interface DatabaseFeedsOptions {
  readonly serverUrl: string;
  /** The sync fetch wrapper (couch-fetch.ts). */
  readonly fetch: typeof fetch;
  readonly retryTimeMs: number;
  /** False: one longpoll per database whatever the server offers. */
  readonly multiplex?: boolean;
}

export interface DatabaseFeeds {
  /** The database's live feed, started (or added to the one request); `stop` ends or removes it. */
  add(database: string, handlers: FeedHandlers): DatabaseFeed;
}

const welcomeSchema = z.object({ features: z.array(z.unknown()).optional() }).loose();
const infoSchema = z.object({ update_seq: z.union([z.string(), z.number()]) }).loose();
const errorSchema = z.object({ error: z.string(), reason: z.string().optional() });
const multiplexedSchema = z.object({
  databases: z.record(z.string(), z.union([changesPageSchema, errorSchema])),
});

/** How long `stop` waits for the request under way to end before it lets it go. */
const STOP_WAIT_MS = 2_000;
/** What each multiplexed error says in HTTP terms, as the database's own longpoll would answer. */
const STATUS_OF: Readonly<Record<string, number>> = {
  unauthorized: 401,
  forbidden: 403,
  illegal_database_name: 400,
};

interface Member {
  readonly handlers: FeedHandlers;
  /** The sequence its next page starts from; undefined until its update sequence is read. */
  since: string | undefined;
  /** Left out of the request until then (refused, or its start failed). */
  retryAt: number;
}

/**
 * What a server without the route answers it: Apache CouchDB takes `_mmm` for a database name
 * (400 `illegal_database_name`); a proxy in front may say 404 or 405.
 */
const ROUTE_MISSING = new Set([400, 404, 405, 501]);

/**
 * One request for every database of the set. `onRouteMissing`: the server answered the route as
 * one it does not have (an embedded server swapped for Apache CouchDB under a running app).
 */
const startMultiplexer = (options: DatabaseFeedsOptions, onRouteMissing: () => void) => {
  const members = new Map<string, Member>();
  /** The multiplexed request under way: ended when the set changes. */
  let request: AbortController | undefined;
  let running: Promise<void> | undefined;
  /** The set changed since the loop last looked: it looks again before it asks. */
  let dirty = false;
  const waiting = wakeablePause();
  // A function, not the variable: the loop's condition would make the compiler think it fixed.
  const isDirty = (): boolean => dirty;
  const isCurrent = (database: string, member: Member) => members.get(database) === member;
  const readJson = async (url: string, init?: RequestInit) => {
    const response = await options.fetch(url, init);
    if (!response.ok) {
      throw new RetryableSyncError(
        `${url.split('?')[0] ?? url} answered ${response.status}.`,
        response.status,
      );
    }
    return await answerJson(response);
  };

  /** A database's first sequence, as its own feed reads it; then its collections catch up. */
  const start = async (database: string, member: Member) => {
    try {
      const info = infoSchema.parse(await readJson(`${options.serverUrl}/${database}`));
      if (!isCurrent(database, member)) return;
      member.since = String(info.update_seq);
      member.handlers.onStarted();
    } catch (error) {
      if (!isCurrent(database, member)) return;
      member.handlers.onError(error);
      member.retryAt = Date.now() + options.retryTimeMs;
    }
  };

  const query = new URLSearchParams({
    style: 'all_docs',
    feed: 'longpoll',
    include_docs: 'true',
    limit: String(PULL_BATCH_SIZE),
  }).toString();

  const ask = async (asking: readonly (readonly [string, Member])[], signal: AbortSignal) => {
    const since = Object.fromEntries(asking.map(([database, member]) => [database, member.since]));
    const answer = multiplexedSchema.parse(
      await readJson(`${options.serverUrl}${MULTIPLEXED_PATH}?${query}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ since }),
        signal,
      }),
    );
    for (const [database, member] of asking) {
      const entry = answer.databases[database];
      // Untouched, or left while the request was out: what it brought is not taken.
      if (entry === undefined || !isCurrent(database, member)) continue;
      if ('error' in entry) {
        member.handlers.onError(
          new RetryableSyncError(
            `${database}/_changes answered ${STATUS_OF[entry.error] ?? 500} (${entry.reason ?? entry.error}).`,
            STATUS_OF[entry.error] ?? 500,
          ),
        );
        member.retryAt = Date.now() + options.retryTimeMs;
        continue;
      }
      const lastSeq = String(entry.last_seq);
      const docs = entry.results.flatMap((row) => (row.doc ? [row.doc] : []));
      if (docs.length > 0) await member.handlers.onChanges(docs, lastSeq);
      member.since = lastSeq;
    }
  };

  const run = async () => {
    while (members.size > 0) {
      dirty = false;
      const now = Date.now();
      const due = [...members].filter(([, member]) => member.retryAt <= now);
      await Promise.all(
        due.filter(([, member]) => member.since === undefined).map(([db, m]) => start(db, m)),
      );
      // Joined while those started: started too before the request goes out.
      if (isDirty()) continue;
      const asking = [...members].filter(
        ([, member]) => member.since !== undefined && member.retryAt <= Date.now(),
      );
      if (asking.length === 0) {
        const next = Math.min(...[...members.values()].map((member) => member.retryAt));
        if (members.size > 0) await waiting.pause(Math.max(0, Math.min(next - Date.now(), 60_000)));
        continue;
      }
      // A database left out (refused, its start failed) is asked again from its retry time on.
      const left = [...members.values()].filter((member) => member.retryAt > Date.now());
      const retry =
        left.length === 0
          ? undefined
          : setTimeout(changed, Math.min(...left.map((m) => m.retryAt)) - Date.now());
      const controller = new AbortController();
      request = controller;
      try {
        await ask(asking, controller.signal);
      } catch (error) {
        // Ended here: the set changed (asked again at once with the new one), or it stopped.
        if (controller.signal.aborted) continue;
        if (error instanceof RetryableSyncError && ROUTE_MISSING.has(error.status ?? 0)) {
          // Each database moves to a longpoll of its own (and leaves this set).
          onRouteMissing();
          continue;
        }
        for (const [database, member] of asking) {
          if (isCurrent(database, member)) member.handlers.onError(error);
        }
        // Tried again as one database's feed is: the server back is noticed at once.
        await waiting.pause(options.retryTimeMs);
      } finally {
        clearTimeout(retry);
        request = undefined;
      }
    }
  };

  /** The set changed: the request under way ends and is made again with the new set. */
  function changed() {
    dirty = true;
    request?.abort();
    waiting.wake();
    running ??= run().finally(() => {
      running = undefined;
      // Added while the loop was ending.
      if (members.size > 0) changed();
    });
  }

  return {
    add: (database: string, handlers: FeedHandlers): DatabaseFeed => {
      const member: Member = { handlers, since: undefined, retryAt: 0 };
      members.set(database, member);
      changed();
      return {
        stop: async () => {
          if (!isCurrent(database, member)) return;
          members.delete(database);
          changed();
          if (members.size > 0 || running === undefined) return;
          await Promise.race([
            running,
            new Promise((resolve) => setTimeout(resolve, STOP_WAIT_MS)),
          ]);
        },
      };
    },
  };
};

export const createDatabaseFeeds = (options: DatabaseFeedsOptions): DatabaseFeeds => {
  /** The feeds in the multiplexed request, each able to move to a longpoll of its own. */
  const onMultiplexer = new Set<() => void>();
  const multiplexer = startMultiplexer(options, () => {
    // The route's word over the welcome's, for the rest of the session (a later sign-in asks
    // again): a server that lists the feature and refuses the route is not asked in a loop.
    offered = Promise.resolve(false);
    for (const moveOut of [...onMultiplexer]) moveOut();
  });
  /** Whether the server offers the multiplexed feed: asked once it answers, kept for the session. */
  let offered: Promise<boolean> | undefined;
  const offersMultiplexing = () => {
    if (options.multiplex === false) return Promise.resolve(false);
    offered ??= (async () => {
      const response = await options.fetch(`${options.serverUrl}/`);
      if (!response.ok) throw new RetryableSyncError(`The server answered ${response.status}.`);
      const welcome = welcomeSchema.safeParse(await answerJson(response));
      return welcome.success && welcome.data.features?.includes(MULTIPLEXED_FEATURE) === true;
    })();
    // Not known while the server cannot be reached: asked again by the next feed that starts.
    offered.catch(() => (offered = undefined));
    return offered;
  };

  return {
    add: (database, handlers) => {
      let stopped = false;
      // A function, not the variable: the loop's condition would make the compiler think it fixed.
      const isStopped = (): boolean => stopped;
      let feed: DatabaseFeed | undefined;
      const retry = wakeablePause();
      const begin = async () => {
        while (!isStopped()) {
          try {
            const multiplexed = await offersMultiplexing();
            if (isStopped()) return;
            if (multiplexed) {
              feed = multiplexer.add(database, handlers);
              onMultiplexer.add(moveOut);
            } else {
              feed = startDatabaseFeed({
                url: `${options.serverUrl}/${database}`,
                fetch: options.fetch,
                retryTimeMs: options.retryTimeMs,
                ...handlers,
              });
            }
            return;
          } catch (error) {
            if (isStopped()) return;
            handlers.onError(error);
            await retry.pause(options.retryTimeMs);
          }
        }
      };
      /** The route is gone: this database's feed starts again as a longpoll of its own. */
      function moveOut() {
        onMultiplexer.delete(moveOut);
        const leaving = feed;
        feed = undefined;
        begun = (async () => {
          await leaving?.stop();
          await begin();
        })();
      }
      let begun = begin();
      return {
        stop: async () => {
          stopped = true;
          onMultiplexer.delete(moveOut);
          retry.wake();
          await begun;
          await feed?.stop();
        },
      };
    },
  };
};
