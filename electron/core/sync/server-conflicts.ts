import { deepEqual } from 'rxdb/plugins/utils';
import { z } from 'zod';
import { jsonObject } from './couch-answers';

/**
 * CouchDB conflict revisions, as a client meets them. The apps' own writes never make them (a
 * stale write gets 409 and is merged), but the server's replication between a person's private
 * databases and the hubs does: a mentor's edit of their details landing in their database in the
 * same instant a manager's approval lands in the hub become two revisions of one document, one of
 * which wins everywhere while CouchDB keeps the other out of sight (`_conflicts`). The changes feed
 * names every leaf revision (RxDB asks for `style=all_docs`); when this machine's own version is a
 * leaf that lost, it is recorded like any conflict loser before RxDB puts the winner in its place.
 */

type Doc = Record<string, unknown>;

export interface ServerConflict {
  readonly database: string;
  readonly docId: string;
  /** This machine's version, which lost. */
  readonly localVersion: Doc;
  /** The version that stands. */
  readonly serverVersion: Doc;
}

export interface ServerConflictDeps {
  /** The server's answer to `GET /db/id?open_revs=all`: every leaf revision of a document. */
  readonly readLeaves: (database: string, docId: string) => Promise<unknown>;
  /** This machine's version of a document (its fields, `id` included), if any. */
  readonly localVersion: (database: string, docId: string) => Promise<Doc | undefined>;
  readonly onLost: (conflict: ServerConflict) => void;
}

const leavesSchema = z.array(z.object({ ok: jsonObject.optional() }).loose());

/** A version as the app holds it: its fields and `id`, none of CouchDB's bookkeeping. */
export const appVersionOf = (doc: Doc): Doc => {
  const fields = Object.fromEntries(Object.entries(doc).filter(([key]) => !key.startsWith('_')));
  return typeof doc['_id'] === 'string' ? { ...fields, id: doc['_id'] } : fields;
};

const leafRevisions = (row: { readonly changes?: unknown }): string[] =>
  Array.isArray(row.changes)
    ? row.changes.flatMap((change: unknown) => {
        const rev = (change as { rev?: unknown } | null)?.rev;
        return typeof rev === 'string' ? [rev] : [];
      })
    : [];

export const createServerConflictCheck = (deps: ServerConflictDeps) => {
  /** Losing revisions already recorded (the feed may bring the same document again). */
  const recorded = new Set<string>();
  return async (
    database: string,
    row: { readonly id: string; readonly doc?: Doc | null; readonly changes?: unknown },
  ) => {
    const winner = row.doc;
    if (!winner || leafRevisions(row).length < 2) return;
    const local = await deps.localVersion(database, row.id);
    const winning = appVersionOf(winner);
    if (!local || deepEqual(local, winning)) return;
    const parsed = leavesSchema.safeParse(await deps.readLeaves(database, row.id));
    const leaves = parsed.success ? parsed.data.flatMap((leaf) => (leaf.ok ? [leaf.ok] : [])) : [];
    const lostLeaf = leaves.find(
      (leaf) =>
        leaf['_deleted'] !== true &&
        leaf['_rev'] !== winner['_rev'] &&
        deepEqual(appVersionOf(leaf), local),
    );
    const key = `${database}\u0000${row.id}\u0000${String(lostLeaf?.['_rev'])}`;
    if (!lostLeaf || recorded.has(key)) return;
    recorded.add(key);
    deps.onLost({ database, docId: row.id, localVersion: local, serverVersion: winning });
  };
};
