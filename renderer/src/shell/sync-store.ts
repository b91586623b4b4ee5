import { useEffect } from 'react';
import { create } from 'zustand';
import type { SyncIssue, SyncStatus } from '../../../shared/contract';
import type { CollectionName } from '../../../shared/schema';
import { hostClient } from '../host/host-client';

interface SyncStore {
  readonly status: SyncStatus | null;
  readonly issues: readonly SyncIssue[];
}

/** One subscription to the sync state for the whole shell; screens read it from here. */
export const useSyncStore = create<SyncStore>(() => ({ status: null, issues: [] }));

/** Keeps the store fed while the signed-in shell is mounted. */
export const useSyncFeed = (): void => {
  useEffect(() => {
    const stopStatus = hostClient.watch('sync.status', {}, (result) => {
      if (result.ok) useSyncStore.setState({ status: result.value });
    });
    const stopIssues = hostClient.watch('sync.issues', {}, (result) => {
      if (result.ok) useSyncStore.setState({ issues: result.value });
    });
    return () => {
      stopStatus();
      stopIssues();
    };
  }, []);
};

/** Whether a document has local changes not yet on the server ("not synced yet"). */
export const useIsPending = (collection: CollectionName, id: string): boolean =>
  useSyncStore((store) => store.status?.pendingIds[collection]?.includes(id) ?? false);

/** The sync issue about a document, if any (a refusal by the server, a conflict). */
export const useIssueFor = (collection: CollectionName, id: string): SyncIssue | undefined =>
  useSyncStore((store) =>
    store.issues.find((issue) => issue.collection === collection && issue.docId === id),
  );
