import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_TRANSITIONS } from '../schema/fields';
import { userRoles, type UserRole } from '../schema/users';
import { checkWrite } from './checkWrite';
import { addedSteps, type TransitionStep } from './history';
import { lifecycleKinds, lifecycles, type Lifecycle, type LifecycleKind } from './lifecycles';
import { CODE, PRINTED, T0, sampleDocs } from './testDocs';
import { assignTask, transition } from './transition';

type Doc = Record<string, unknown>;
const as = (name: string, role: string) => ({ name, roles: [role] });
const at = (minute: number) => new Date(Date.parse(T0) + minute * 60_000).toISOString();
const step = (from: string, to: string, by: string, minute: number): TransitionStep => ({
  from,
  to,
  by,
  at: at(minute),
});
const task = (status: string, extra: Doc = {}): Doc => ({
  ...(sampleDocs.task(status as never) as Doc),
  ...extra,
});
const moveTask = (doc: Doc, to: string, by: string, minute: number): Doc => {
  const moved = transition('task', doc as never, to as never, { by, at: at(minute) });
  if (!moved.ok) throw new Error(moved.error.message);
  return moved.doc;
};
const write = (collection: string, newDoc: Doc, oldDoc: Doc | null, by: string, role: string) =>
  checkWrite({ collection, newDoc, oldDoc, user: as(by, role) });

describe('a lifecycle walked in several moves offline reaches the server as one write', () => {
  it('a mentor who started and completed their task is accepted (issue 12, defect 2)', () => {
    const server = task('pending');
    const completed = moveTask(
      moveTask(server, 'in_progress', 'mentor1', 1),
      'completed',
      'mentor1',
      2,
    );
    expect(completed['transitions']).toEqual([
      step('pending', 'in_progress', 'mentor1', 1),
      step('in_progress', 'completed', 'mentor1', 2),
    ]);
    expect(write('tasks', completed, server, 'mentor1', 'mentor')).toBeNull();
    // Without the history it is the collapsed change the server used to refuse.
    const { transitions: _t, ...collapsed } = completed;
    expect(write('tasks', collapsed, server, 'mentor1', 'mentor')).toMatch(
      /cannot move from pending to completed/,
    );
  });

  it('a task created and started offline is accepted as a new document', () => {
    const created = task('pending', { createdBy: 'manager1', assignees: ['manager1'] });
    const started = moveTask(created, 'in_progress', 'manager1', 1);
    expect(write('tasks', started, null, 'manager1', 'manager')).toBeNull();
    const { transitions: _t, ...collapsed } = started;
    expect(write('tasks', collapsed, null, 'manager1', 'manager')).toMatch(
      /new task cannot start in_progress/,
    );
  });

  it('a programme completed and archived offline, and a certificate generated and approved by two people', () => {
    const programme = sampleDocs.programme('active') as Doc;
    const completed = transition('programme', programme as never, 'completed', {
      by: 'manager1',
      at: at(1),
    });
    if (!completed.ok) throw new Error(completed.error.message);
    const archived = transition('programme', completed.doc, 'archived', {
      by: 'manager1',
      at: at(2),
    });
    if (!archived.ok) throw new Error(archived.error.message);
    expect(write('programmes', archived.doc as Doc, programme, 'manager1', 'manager')).toBeNull();

    // An admin may generate, but never approve what they generated, in one write or two.
    const waiting = sampleDocs.certificate('pending_generation');
    const generated = transition('certificate', waiting, 'pending_approval', {
      by: 'admin1',
      at: at(1),
      certificateCode: CODE,
      printed: PRINTED,
    });
    if (!generated.ok) throw new Error(generated.error.message);
    const approvedDoc = {
      ...(generated.doc as Doc),
      status: 'approved',
      approvedBy: 'admin1',
      approvedAt: at(2),
      transitions: [
        ...(generated.doc.transitions ?? []),
        step('pending_approval', 'approved', 'admin1', 2),
      ],
    };
    expect(write('certificates', approvedDoc, waiting as Doc, 'admin1', 'admin')).toMatch(
      /approved by someone who did not generate it/,
    );
  });
});

describe('what the server refuses in a history', () => {
  const server = task('pending', { transitions: [step('unassigned', 'pending', 'manager1', 0)] });
  const started = moveTask(server, 'in_progress', 'mentor1', 1);

  it('a move recorded as someone else’s', () => {
    const forged = {
      ...started,
      transitions: [
        ...(server['transitions'] as TransitionStep[]),
        step('pending', 'in_progress', 'mentor2', 1),
      ],
    };
    expect(write('tasks', forged, server, 'mentor1', 'mentor')).toMatch(/must be your own/);
  });
  it('moves that do not follow on from the server’s state', () => {
    const skipping = {
      ...started,
      status: 'completed',
      transitions: [
        ...(server['transitions'] as TransitionStep[]),
        step('in_progress', 'completed', 'mentor1', 1),
      ],
    };
    expect(write('tasks', skipping, server, 'mentor1', 'mentor')).toMatch(/do not follow on/);
  });
  it('a state that is not where the moves end', () => {
    expect(
      write('tasks', { ...started, status: 'completed' }, server, 'mentor1', 'mentor'),
    ).toMatch(/end at in_progress/);
  });
  it('a move the role may not make, even among allowed ones', () => {
    const unassigned = moveTask(started, 'unassigned', 'mentor1', 2);
    expect(write('tasks', unassigned, server, 'mentor1', 'mentor')).toMatch(/mentor may not/);
  });
  it('a mentor’s move on a task that is not theirs', () => {
    const someoneElses = { ...server, assignees: ['mentor2'] };
    const theirs = moveTask(someoneElses, 'in_progress', 'mentor1', 1);
    expect(write('tasks', theirs, someoneElses, 'mentor1', 'mentor')).toMatch(/may only/);
  });
  it('rewriting or removing what happened before', () => {
    expect(
      write(
        'tasks',
        { ...started, transitions: (started['transitions'] as TransitionStep[]).slice(1) },
        server,
        'mentor1',
        'mentor',
      ),
    ).toMatch(/may only grow/);
    const { transitions: _t, ...without } = started;
    expect(write('tasks', without, server, 'mentor1', 'mentor')).toMatch(/cannot be removed/);
  });
  it('a change of state with no move recorded, once the document has a history', () => {
    expect(
      write('tasks', { ...server, status: 'in_progress' }, server, 'mentor1', 'mentor'),
    ).toMatch(/must be recorded/);
  });
});

describe('at the bound', () => {
  // A task reassigned to and fro a hundred times: the history is full.
  const full: TransitionStep[] = Array.from({ length: MAX_TRANSITIONS }, (_, index) =>
    index % 2 === 0
      ? step('pending', 'in_progress', 'manager1', index)
      : step('in_progress', 'pending', 'manager1', index),
  );
  const server = task('pending', { assignees: ['mentor1'], transitions: full });

  it('the oldest moves make room, and the server still judges the new ones', () => {
    const completed = moveTask(
      moveTask(server, 'in_progress', 'mentor1', 200),
      'completed',
      'mentor1',
      201,
    );
    const history = completed['transitions'] as TransitionStep[];
    expect(history).toHaveLength(MAX_TRANSITIONS);
    expect(history.at(-1)).toEqual(step('in_progress', 'completed', 'mentor1', 201));
    expect(write('tasks', completed, server, 'mentor1', 'mentor')).toBeNull();
    expect(addedSteps(full, history)).toEqual(history.slice(-2));
    // The same room taken by a mentor's forbidden move is still refused.
    const unassigned = moveTask(
      moveTask(server, 'in_progress', 'mentor1', 200),
      'unassigned',
      'mentor1',
      201,
    );
    expect(write('tasks', unassigned, server, 'mentor1', 'mentor')).toMatch(/mentor may not/);
  });
  it('dropping old moves without adding new ones is refused', () => {
    expect(
      write('tasks', { ...server, transitions: full.slice(2) }, server, 'manager1', 'manager'),
    ).toMatch(/may only grow/);
  });
  it('more moves in one write than the history holds cannot be judged, and are refused', () => {
    let doc: Doc = task('pending', { assignees: ['manager1'] });
    const base = doc;
    for (let index = 0; index <= MAX_TRANSITIONS; index++) {
      doc = moveTask(doc, index % 2 === 0 ? 'in_progress' : 'pending', 'manager1', index);
    }
    expect(write('tasks', doc, base, 'manager1', 'manager')).toMatch(/do not follow on/);
  });
});

/** Who may do what on the sample documents (testDocs): manager1 created them, mentor1 owns them. */
const actors: Record<UserRole, readonly string[]> = {
  admin: ['admin1'],
  manager: ['manager1', 'manager2'],
  mentor: ['mentor1', 'mentor2'],
};

const statesOf = (kind: LifecycleKind): readonly string[] =>
  (lifecycles[kind] as Lifecycle<string>).states;

describe('every walk allowed move by move is allowed as one write (property)', () => {
  it.each(lifecycleKinds)('%s', (kind) => {
    const collection = lifecycles[kind].collection;
    fc.assert(
      fc.property(
        fc.constantFrom(...userRoles),
        fc.nat(1),
        fc.constantFrom(...statesOf(kind)),
        fc.array(fc.record({ to: fc.constantFrom(...statesOf(kind)), who: fc.nat(5) }), {
          maxLength: 12,
        }),
        (role, who, startState, moves) => {
          const by = actors[role][who % actors[role].length] ?? 'admin1';
          const start = (sampleDocs[kind] as (s: string) => Doc)(startState);
          let current = start;
          let accepted = 0;
          moves.forEach((move, index) => {
            const ready =
              kind === 'task' && move.to === 'pending'
                ? (assignTask(current as never, ['mentor1'], { by, at: at(index) }) as {
                    ok: boolean;
                    doc?: Doc;
                  })
                : { ok: true, doc: current };
            const base = ready.ok && ready.doc ? ready.doc : current;
            const moved = transition(kind, base as never, move.to as never, {
              by,
              at: at(index + 1),
              reason: 'Because.',
              certificateCode: CODE,
            });
            if (!moved.ok) return;
            // The client's own check, one move at a time, against its local version.
            const viaAssign =
              base !== current && write(collection, base, current, by, role) !== null;
            if (viaAssign) return;
            if (write(collection, moved.doc, base, by, role) !== null) return;
            current = moved.doc;
            accepted++;
          });
          if (accepted === 0) return;
          // The server sees its old version and the final one.
          expect(write(collection, current, start, by, role), `${accepted} moves`).toBeNull();
        },
      ),
      { numRuns: 300 },
    );
  });
});
