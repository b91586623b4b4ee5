import type { ApplicationDoc, ApplicationStatus } from '../schema/applications';
import type { CertificateDoc, CertificateStatus } from '../schema/certificates';
import type { CollectionName } from '../schema/index';
import type { ProgrammeDoc, ProgrammeStatus } from '../schema/programmes';
import type { ReportDoc, ReportState } from '../schema/reports';
import type { TaskDoc, TaskStatus } from '../schema/tasks';
import type { UserDetailsDoc, UserDetailsStatus } from '../schema/userDetails';
import type { Action } from './permissions';

/**
 * The lifecycles of DESIGN §2 as data: for each state, the states it may move to and the action
 * (permissions.ts) that move needs. What a move records (who, when, why) is in transition.ts.
 */
export interface Lifecycle<S extends string> {
  readonly collection: CollectionName;
  /** The document field holding the state. */
  readonly field: 'status' | 'state';
  readonly states: readonly S[];
  /** States a new document may start in. */
  readonly initial: readonly S[];
  readonly moves: { readonly [From in S]: { readonly [To in S]?: Action } };
}

export interface LifecycleStates {
  programme: ProgrammeStatus;
  application: ApplicationStatus;
  task: TaskStatus;
  certificate: CertificateStatus;
  userDetails: UserDetailsStatus;
  report: ReportState;
}

export interface LifecycleDocs {
  programme: ProgrammeDoc;
  application: ApplicationDoc;
  task: TaskDoc;
  certificate: CertificateDoc;
  userDetails: UserDetailsDoc;
  report: ReportDoc;
}

export type LifecycleKind = keyof LifecycleStates;

export const lifecycles: { readonly [K in LifecycleKind]: Lifecycle<LifecycleStates[K]> } = {
  // Archived is read-only: nothing leaves it.
  programme: {
    collection: 'programmes',
    field: 'status',
    states: ['active', 'completed', 'archived'],
    initial: ['active'],
    moves: {
      active: { completed: 'programmes.complete', archived: 'programmes.archive' },
      completed: { archived: 'programmes.archive' },
      archived: {},
    },
  },
  // Decided once, for good.
  application: {
    collection: 'applications',
    field: 'status',
    states: ['pending', 'approved', 'declined'],
    initial: ['pending'],
    moves: {
      pending: { approved: 'applications.decide', declined: 'applications.decide' },
      approved: {},
      declined: {},
    },
  },
  // Reassignment moves a started task back to pending: the new assignee has not started it.
  // A completed task is reopened by its programme's managers (undoMoves: its assignee may take
  // back completing it for a short while).
  task: {
    collection: 'tasks',
    field: 'status',
    states: ['unassigned', 'pending', 'in_progress', 'completed'],
    initial: ['unassigned', 'pending'],
    moves: {
      unassigned: { pending: 'tasks.assign' },
      pending: { unassigned: 'tasks.assign', in_progress: 'tasks.updateStatus' },
      in_progress: {
        unassigned: 'tasks.assign',
        pending: 'tasks.assign',
        completed: 'tasks.updateStatus',
      },
      completed: { in_progress: 'tasks.reopen' },
    },
  },
  // An admin may send a certificate back to be generated again instead of approving it.
  certificate: {
    collection: 'certificates',
    field: 'status',
    states: ['pending_generation', 'pending_approval', 'approved', 'revoked'],
    initial: ['pending_generation'],
    moves: {
      pending_generation: { pending_approval: 'certificates.generate' },
      pending_approval: {
        approved: 'certificates.approve',
        pending_generation: 'certificates.approve',
      },
      approved: { revoked: 'certificates.revoke' },
      revoked: {},
    },
  },
  userDetails: {
    collection: 'userDetails',
    field: 'status',
    states: ['submitted', 'approved'],
    initial: ['submitted'],
    moves: { submitted: { approved: 'userDetails.approve' }, approved: {} },
  },
  // A report may be created already submitted (written and sent in one go).
  report: {
    collection: 'reports',
    field: 'state',
    states: ['draft', 'submitted'],
    initial: ['draft', 'submitted'],
    moves: { draft: { submitted: 'reports.write' }, submitted: {} },
  },
};

export const lifecycleKinds = Object.keys(lifecycles) as LifecycleKind[];

/** The lifecycle kept in a collection, if any. */
export const lifecycleOfCollection = (collection: string): LifecycleKind | undefined =>
  lifecycleKinds.find((kind) => lifecycles[kind].collection === collection);

/** The action needed to move from `from` to `to`, or undefined when the move is not allowed. */
export const moveAction = <K extends LifecycleKind>(
  kind: K,
  from: LifecycleStates[K],
  to: LifecycleStates[K],
): Action | undefined => {
  // Read as strings: the generic state types are too wide for the indexing rules to follow.
  const { moves } = lifecycles[kind] as Lifecycle<string>;
  return moves[from]?.[to];
};

/** Whether `state` is a state of this lifecycle (documents from outside are not trusted). */
export const isLifecycleState = <K extends LifecycleKind>(
  kind: K,
  state: unknown,
): state is LifecycleStates[K] =>
  typeof state === 'string' && (lifecycles[kind].states as readonly string[]).includes(state);

/** How long after completing a task its assignee may take it back (DESIGN: an undo, not a reopen). */
export const TASK_UNDO_WINDOW_MS = 2 * 60_000;

/**
 * A move that takes back the move just made, allowed to more people than the move itself for a
 * short while: an assignee who marked a task completed by mistake may undo it, though reopening is
 * for the programme's managers. The window runs from the document's last change (its `updatedAt`,
 * set by the move being taken back) to the undo's own `updatedAt`; both the app and the server read
 * these times from the documents, so they judge alike.
 */
export interface UndoMove {
  readonly kind: LifecycleKind;
  readonly from: string;
  readonly to: string;
  readonly action: Action;
  readonly windowMs: number;
}

export const undoMoves: readonly UndoMove[] = [
  {
    kind: 'task',
    from: 'completed',
    to: 'in_progress',
    action: 'tasks.undoComplete',
    windowMs: TASK_UNDO_WINDOW_MS,
  },
];

export const undoMoveOf = (kind: LifecycleKind, from: string, to: string): UndoMove | undefined =>
  undoMoves.find((move) => move.kind === kind && move.from === from && move.to === to);

/** Whether `undoneAt` is within the undo's window after `doneAt` (ISO times; never before it). */
export const withinUndoWindow = (
  move: UndoMove,
  doneAt: string | undefined,
  undoneAt: string | undefined,
): boolean => {
  const done = Date.parse(doneAt ?? '');
  const undone = Date.parse(undoneAt ?? '');
  if (Number.isNaN(done) || Number.isNaN(undone)) return false;
  return undone >= done && undone - done <= move.windowMs;
};

export interface Move {
  readonly from: string;
  readonly to: string;
  readonly action: Action;
}

/** Every allowed move of a lifecycle, for tables and tests. */
export const movesOf = (kind: LifecycleKind): Move[] => {
  const { states, moves } = lifecycles[kind] as Lifecycle<string>;
  return states.flatMap((from) =>
    states.flatMap((to) => {
      const action = moves[from]?.[to];
      return action ? [{ from, to, action }] : [];
    }),
  );
};
