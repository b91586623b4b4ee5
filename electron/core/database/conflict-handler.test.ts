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

/** The recorder's hooks and a handler of one collection whose losses are collected in `lost`. */
const handlerFor = <T>(collection: 'tasks' | 'programmes') => {
  const hooks = createConflictRecorder(silentLogger);
  const lost: LostChange[] = [];
  const handler = createConflictHandler<T>(collection, {
    ...hooks,
    recordLost: (_c, _d, l) => lost.push(l),
  });
  return { hooks, lost, handler };
};

describe('conflict handler', () => {
  it('treats the echo of this machine’s own last push as no conflict: the newer local edit stands', async () => {
    const { hooks, lost, handler } = handlerFor<ReturnType<typeof task>>('tasks');
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
    const { hooks, lost, handler } = handlerFor<ReturnType<typeof task>>('tasks');
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

describe('conflict handler, as the person signed in', () => {
  const programme = {
    id: 'p1',
    name: 'Frontend',
    description: 'Old',
    createdBy: 'manager1',
    status: 'active',
    dateCreated: '2026-01-01T00:00:00.000Z',
    criteria: [],
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    _deleted: false,
  };

  it('does not send a merge the server would refuse: an edit of a programme archived meanwhile gives way, recorded', async () => {
    const { hooks, lost, handler } = handlerFor<typeof programme>('programmes');
    hooks.attach(
      {
        issues$: undefined as never,
        current: () => [],
        record: () => Promise.resolve(),
        dismiss: () => Promise.resolve(),
      },
      { name: 'manager1', roles: ['manager'] },
    );
    const edited = { ...programme, description: 'New', updatedAt: '2026-01-02T00:00:00.000Z' };
    const archived = {
      ...programme,
      status: 'archived',
      archivedBy: 'admin1',
      dateArchived: '2026-01-02T00:05:00.000Z',
      transitions: [
        { from: 'active', to: 'archived', by: 'admin1', at: '2026-01-02T00:05:00.000Z' },
      ],
    };
    const resolved = await handler.resolve(
      { assumedMasterState: programme, realMasterState: archived, newDocumentState: edited },
      'test',
    );
    // The field merge alone would send the edit on top of the archive: the server refuses that.
    expect(resolved).toEqual(archived);
    expect(lost.map((l) => [l.kind, l.fields])).toEqual([['refused', ['description']]]);
    expect(lost[0]?.message).toMatch(/An archived programme is read-only/);
    expect(lost[0]?.localVersion['description']).toBe('New');
  });
});

describe('conflict handler, after the server replaced the local version', () => {
  it('no longer takes this machine’s last push for the base: the newer push is not overwritten', async () => {
    const { hooks, lost, handler } = handlerFor<ReturnType<typeof task>>('tasks');
    // Pushed "edit 2"; then an out-of-date echo of "edit 1" came down over it, and an edit of
    // the description followed on top of that.
    hooks.rememberPushed('tasks', task('edit 2', '2-b'));
    hooks.rememberPulled('tasks', task('edit 1', '3-a'));
    const resolved = await handler.resolve(
      {
        assumedMasterState: task('edit 1', '3-a'),
        realMasterState: task('edit 2', '2-x'),
        newDocumentState: { ...task('edit 1', '4-c'), description: 'edited after' },
      },
      'test',
    );
    expect(resolved).toMatchObject({ title: 'edit 2', description: 'edited after' });
    expect(lost).toEqual([]);
  });
});

describe('conflict handler: versions from the server RxDB is about to put in place', () => {
  it('calls a version older than one the server is known to have equal, so RxDB does not write it', () => {
    const { hooks, handler } = handlerFor<ReturnType<typeof task>>('tasks');
    const older = task('edit 1', '1-a');
    hooks.follow({ superseded: (_collection, doc) => doc['title'] === 'edit 1' });
    // Just before the downstream writes: the echo of an earlier push over the pushed edit 2.
    expect(handler.isEqual(older, task('edit 2', '2-b'), 'downstream-check-if-equal-1')).toBe(true);
    // Nowhere else: a push's comparison or the question whether local changes are waiting.
    expect(handler.isEqual(older, task('edit 2', '2-b'), 'couchdb-push-1')).toBe(false);
    expect(handler.isEqual(older, task('edit 2', '2-b'), 'downstream-check-if-equal-0')).toBe(
      false,
    );
    // A current version is written as before.
    expect(
      handler.isEqual(task('edit 3', '3-c'), task('edit 2', '2-b'), 'downstream-check-if-equal-1'),
    ).toBe(false);
  });
});
