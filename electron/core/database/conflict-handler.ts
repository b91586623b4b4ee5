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

const withoutBookkeeping = (doc: object): Record<string, unknown> => {
  const { _meta: _m, _rev: _r, _attachments: _a, ...fields } = doc as Record<string, unknown>;
  return fields;
};

/**
 * RxDB's conflict handler for one collection: the collection's policy decides (shared/sync), and
 * whatever loses is handed to `recordLost`, so nothing disappears without a record.
 */
export const createConflictHandler = <T>(
  collection: CollectionName,
  recordLost: RecordLostChange,
): RxConflictHandler<T> => ({
  isEqual: (a, b) => deepEqual(withoutBookkeeping(a), withoutBookkeeping(b)),
  resolve: (input) => {
    const outcome = resolveConflict(conflictPolicies[collection], {
      local: withoutBookkeeping(input.newDocumentState) as SyncDoc,
      server: withoutBookkeeping(input.realMasterState) as SyncDoc,
      base: input.assumedMasterState
        ? (withoutBookkeeping(input.assumedMasterState) as SyncDoc)
        : undefined,
    });
    if (outcome.lost) {
      const id = (input.newDocumentState as { id?: unknown }).id;
      recordLost(collection, typeof id === 'string' ? id : '', outcome.lost);
    }
    return Promise.resolve(outcome.resolved as unknown as WithDeleted<T>);
  },
});
