import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isValidCertificateCode } from './certificateCode';
import {
  lifecycleKinds,
  lifecycles,
  movesOf,
  type Lifecycle,
  type LifecycleKind,
} from './lifecycles';
import { CODE, PRINTED, SIGNATURE, T0, sampleDocs } from './testDocs';
import { assignTask, transition, type TransitionContext } from './transition';

const AT = '2025-02-01T00:00:00.000Z';
/** An admin who did not generate anything, with a reason and a valid code at hand. */
const context: TransitionContext = {
  by: 'admin1',
  at: AT,
  reason: 'Because.',
  certificateCode: CODE,
  printed: PRINTED,
  signature: SIGNATURE,
};

const statesOf = (kind: LifecycleKind): readonly string[] =>
  (lifecycles[kind] as Lifecycle<string>).states;

/**
 * Loosely typed access: the tests walk every pair of states of every kind. A task moving to pending
 * is given an assignee first, as assignTask does.
 */
const move = (kind: LifecycleKind, from: string, to: string, ctx = context) => {
  const doc = (sampleDocs[kind] as (s: string) => Record<string, unknown>)(from);
  const ready = kind === 'task' && to === 'pending' ? { ...doc, assignees: ['mentor1'] } : doc;
  return transition(kind, ready as never, to as never, ctx);
};

const pairs = lifecycleKinds.flatMap((kind) =>
  statesOf(kind).flatMap((from) => statesOf(kind).map((to) => ({ kind, from, to }))),
);

describe('transition', () => {
  it.each(pairs)('$kind: $from → $to', ({ kind, from, to }) => {
    const allowed = movesOf(kind).some((m) => m.from === from && m.to === to);
    const result = move(kind, from, to);
    expect(result.ok).toBe(allowed);
    if (result.ok) {
      const doc = result.doc as Record<string, unknown>;
      expect(doc[lifecycles[kind].field]).toBe(to);
      expect(doc.updatedAt).toBe(AT);
    } else {
      expect(result.error.code).toBe('conflict');
      expect(result.error.message).toMatch(/cannot move/);
    }
  });

  it('records who archived and completed a programme, and when', () => {
    const completed = move('programme', 'active', 'completed');
    expect(completed).toMatchObject({
      ok: true,
      doc: { completedBy: 'admin1', dateCompleted: AT },
    });
    const archived = move('programme', 'active', 'archived');
    expect(archived).toMatchObject({ ok: true, doc: { archivedBy: 'admin1', dateArchived: AT } });
  });

  it('records who decided an application, and the note', () => {
    expect(move('application', 'pending', 'declined')).toMatchObject({
      ok: true,
      doc: { decidedBy: 'admin1', decidedAt: AT, decisionNote: 'Because.' },
    });
  });

  it('never lets who generated a certificate approve it', () => {
    const result = move('certificate', 'pending_approval', 'approved', { by: 'manager1', at: AT });
    expect(result).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('generates a certificate only with a valid code, normalised', () => {
    const bad = move('certificate', 'pending_generation', 'pending_approval', {
      by: 'manager1',
      at: AT,
      certificateCode: 'MMM-0000-0000-1',
    });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const good = move('certificate', 'pending_generation', 'pending_approval', {
      by: 'manager1',
      at: AT,
      certificateCode: 'mmm 0000 oooo 0',
      printed: { holderName: '  Ada\n Lovelace ', programmeName: 'Engines' },
    });
    expect(good).toMatchObject({
      ok: true,
      doc: { certificateCode: CODE, generatedBy: 'manager1', holderName: 'Ada Lovelace' },
    });
    const unnamed = move('certificate', 'pending_generation', 'pending_approval', {
      by: 'manager1',
      at: AT,
      certificateCode: CODE,
      printed: { holderName: ' ', programmeName: 'Engines' },
    });
    expect(unnamed).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('approves a certificate only with a signature, and sending it back clears what was generated', () => {
    const unsigned = move('certificate', 'pending_approval', 'approved', { by: 'admin1', at: AT });
    expect(unsigned).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(move('certificate', 'pending_approval', 'approved')).toMatchObject({
      ok: true,
      doc: { approvedBy: 'admin1', signingKeyId: SIGNATURE.keyId, signature: SIGNATURE.value },
    });
    const back = move('certificate', 'pending_approval', 'pending_generation');
    expect(back.ok && back.doc).not.toHaveProperty('holderName');
    expect(back.ok && back.doc).not.toHaveProperty('generatedBy');
  });

  it('revokes only with a reason', () => {
    const result = move('certificate', 'approved', 'revoked', {
      by: 'admin1',
      at: AT,
      reason: '  ',
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(move('certificate', 'approved', 'revoked')).toMatchObject({
      ok: true,
      doc: { revokedReason: 'Because.', revokedBy: 'admin1', revokedAt: AT },
    });
  });

  it('clears the code when a certificate is sent back', () => {
    const result = move('certificate', 'pending_approval', 'pending_generation');
    expect(result.ok && result.doc).toMatchObject({ certificateCode: '' });
    expect(result.ok && 'generatedBy' in result.doc).toBe(false);
  });

  it('approves user details and sets approved', () => {
    expect(move('userDetails', 'submitted', 'approved')).toMatchObject({
      ok: true,
      doc: { approved: true, approvedBy: 'admin1' },
    });
  });

  it('refuses a pending task without assignees, and unassigning clears them', () => {
    const task = { ...sampleDocs.task('unassigned') };
    expect(transition('task', task, 'pending', context)).toMatchObject({ ok: false });
    const unassigned = move('task', 'in_progress', 'unassigned');
    expect(unassigned.ok && unassigned.doc).toMatchObject({ assignees: [] });
  });

  it('needs to know who makes the change', () => {
    expect(move('report', 'draft', 'submitted', { by: '', at: AT })).toMatchObject({ ok: false });
  });
});

describe('assignTask', () => {
  it('moves between unassigned and pending, and sends a started task back on reassignment', () => {
    const assigned = assignTask(sampleDocs.task('unassigned'), ['m2', 'm2'], context);
    expect(assigned).toMatchObject({ ok: true, doc: { status: 'pending', assignees: ['m2'] } });
    const started = sampleDocs.task('in_progress');
    expect(assignTask(started, ['mentor1'], context)).toMatchObject({
      doc: { status: 'in_progress' },
    });
    expect(assignTask(started, ['m3'], context)).toMatchObject({ doc: { status: 'pending' } });
    expect(assignTask(started, [], context)).toMatchObject({ doc: { status: 'unassigned' } });
    expect(assignTask(sampleDocs.task('completed'), ['m3'], context)).toMatchObject({ ok: false });
  });
});

describe('lifecycle properties', () => {
  const people = ['admin1', 'manager1', 'manager2'];

  it.each(lifecycleKinds)('%s: no sequence of moves leaves the lifecycle', (kind) => {
    const states = statesOf(kind);
    const allowedMoves = new Set(movesOf(kind).map((m) => `${m.from}>${m.to}`));
    const initial = (lifecycles[kind] as Lifecycle<string>).initial;
    fc.assert(
      fc.property(
        fc.constantFrom(...initial),
        fc.array(
          fc.record({
            to: fc.constantFrom(...states),
            by: fc.constantFrom(...people),
            reason: fc.option(fc.string(), { nil: undefined }),
            assign: fc.boolean(),
          }),
          { maxLength: 12 },
        ),
        (start, steps) => {
          let doc = (sampleDocs[kind] as (s: string) => Record<string, unknown>)(start);
          const field = lifecycles[kind].field;
          let decisions = 0;
          for (const step of steps) {
            const from = doc[field] as string;
            if (kind === 'task' && step.assign && step.to === 'pending') {
              doc = { ...doc, assignees: ['mentor1'] };
            }
            const result = transition(kind, doc as never, step.to as never, {
              by: step.by,
              at: AT,
              certificateCode: CODE,
              printed: PRINTED,
              signature: SIGNATURE,
              ...(step.reason === undefined ? {} : { reason: step.reason }),
            });
            if (!result.ok) {
              expect(result.error.message.length).toBeGreaterThan(0);
              continue;
            }
            const next = result.doc as Record<string, unknown>;
            expect(allowedMoves.has(`${from}>${String(next[field])}`)).toBe(true);
            if (kind === 'application') decisions += 1;
            if (kind === 'certificate' && next.status === 'approved') {
              expect(next.approvedBy).not.toBe(next.generatedBy);
            }
            if (kind === 'certificate' && next.status === 'pending_approval') {
              expect(isValidCertificateCode(String(next.certificateCode))).toBe(true);
            }
            if (kind === 'task') {
              expect((next.assignees as string[]).length > 0).toBe(next.status !== 'unassigned');
            }
            doc = next;
          }
          expect(decisions).toBeLessThanOrEqual(1);
          expect(states).toContain(doc[field]);
          expect(doc.createdAt).toBe(T0);
        },
      ),
    );
  });
});
