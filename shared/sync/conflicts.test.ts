import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resolveConflict } from './conflicts';
import type { ConflictPolicy, SyncDoc } from './conflicts';
import { conflictPolicies } from './policies';

const doc = (fields: Record<string, unknown>): SyncDoc => ({ _deleted: false, ...fields });

const base = doc({
  id: 't1',
  title: 'Plan',
  description: 'Old',
  status: 'pending',
  updatedAt: '2026-01-01T00:00:00Z',
});

describe('field merge', () => {
  const policy = conflictPolicies.tasks;

  it('keeps changes to different fields from both sides', () => {
    const local = { ...base, title: 'Plan v2', updatedAt: '2026-01-02T00:00:00Z' };
    const server = { ...base, status: 'in_progress', updatedAt: '2026-01-03T00:00:00Z' };
    const outcome = resolveConflict(policy, { local, server, base });
    expect(outcome.resolved).toMatchObject({
      title: 'Plan v2',
      status: 'in_progress',
      updatedAt: '2026-01-03T00:00:00Z',
    });
    expect(outcome.lost).toBeUndefined();
  });

  it('gives a field changed on both sides to the server, and records the local value', () => {
    const local = { ...base, description: 'Mine' };
    const server = { ...base, description: 'Theirs' };
    const outcome = resolveConflict(policy, { local, server, base });
    expect(outcome.resolved['description']).toBe('Theirs');
    expect(outcome.lost).toMatchObject({ kind: 'fields', fields: ['description'] });
    expect(outcome.lost?.localVersion['description']).toBe('Mine');
  });

  it('needs no record when both sides made the same change', () => {
    const local = { ...base, description: 'Same' };
    const server = { ...base, description: 'Same', updatedAt: '2026-01-05T00:00:00Z' };
    expect(resolveConflict(policy, { local, server, base }).lost).toBeUndefined();
  });
});

describe('first decision wins', () => {
  const application = doc({ id: 'a1', userId: 'm1', status: 'pending', answers: {} });

  it('keeps the decision that reached the server first, with its signature, and records the other', () => {
    const local = {
      ...application,
      status: 'approved',
      decidedBy: 'manager-a',
      decidedAt: '2026-02-01T10:00:00Z',
    };
    const server = {
      ...application,
      status: 'declined',
      decidedBy: 'manager-b',
      decidedAt: '2026-02-01T11:00:00Z',
    };
    const outcome = resolveConflict(conflictPolicies.applications, {
      local,
      server,
      base: application,
    });
    expect(outcome.resolved).toMatchObject({
      status: 'declined',
      decidedBy: 'manager-b',
      decidedAt: '2026-02-01T11:00:00Z',
    });
    expect(outcome.lost).toMatchObject({
      kind: 'decision',
      fields: ['decidedAt', 'decidedBy', 'status'],
    });
  });

  it('never pairs one side’s status with the other side’s signer', () => {
    const local = { ...application, decisionNote: 'great fit' };
    const server = {
      ...application,
      status: 'declined',
      decidedBy: 'manager-b',
      decidedAt: '2026-02-01T11:00:00Z',
    };
    const outcome = resolveConflict(conflictPolicies.applications, {
      local,
      server,
      base: application,
    });
    // The note belongs to the decision group the server owns now.
    expect(outcome.resolved['decisionNote']).toBeUndefined();
    expect(outcome.lost?.fields).toEqual(['decisionNote']);
  });
});

describe('keep both texts', () => {
  it('shows the server text and keeps the local text in the record', () => {
    const report = doc({
      id: 'r1',
      title: 'Week 1',
      achievements: 'A',
      blockers: '',
      state: 'draft',
    });
    const local = { ...report, achievements: 'A, B (written on the train)' };
    const server = { ...report, achievements: 'A, C (written in the office)' };
    const outcome = resolveConflict(conflictPolicies.reports, { local, server, base: report });
    expect(outcome.resolved['achievements']).toBe('A, C (written in the office)');
    expect(outcome.lost).toMatchObject({ kind: 'text' });
    expect(outcome.lost?.localVersion['achievements']).toBe('A, B (written on the train)');
  });
});

describe('deletions', () => {
  it('a remote delete beats an offline edit, and the edit is recorded', () => {
    const local = { ...base, title: 'Edited offline' };
    const server = { ...base, _deleted: true };
    const outcome = resolveConflict(conflictPolicies.tasks, { local, server, base });
    expect(outcome.resolved._deleted).toBe(true);
    expect(outcome.lost).toMatchObject({ kind: 'deleted-on-server' });
    expect(outcome.lost?.localVersion['title']).toBe('Edited offline');
  });

  it('a local delete beats a remote edit, and the remote edit is recorded', () => {
    const local = { ...base, _deleted: true };
    const server = { ...base, title: 'Edited elsewhere' };
    const outcome = resolveConflict(conflictPolicies.tasks, { local, server, base });
    expect(outcome.resolved._deleted).toBe(true);
    expect(outcome.lost?.kind).toBe('deleted-here');
  });
});

describe('never a silent loss (property)', () => {
  const value = fc.oneof(
    fc.constant(undefined),
    fc.string({ maxLength: 3 }),
    fc.integer({ min: 0, max: 3 }),
  );
  const fields = ['a', 'b', 'status', 'decidedBy', 'note'] as const;
  const version = fc.record(
    Object.fromEntries(fields.map((f) => [f, value])) as Record<
      (typeof fields)[number],
      typeof value
    >,
  );
  const policies: ConflictPolicy[] = [
    { strategy: 'fieldMerge' },
    { strategy: 'firstDecisionWins', groups: [['status', 'decidedBy']] },
    { strategy: 'keepBothTexts', groups: [['a', 'b']] },
  ];

  it('every local change is in the result or in the record', () => {
    fc.assert(
      fc.property(fc.constantFrom(...policies), version, version, version, (policy, b, l, s) => {
        const clean = (v: Record<string, unknown>) =>
          doc(Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined)));
        const [baseDoc, local, server] = [clean(b), clean(l), clean(s)];
        const outcome = resolveConflict(policy, { local, server, base: baseDoc });
        for (const field of fields) {
          const changedHere = JSON.stringify(local[field]) !== JSON.stringify(baseDoc[field]);
          if (!changedHere) continue;
          const kept = JSON.stringify(outcome.resolved[field]) === JSON.stringify(local[field]);
          const recorded =
            outcome.lost?.fields.includes(field) === true && outcome.lost.localVersion === local;
          expect(kept || recorded).toBe(true);
        }
        // And every server change is kept unless this side changed the same field.
        for (const field of fields) {
          const changedThere = JSON.stringify(server[field]) !== JSON.stringify(baseDoc[field]);
          const changedHere = JSON.stringify(local[field]) !== JSON.stringify(baseDoc[field]);
          if (changedThere && !changedHere) {
            expect(JSON.stringify(outcome.resolved[field])).toBe(JSON.stringify(server[field]));
          }
        }
      }),
      { numRuns: 500 },
    );
  });
});
