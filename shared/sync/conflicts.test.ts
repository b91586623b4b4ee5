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

describe('lifecycle documents', () => {
  const policy = conflictPolicies.tasks;
  const step = (from: string, to: string, by: string, at: string) => ({ from, to, by, at });
  const task = doc({
    id: 't1',
    title: 'Plan',
    status: 'pending',
    assignees: ['m1'],
    transitions: [step('unassigned', 'pending', 'boss', '2026-01-01T00:00:00Z')],
    updatedAt: '2026-01-01T00:00:00Z',
  });
  const started = (by: string, at: string) => ({
    ...task,
    status: 'in_progress',
    transitions: [...(task['transitions'] as unknown[]), step('pending', 'in_progress', by, at)],
    updatedAt: at,
  });

  it('keeps this side’s moves and the server’s other edits', () => {
    const local = started('m1', '2026-01-02T00:00:00Z');
    const server = { ...task, title: 'Plan v2', updatedAt: '2026-01-03T00:00:00Z' };
    const outcome = resolveConflict(policy, { local, server, base: task });
    expect(outcome.resolved).toMatchObject({
      title: 'Plan v2',
      status: 'in_progress',
      transitions: local['transitions'],
    });
    expect(outcome.lost).toBeUndefined();
  });

  it('when both made the same move, the server’s account of it stands and nothing is recorded', () => {
    const local = started('m1', '2026-01-02T00:00:00Z');
    const server = started('boss', '2026-01-02T00:05:00Z');
    const outcome = resolveConflict(policy, { local, server, base: task });
    expect(outcome.resolved).toEqual(server);
    expect(outcome.lost).toBeUndefined();
  });

  it('when both reached the same state by different moves, the moves that did not stand are recorded', () => {
    const local = {
      ...started('boss', '2026-01-02T00:00:00Z'),
      transitions: [
        ...(task['transitions'] as unknown[]),
        step('pending', 'unassigned', 'boss', '2026-01-02T00:00:00Z'),
        step('unassigned', 'pending', 'boss', '2026-01-02T00:01:00Z'),
        step('pending', 'in_progress', 'boss', '2026-01-02T00:02:00Z'),
      ],
    };
    const server = started('m1', '2026-01-02T00:05:00Z');
    const outcome = resolveConflict(policy, { local, server, base: task });
    expect(outcome.resolved).toEqual(server);
    expect(outcome.lost?.fields).toEqual(['transitions']);
  });

  it('when both moved differently, the server’s state, history and assignees stand together', () => {
    const local = started('m1', '2026-01-02T00:00:00Z');
    const server = { ...task, assignees: ['m2'], updatedAt: '2026-01-02T00:05:00Z' };
    const outcome = resolveConflict(policy, { local, server, base: task });
    expect(outcome.resolved).toEqual(server);
    expect(outcome.lost?.fields).toEqual(['status', 'transitions']);
  });
});

describe('a merge the server would refuse', () => {
  const policy = conflictPolicies.tasks;
  const task = doc({ id: 't1', title: 'Plan', note: 'n', status: 'pending', assignees: ['m1'] });

  it('gives up this side’s lifecycle change first, and records it with the reason', () => {
    const local = { ...task, status: 'in_progress', note: 'mine' };
    const server = { ...task, title: 'Theirs' };
    const refusesStarted = (resolved: SyncDoc) =>
      resolved['status'] === 'in_progress' ? 'A mentor may only start their own tasks.' : null;
    const outcome = resolveConflict(policy, { local, server, base: task }, refusesStarted);
    expect(outcome.resolved).toMatchObject({ title: 'Theirs', status: 'pending', note: 'mine' });
    expect(outcome.lost).toMatchObject({ kind: 'refused', fields: ['status'] });
    expect(outcome.lost?.message).toMatch(/A mentor may only start their own tasks/);
    expect(outcome.lost?.localVersion).toBe(local);
  });

  it('keeps the server’s version as it is when nothing of this side’s can go up', () => {
    const local = { ...task, note: 'mine' };
    const server = { ...task, title: 'Theirs' };
    const outcome = resolveConflict(policy, { local, server, base: task }, (resolved, current) =>
      resolved === current ? null : 'Read-only now.',
    );
    expect(outcome.resolved).toBe(server);
    expect(outcome.lost).toMatchObject({ kind: 'refused', fields: ['note'] });
  });
});

describe('never a silent loss (property)', () => {
  const value = fc.oneof(
    fc.constant(undefined),
    fc.string({ maxLength: 3 }),
    fc.integer({ min: 0, max: 3 }),
  );
  const fields = ['a', 'b', 'status', 'decidedBy', 'note', 'history'] as const;
  const version = fc.record(
    Object.fromEntries(fields.map((f) => [f, value])) as Record<
      (typeof fields)[number],
      typeof value
    >,
  );
  const lifecycle = { state: 'status', history: 'history' } as const;
  const policies: ConflictPolicy[] = [
    { strategy: 'fieldMerge' },
    { strategy: 'firstDecisionWins', groups: [['status', 'decidedBy']] },
    { strategy: 'keepBothTexts', groups: [['a', 'b']] },
    { strategy: 'fieldMerge', groups: [['status', 'history']], lifecycle },
  ];
  // The server refuses some merges: those holding a given value in a given field.
  const refusals = fc.option(fc.record({ field: fc.constantFrom(...fields), value }), {
    nil: undefined,
  });

  it('every local change is in the result or in the record', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...policies),
        version,
        version,
        version,
        refusals,
        (policy, b, l, s, refusal) => {
          const clean = (v: Record<string, unknown>) =>
            doc(Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined)));
          const [baseDoc, local, server] = [clean(b), clean(l), clean(s)];
          const accepts = refusal
            ? (resolved: SyncDoc, current: SyncDoc) =>
                resolved !== current &&
                JSON.stringify(resolved[refusal.field]) === JSON.stringify(refusal.value)
                  ? 'refused'
                  : null
            : undefined;
          const outcome = resolveConflict(policy, { local, server, base: baseDoc }, accepts);
          const same = (a: unknown, b2: unknown) => JSON.stringify(a) === JSON.stringify(b2);
          for (const field of fields) {
            if (same(local[field], baseDoc[field])) continue;
            const kept = same(outcome.resolved[field], local[field]);
            const recorded =
              outcome.lost?.fields.includes(field) === true && outcome.lost.localVersion === local;
            // A history is no loss where the state it led to stands (both made the same move).
            const sameMove =
              policy.lifecycle !== undefined &&
              field === 'history' &&
              same(local['status'], outcome.resolved['status']);
            expect(kept || recorded || sameMove).toBe(true);
          }
          // And every server change is kept unless this side changed the same field.
          for (const field of fields) {
            const changedThere = !same(server[field], baseDoc[field]);
            const changedHere = !same(local[field], baseDoc[field]);
            if (changedThere && !changedHere) {
              expect(JSON.stringify(outcome.resolved[field])).toBe(JSON.stringify(server[field]));
            }
          }
          // What the server would refuse is never the outcome.
          if (accepts) expect(accepts(outcome.resolved, server)).toBeNull();
        },
      ),
      { numRuns: 1000 },
    );
  });
});
