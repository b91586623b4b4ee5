import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { afterEach, describe, expect, it } from 'vitest';
import type { SyncIssue } from '../../../shared/contract';
import { openAppDatabase } from '../database/app-database';
import type { AppDatabase } from '../database/app-database';
import { systemClock } from '../platform/clock';
import { silentLogger } from '../platform/logger';
import { MAX_SYNC_ISSUES, createConflictRecorder, createSyncIssueStore } from './sync-issues';

type Record_ = Omit<SyncIssue, 'id' | 'createdAt'>;
const conflict = (docId: string, title: string, fields = ['title']): Record_ => ({
  kind: 'conflict',
  collection: 'tasks',
  docId,
  message: 'Changed on two machines.',
  fields,
  localVersion: { id: docId, title },
});

let database: AppDatabase | undefined;
const open = async (name = `issues-${Math.random().toString(36).slice(2)}`) => {
  database = await openAppDatabase({
    storage: getRxStorageMemory(),
    name,
    conflicts: createConflictRecorder(silentLogger),
  });
  return database;
};
afterEach(async () => {
  await database?.close();
});

describe('the sync issue store', () => {
  it('keeps every conflict record of a document, each with its own id, across a reopen', async () => {
    const db = await open();
    const store = await createSyncIssueStore(db, systemClock);
    await store.record(conflict('t1', 'B-1'));
    await store.record(conflict('t1', 'A-1', ['dueDate']));
    // The same loss met twice (a push retried) is one record.
    await store.record(conflict('t1', 'B-1'));
    const kept = store.current();
    expect(kept.map((issue) => issue.localVersion['title'])).toEqual(['B-1', 'A-1']);
    expect(new Set(kept.map((issue) => issue.id)).size).toBe(2);

    const again = await createSyncIssueStore(db, systemClock);
    expect(again.current()).toEqual(kept);
    await again.record(conflict('t1', 'C-1'));
    expect(new Set(again.current().map((issue) => issue.id)).size).toBe(3);
    await again.dismiss(kept[0]?.id ?? '');
    expect(again.current().map((issue) => issue.localVersion['title'])).toEqual(['A-1', 'C-1']);
  });

  it('keeps one refusal per document: the newest, about what the document is now', async () => {
    const store = await createSyncIssueStore(await open(), systemClock);
    const rejected = (reason: string): Record_ => ({
      ...conflict('t1', reason),
      kind: 'rejected',
      message: reason,
    });
    await store.record(rejected('first'));
    await store.record(conflict('t1', 'mine'));
    await store.record(rejected('second'));
    expect(store.current().map((issue) => [issue.kind, issue.message])).toEqual([
      ['conflict', 'Changed on two machines.'],
      ['rejected', 'second'],
    ]);
  });

  it('past the bound drops misfits first, then the oldest, and says so in a dropped record', async () => {
    const store = await createSyncIssueStore(await open(), systemClock);
    const invalid: Record_ = { ...conflict('x', 'misfit'), kind: 'invalid' };
    await store.record(invalid);
    for (let index = 0; index < MAX_SYNC_ISSUES + 1; index++) {
      await store.record(conflict(`t${index}`, `v${index}`));
    }
    const issues = store.current();
    expect(issues).toHaveLength(MAX_SYNC_ISSUES);
    const [dropped] = issues;
    expect(dropped?.kind).toBe('dropped');
    expect(dropped?.localVersion['count']).toBe(3);
    expect(dropped?.message).toMatch(/^3 older sync records/);
    expect(dropped?.localVersion['records']).toEqual([
      { kind: 'invalid', collection: 'tasks', docId: 'x' },
      { kind: 'conflict', collection: 'tasks', docId: 't0' },
      { kind: 'conflict', collection: 'tasks', docId: 't1' },
    ]);
    expect(issues.some((issue) => issue.docId === 'x')).toBe(false);
    expect(issues.at(-1)?.docId).toBe(`t${MAX_SYNC_ISSUES}`);
  }, 120_000);
});
