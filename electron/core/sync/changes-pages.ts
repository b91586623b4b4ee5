import { z } from 'zod';
import { answerJson, changesPageSchema } from './couch-answers';
import type { Fields } from './couch-docs';

/**
 * A database's changes as the collections catching up read them, each page fetched once however
 * many collections live in the database. Every collection keeps its own checkpoint (a sequence
 * per database) and asks for the page after it; collections that start together (a first sign-in,
 * a programme joined, the feeds started again) ask for the same pages, the same size, in the same
 * order — so a page asked for is kept until each collection of the database has had it. An
 * admin's first catch-up read every programme's database once per collection before (tasks,
 * reports, messages, threads, chats: five times).
 */
export interface ChangesPage {
  readonly docs: readonly Fields[];
  readonly lastSeq: string;
  /** The server had no more: stopping here leaves no gap. */
  readonly complete: boolean;
}

export interface ChangesPages {
  read(database: string, since: string, limit: number): Promise<ChangesPage>;
  /**
   * Starts reading the page after `since` and keeps it for the collections that will ask: a
   * catch-up asks for it once it has stored the page before, so the server answers meanwhile.
   */
  prefetch(database: string, since: string, limit: number): void;
  /**
   * Drops the database's kept pages: called as its feed starts (a catch-up must reach at least the
   * sequence the feed starts from, and a page read before may end short of it while saying it is
   * complete) and as it brings changes (a page read before may hold their older versions, which a
   * catch-up handed it afterwards would put back).
   */
  forget(database: string): void;
}

const changesSchema = changesPageSchema.extend({
  /** couch-fetch's word on whether the server had no more (its answer can be short without). */
  mmm_complete: z.boolean().optional(),
});

/** How long a page waits for the collections that have not had it (one whose checkpoint differs never asks). */
const KEPT_MS = 10_000;

export const createChangesPages = (options: {
  readonly serverUrl: string;
  /** The sync fetch wrapper (couch-fetch.ts). */
  readonly fetch: typeof fetch;
  /** How many collections read a database now: that many readers of each of its pages. */
  readonly readers: (database: string) => number;
}): ChangesPages => {
  const base = options.serverUrl.replace(/\/+$/, '');
  const kept = new Map<
    string,
    { page: Promise<ChangesPage>; left: number; timer: ReturnType<typeof setTimeout> }
  >();
  const forget = (key: string) => {
    const entry = kept.get(key);
    if (!entry) return;
    clearTimeout(entry.timer);
    kept.delete(key);
  };

  const fetchPage = async (database: string, since: string, limit: number) => {
    const query = new URLSearchParams({
      style: 'all_docs',
      feed: 'normal',
      include_docs: 'true',
      since,
      limit: String(limit),
    });
    const response = await options.fetch(`${base}/${database}/_changes?${query.toString()}`);
    if (!response.ok) throw new Error(`${database}/_changes answered ${response.status}.`);
    const answer = changesSchema.parse(await answerJson(response));
    return {
      docs: answer.results.flatMap((row) => (row.doc ? [row.doc] : [])),
      lastSeq: String(answer.last_seq),
      complete: answer.mmm_complete ?? answer.results.length < limit,
    };
  };

  const keyOf = (database: string, since: string, limit: number) =>
    `${database}\n${since}\n${String(limit)}`;
  /** Fetches a page and keeps it for `left` readers. */
  const keep = (key: string, page: Promise<ChangesPage>, left: number) => {
    const timer = setTimeout(() => forget(key), KEPT_MS);
    // A page kept never keeps the process alive (the app, or a test, may be closing).
    timer.unref();
    kept.set(key, { page, left, timer });
    // A failed read is not handed on: the next collection asks the server again.
    page.catch(() => forget(key));
  };

  return {
    forget: (database) => {
      for (const key of [...kept.keys()]) if (key.startsWith(`${database}\n`)) forget(key);
    },
    read: (database, since, limit) => {
      const key = keyOf(database, since, limit);
      const entry = kept.get(key);
      if (entry) {
        entry.left -= 1;
        if (entry.left <= 0) forget(key);
        return entry.page;
      }
      const page = fetchPage(database, since, limit);
      const left = options.readers(database) - 1;
      if (left > 0) keep(key, page, left);
      return page;
    },
    prefetch: (database, since, limit) => {
      const key = keyOf(database, since, limit);
      if (kept.has(key) || options.readers(database) <= 0) return;
      keep(key, fetchPage(database, since, limit), options.readers(database));
    },
  };
};
