import { describe, expect, it } from 'vitest';
import { createServerConflictCheck } from './server-conflicts';
import type { ServerConflict } from './server-conflicts';

const details = (rev: string, fields: Record<string, unknown>) => ({
  _id: 'd1',
  _rev: rev,
  userId: 'mentor1',
  status: 'submitted',
  years: 3,
  ...fields,
});

describe('a conflict made on the server', () => {
  const approved = details('2-b', { status: 'approved', approvedBy: 'manager1' });
  const edited = details('2-a', { years: 7 });
  const row = { id: 'd1', doc: approved, changes: [{ rev: '2-b' }, { rev: '2-a' }] };
  const setup = (local: Record<string, unknown> | undefined) => {
    const lost: ServerConflict[] = [];
    const reads: string[] = [];
    const check = createServerConflictCheck({
      readLeaves: (_database, docId) => {
        reads.push(docId);
        return Promise.resolve([{ ok: approved }, { ok: edited }]);
      },
      localVersion: () => Promise.resolve(local),
      onLost: (conflict) => lost.push(conflict),
    });
    return { check, lost, reads };
  };
  const { _id: _i, _rev: _r, ...editedFields } = edited;
  const mine = { ...editedFields, id: 'd1' };

  it('records this machine’s version when it is the leaf that lost, once', async () => {
    const { check, lost } = setup(mine);
    await check('mmm-private-x-user-details', row);
    await check('mmm-private-x-user-details', row);
    expect(lost).toEqual([
      {
        database: 'mmm-private-x-user-details',
        docId: 'd1',
        localVersion: mine,
        serverVersion: expect.objectContaining({ status: 'approved', id: 'd1' }) as unknown,
      },
    ]);
  });

  it('records nothing when this machine holds the winner, another version, or nothing', async () => {
    const { _id: _a, _rev: _b, ...approvedFields } = approved;
    for (const local of [{ ...approvedFields, id: 'd1' }, { ...mine, years: 9 }, undefined]) {
      const { check, lost } = setup(local);
      await check('db', row);
      expect(lost).toEqual([]);
    }
  });

  it('does not look further when the server has one revision', async () => {
    const { check, reads } = setup(mine);
    await check('db', { ...row, changes: [{ rev: '2-b' }] });
    expect(reads).toEqual([]);
  });
});
