import type { CollectionName } from '../../../../shared/schema';

/**
 * One numbered, forward-only step of the local database's schemas (`NNNN-what-it-does.ts`): the
 * collections it brings to a new schema version, and what it does to each stored document of
 * theirs. RxDB runs it when a database of an older version opens; documents the replication
 * keeps for itself (what the server is assumed to hold) go through it too.
 */
export interface Migration {
  readonly name: string;
  /** The schema version each collection has after this step. */
  readonly toVersion: Partial<Record<CollectionName, number>>;
  /** The document at the new version (null: drop it). */
  readonly migrate: (doc: Record<string, unknown>) => Record<string, unknown> | null;
}
