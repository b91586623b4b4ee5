import { z } from 'zod';
import { answerJson, changesPageSchema } from './couch-answers';
import { PULL_BATCH_SIZE } from './batch-sizes';
import type { Fields } from './couch-docs';

/**
 * One live changes feed per server database, however many collections the database holds: the
 * app's installation keeps one longpoll open per database it may read (DESIGN §3 "Sync"). What it
 * brings is handed on (the sync engine routes each document to its collection's replication).
 *
 * It starts from the database's own update sequence, read when the feed starts, and only then
 * asks the collections to catch up (`onStarted`): whatever was written before that point the
 * catch-up pulls, whatever after it the feed brings, so nothing written while the feed was down
 * is skipped (a catch-up that ended before the feed read its sequence would leave a gap). After a
 * failure it carries on from the last sequence it was given.
 */
export interface DatabaseFeedOptions {
  /** The database's URL: `http://server/mmm-org`. */
  readonly url: string;
  /** The sync fetch wrapper (couch-fetch.ts): credentials, timeouts, CouchDB's pitfalls. */
  readonly fetch: typeof fetch;
  readonly retryTimeMs: number;
  /** The feed knows where it starts: time for the collections to catch up from their checkpoints. */
  readonly onStarted: () => void;
  /** Changed documents, in the server's order, with the sequence they bring the feed to. */
  readonly onChanges: (docs: readonly Fields[], lastSeq: string) => Promise<void>;
  readonly onError: (error: unknown) => void;
}

export interface DatabaseFeed {
  stop(): Promise<void>;
}

const infoSchema = z.object({ update_seq: z.union([z.string(), z.number()]) }).loose();

/** A wait that something else can cut short (a feed stopped, a set changed). */
export const wakeablePause = () => {
  let wake: (() => void) | undefined;
  return {
    pause: (ms: number) =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          wake = undefined;
          resolve();
        }, ms);
        wake = () => {
          wake = undefined;
          clearTimeout(timer);
          resolve();
        };
      }),
    wake: () => {
      wake?.();
    },
  };
};

/** How long `stop` waits for the request under way to end before it lets it go. */
const STOP_WAIT_MS = 2_000;

export const startDatabaseFeed = (options: DatabaseFeedOptions): DatabaseFeed => {
  let stopped = false;
  // A function, not the variable: the loop's condition would make the compiler think it fixed.
  const isStopped = (): boolean => stopped;
  /** The request under way: one signal each, so none outlives its request. */
  let request: AbortController | undefined;
  const retry = wakeablePause();

  const readJson = async (url: string) => {
    request = new AbortController();
    const response = await options.fetch(url, { signal: request.signal });
    if (!response.ok) throw new Error(`${url.split('?')[0] ?? url} answered ${response.status}.`);
    return await answerJson(response);
  };

  const run = async () => {
    let since: string | undefined;
    while (!isStopped()) {
      try {
        if (since === undefined) {
          since = String(infoSchema.parse(await readJson(options.url)).update_seq);
          if (isStopped()) return;
          options.onStarted();
        }
        const query = new URLSearchParams({
          style: 'all_docs',
          feed: 'longpoll',
          since,
          include_docs: 'true',
          limit: String(PULL_BATCH_SIZE),
        });
        const answer = changesPageSchema.parse(
          await readJson(`${options.url}/_changes?${query.toString()}`),
        );
        if (isStopped()) return;
        const lastSeq = String(answer.last_seq);
        const docs = answer.results.flatMap((row) => (row.doc ? [row.doc] : []));
        if (docs.length > 0) await options.onChanges(docs, lastSeq);
        since = lastSeq;
      } catch (error) {
        if (isStopped()) return;
        options.onError(error);
        // Tried again as RxDB tries its replications again: a few feeds every few seconds is
        // little, and the server back is noticed at once.
        await retry.pause(options.retryTimeMs);
      }
    }
  };
  const running = run();

  return {
    stop: async () => {
      stopped = true;
      request?.abort();
      retry.wake();
      // What the request brings after this is dropped; a request that does not end when aborted
      // (seen now and then with Node's fetch, a longpoll of the embedded server) is let go.
      await Promise.race([running, new Promise((resolve) => setTimeout(resolve, STOP_WAIT_MS))]);
    },
  };
};
