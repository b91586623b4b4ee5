import { describe, expect, it } from 'vitest';
import type { LostChange } from '../../../shared/sync/conflicts';
import { createConflictRecorder } from '../sync/sync-issues';
import { silentLogger } from '../platform/logger';
import { createConflictHandler } from './conflict-handler';

const task = (title: string, rev: string) => ({
  id: 't1',
  title,
  description: 'd',
  updatedAt: '2026-01-01T00:00:00.000Z',
  _deleted: false,
  _rev: rev,
  _meta: { lwt: 1 },
});

describe('conflict handler', () => {
  it('treats the echo of this machine’s own last push as no conflict: the newer local edit stands', async () => {
    const hooks = createConflictRecorder(silentLogger);
    const lost: LostChange[] = [];
    const handler = createConflictHandler<ReturnType<typeof task>>('tasks', {
      ...hooks,
      recordLost: (_c, _d, l) => lost.push(l),
    });
    // Edit 2 was pushed; edit 3 is local; the base RxDB hands over is still edit 1.
    hooks.rememberPushed('tasks', task('edit 2', '2-b'));
    const resolved = await handler.resolve(
      {
        assumedMasterState: task('edit 1', '1-a'),
        realMasterState: task('edit 2', '2-x'),
        newDocumentState: task('edit 3', '3-c'),
      },
      'test',
    );
    expect(resolved.title).toBe('edit 3');
    expect(lost).toEqual([]);
  });

  it('still resolves and records a real conflict with another machine', async () => {
    const hooks = createConflictRecorder(silentLogger);
    const lost: LostChange[] = [];
    const handler = createConflictHandler<ReturnType<typeof task>>('tasks', {
      ...hooks,
      recordLost: (_c, _d, l) => lost.push(l),
    });
    hooks.rememberPushed('tasks', task('edit 1', '1-a'));
    const resolved = await handler.resolve(
      {
        assumedMasterState: task('edit 1', '1-a'),
        realMasterState: task('theirs', '2-x'),
        newDocumentState: task('mine', '2-c'),
      },
      'test',
    );
    expect(resolved.title).toBe('theirs');
    expect(lost.map((l) => l.localVersion['title'])).toEqual(['mine']);
  });
});
