import { deepEqual } from 'rxdb/plugins/utils';

/**
 * What one client knows of the server's versions of its documents, per database (keyed by
 * database, not collection: a collection may replicate with several), so the fetch wrapper can
 * keep RxDB from acting on out-of-date ones.
 */

type Doc = Record<string, unknown>;

/** A document's content, whatever revision bookkeeping it carries (`_deleted: false` is none). */
const contentOf = (doc: Doc) => {
  const { _rev: _r, _revisions: _v, _deleted: deleted, ...fields } = doc;
  return deleted === true ? { ...fields, _deleted: true } : fields;
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

export const createServerVersions = () => {
  /**
   * The newest revision generation of each document the server is known to have: from this
   * client's writes, its reads, and the changes it took. A change carrying an older one is out of
   * date (measured: a longpoll answer with this client's previous write arrived after its next
   * write was pushed, and RxDB put the older version over the newer one).
   */
  const generations = new Map<string, Map<string, number>>();
  /**
   * The versions RxDB's push read last. A resolved conflict whose result is the server's own
   * version is pushed anyway; writing it again would only add a revision, which wakes every
   * installation and which the rules may refuse as a change (an archived programme is read-only).
   */
  const masters = new Map<string, Map<string, Doc>>();
  /** Writes under way: a `_changes` answer waits for them and is filtered again. */
  const writing = new Map<string, Map<Promise<unknown>, true>>();

  return {
    learn: (database: string, id: string | undefined, rev: unknown) => {
      const generation = generationOf(rev);
      if (id === undefined || generation === 0) return;
      const known = inner(generations, database);
      if (generation > (known.get(id) ?? 0)) known.set(id, generation);
    },
    outdated: (database: string, id: string, rev: unknown) =>
      generationOf(rev) < (generations.get(database)?.get(id) ?? 0),

    /** The versions a push read (a POST `_all_docs`), for `unchanged`. */
    readForPush: (database: string, docs: readonly Doc[]) => {
      masters.set(database, new Map(docs.map((doc) => [String(doc['_id']), doc])));
    },
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
