import { deepEqual } from 'rxdb/plugins/utils';
import type { RxConflictHandler, WithDeleted } from 'rxdb';
import type { CollectionName } from '../../../shared/schema';
import { resolveConflict } from '../../../shared/sync/conflicts';
import type { LostChange, SyncDoc } from '../../../shared/sync/conflicts';
import { conflictPolicies } from '../../../shared/sync/policies';

export type RecordLostChange = (
  collection: CollectionName,
  docId: string,
  lost: LostChange,
) => void;

/** What the conflict handler needs from sync: where losers go, and what this machine pushed. */
export interface ConflictHooks {
  readonly recordLost: RecordLostChange;
  /**
   * Whether a server version is exactly what this machine last pushed. Measured (bench:sync): the
   * echo of a client's own push can meet its next edit with an older base, which is no conflict.
   */
  readonly isOwnWrite: (collection: CollectionName, serverDoc: Record<string, unknown>) => boolean;
  /**
   * Whether the server would take a merged version on top of its own, as the person signed in:
   * null, or its reason to refuse (shared/domain's checkWrite). Missing: every merge is sent.
   */
  readonly accepts?: (
    collection: CollectionName,
    resolved: SyncDoc,
    server: SyncDoc,
  ) => string | null;
  /**
   * Whether a version from the server is older than one the server is known to have (the sync
   * engine's knowledge of its writes and reads). Missing: none is.
   */
  readonly superseded?: (collection: CollectionName, serverDoc: Record<string, unknown>) => boolean;
}

/**
 * RxDB's question, just before the downstream writes a version from the server over the local
 * one (which then equals what the server last had from or gave this machine): "are they equal?"
 * — yes means nothing is written. RxDB keeps changes from the server while a push is under way
 * and puts them in place afterwards, so a change read before the push wrote can be older than
 * the push by then (measured: a submitted report went back to a draft, and the author could then
 * discard it). Here, and only here, the fetch wrapper's knowledge is fresh.
 */
const DOWNSTREAM_WRITE_CHECK = 'downstream-check-if-equal-1';

export const withoutBookkeeping = (doc: object): Record<string, unknown> => {
  const { _meta: _m, _rev: _r, _attachments: _a, ...fields } = doc as Record<string, unknown>;
  return fields;
};

/**
 * RxDB's conflict handler for one collection: the collection's policy decides (shared/sync), and
 * whatever loses is handed to `recordLost`, so nothing disappears without a record.
 */
export const createConflictHandler = <T>(
  collection: CollectionName,
  hooks: ConflictHooks,
): RxConflictHandler<T> => ({
  isEqual: (a, b, context) =>
    deepEqual(withoutBookkeeping(a), withoutBookkeeping(b)) ||
    (context === DOWNSTREAM_WRITE_CHECK &&
      hooks.superseded?.(collection, withoutBookkeeping(a)) === true),
  resolve: (input) => {
    // The server holds our own last push: nobody else wrote since, so our newer version stands.
    if (hooks.isOwnWrite(collection, withoutBookkeeping(input.realMasterState))) {
      return Promise.resolve(input.newDocumentState);
    }
    const accepts = hooks.accepts;
    const outcome = resolveConflict(
      conflictPolicies[collection],
      {
        local: withoutBookkeeping(input.newDocumentState) as SyncDoc,
        server: withoutBookkeeping(input.realMasterState) as SyncDoc,
        base: input.assumedMasterState
          ? (withoutBookkeeping(input.assumedMasterState) as SyncDoc)
          : undefined,
      },
      accepts && ((resolved, server) => accepts(collection, resolved, server)),
    );
    if (outcome.lost) {
      const id = (input.newDocumentState as { id?: unknown }).id;
      hooks.recordLost(collection, typeof id === 'string' ? id : '', outcome.lost);
    }
    return Promise.resolve(outcome.resolved as unknown as WithDeleted<T>);
  },
});
