import { deepEqual } from 'rxdb/plugins/utils';

/**
 * What one client knows of the server's versions of its documents, per database (keyed by
 * database, not collection: a collection may replicate with several), so the fetch wrapper can
 * keep RxDB from acting on out-of-date ones.
 */

type Doc = Record<string, unknown>;

/**
 * A document's content, whatever revision bookkeeping it carries (`_deleted: false` is none), and
 * whether it is written as CouchDB holds it (`_id`) or as RxDB does (`id`, `_meta`).
 */
const contentOf = (doc: Doc) => {
  const {
    _id: couchId,
    _rev: _r,
    _revisions: _v,
    _meta: _m,
    _attachments: _a,
    _deleted: deleted,
    ...fields
  } = doc;
  const withId = couchId === undefined ? fields : { ...fields, id: couchId };
  return deleted === true ? { ...withId, _deleted: true } : withId;
};

const generationOf = (rev: unknown) =>
  typeof rev === 'string' ? Number.parseInt(rev.split('-')[0] ?? '', 10) || 0 : 0;

const inner = <K, V>(outer: Map<string, Map<K, V>>, database: string) => {
  let map = outer.get(database);
  if (!map) {
    map = new Map();
    outer.set(database, map);
  }
  return map;
};

export type ServerVersions = ReturnType<typeof createServerVersions>;

export const createServerVersions = () => {
  /**
   * The newest revision generation of each document the server is known to have: from this
   * client's writes, its reads, and the changes it took. A change carrying an older one is out of
   * date (measured: a longpoll answer with this client's previous write arrived after its next
   * write was pushed, and RxDB put the older version over the newer one).
   */
  const generations = new Map<string, Map<string, number>>();
  /** The contents the server is known to have at that newest generation (several: a conflict). */
  const newestContents = new Map<string, Map<string, Doc[]>>();
  /**
   * The versions RxDB's push read last. A resolved conflict whose result is the server's own
   * version is pushed anyway; writing it again would only add a revision, which wakes every
   * installation and which the rules may refuse as a change (an archived programme is read-only).
   */
  const masters = new Map<string, Map<string, Doc>>();
  /** Writes under way: a `_changes` answer waits for them and is filtered again. */
  const writing = new Map<string, Map<Promise<unknown>, true>>();

  return {
    /** A revision the server has, with the document when it is known (its content, for `superseded`). */
    learn: (database: string, id: string | undefined, rev: unknown, doc?: Doc | null) => {
      const generation = generationOf(rev);
      if (id === undefined || generation === 0) return;
      const known = inner(generations, database);
      const newest = known.get(id) ?? 0;
      if (generation < newest) return;
      const contents = inner(newestContents, database);
      if (generation > newest) {
        known.set(id, generation);
        contents.set(id, []);
      }
      const content = doc ? contentOf(doc) : undefined;
      const seen = contents.get(id) ?? [];
      if (content && !seen.some((other) => deepEqual(other, content))) {
        contents.set(id, [...seen, content]);
      }
    },
    outdated: (database: string, id: string, rev: unknown) =>
      generationOf(rev) < (generations.get(database)?.get(id) ?? 0),
    /**
     * Whether a version, as RxDB holds it (no revision: the replication drops it), is not one the
     * server has at the newest generation known: an older one. RxDB keeps changes from the server
     * while a push is under way and puts them in place afterwards, so one that was current when the
     * wrapper let it through can be older than the push by then; RxDB asks the conflict handler
     * whether it equals the local version just before it writes it (conflict-handler.ts).
     * Unknown content at the newest generation (never read) says nothing: false.
     */
    superseded: (database: string, doc: Doc) => {
      const newest = newestContents.get(database)?.get(String(doc['id'] ?? doc['_id']));
      if (!newest || newest.length === 0) return false;
      const content = contentOf(doc);
      return !newest.some((known) => deepEqual(known, content));
    },

    /** The versions a push read (a POST `_all_docs`), for `unchanged`. */
    readForPush: (database: string, docs: readonly Doc[]) => {
      masters.set(database, new Map(docs.map((doc) => [String(doc['_id']), doc])));
    },
    /** The server's version of a document as the last push read it (a refused write's base). */
    readForPushOf: (database: string, id: string): Doc | undefined =>
      masters.get(database)?.get(id),
    /** Whether a row of a write is the very version the push read, on its revision. */
    unchanged: (database: string, doc: Doc) => {
      const master = masters.get(database)?.get(String(doc['_id']));
      return (
        master !== undefined &&
        master['_rev'] === doc['_rev'] &&
        deepEqual(contentOf(master), contentOf(doc))
      );
    },

    whileWriting: <T>(database: string, work: Promise<T>): Promise<T> => {
      const pending = inner(writing, database);
      const settled = work.catch(() => undefined);
      pending.set(settled, true);
      void settled.then(() => pending.delete(settled));
      return work;
    },
    writesSettled: async (database: string) => {
      await Promise.all([...(writing.get(database)?.keys() ?? [])]);
    },
  };
};
