import { NONE } from '../schema/fields';
import type { TaskDoc } from '../schema/tasks';
import { normaliseCertificateCode } from './certificateCode';
import { printedText } from './certificates/payload';
import {
  isLifecycleState,
  lifecycles,
  moveAction,
  type LifecycleDocs,
  type LifecycleKind,
  type LifecycleStates,
} from './lifecycles';
import { withStep, type TransitionStep } from './history';
import { done, refuse, type DomainResult } from './result';

/** Who makes a move and when (shared/ has no clock), and what some moves need besides. */
export interface TransitionContext {
  readonly by: string;
  /** ISO date-time of the move. */
  readonly at: string;
  /** Why: required to revoke a certificate; kept as the decision note of an application. */
  readonly reason?: string;
  /** The code given to a certificate as it is generated (domain/certificateCode). */
  readonly certificateCode?: string;
  /** What a certificate prints, fixed as it is generated. */
  readonly printed?: { readonly holderName: string; readonly programmeName: string };
  /** The approving admin's signature of a certificate's facts (domain/certificates/payload). */
  readonly signature?: { readonly keyId: string; readonly value: string };
}

type Stamp<K extends LifecycleKind> = (
  doc: LifecycleDocs[K],
  to: LifecycleStates[K],
  context: TransitionContext,
) => DomainResult<LifecycleDocs[K]>;

/** What each move records on the document, and the rules a move has beyond the state graph. */
const stamps: { [K in LifecycleKind]: Stamp<K> } = {
  programme: (doc, to, { by, at }) => {
    if (to === 'completed') {
      return done({ ...doc, status: to, completedBy: by, dateCompleted: at, updatedAt: at });
    }
    if (to === 'archived') {
      return done({ ...doc, status: to, archivedBy: by, dateArchived: at, updatedAt: at });
    }
    return done({ ...doc, status: to, updatedAt: at });
  },
  application: (doc, to, { by, at, reason }) => {
    const note = reason?.trim();
    return done({
      ...doc,
      status: to,
      decidedBy: by,
      decidedAt: at,
      ...(note ? { decisionNote: note } : {}),
      updatedAt: at,
    });
  },
  task: (doc, to, { at }) => {
    if (to === 'unassigned') return done({ ...doc, status: to, assignees: [], updatedAt: at });
    if (doc.assignees.length === 0) {
      return refuse('invalid_input', 'Assign the task to someone first.');
    }
    return done({ ...doc, status: to, updatedAt: at });
  },
  certificate: (doc, to, { by, at, reason, certificateCode, printed, signature }) => {
    switch (to) {
      case 'pending_approval': {
        const code = normaliseCertificateCode(certificateCode ?? doc.certificateCode);
        if (code === null) return refuse('invalid_input', 'The certificate needs a valid code.');
        const holderName = printedText(printed?.holderName ?? '');
        const programmeName = printedText(printed?.programmeName ?? '');
        if (!holderName || !programmeName) {
          return refuse(
            'invalid_input',
            'A certificate prints its holder’s and programme’s names.',
          );
        }
        return done({
          ...doc,
          status: to,
          certificateCode: code,
          holderName,
          programmeName,
          generatedBy: by,
          generatedAt: at,
          updatedAt: at,
        });
      }
      case 'approved':
        if (doc.generatedBy === by) {
          return refuse(
            'forbidden',
            'A certificate must be approved by someone who did not generate it.',
          );
        }
        if (!signature) return refuse('invalid_input', 'Approving a certificate signs it.');
        return done({
          ...doc,
          status: to,
          approvedBy: by,
          approvedAt: at,
          signingKeyId: signature.keyId,
          signature: signature.value,
          updatedAt: at,
        });
      case 'revoked': {
        const why = reason?.trim();
        if (!why) return refuse('invalid_input', 'Say why the certificate is revoked.');
        return done({
          ...doc,
          status: to,
          revokedReason: why,
          revokedBy: by,
          revokedAt: at,
          updatedAt: at,
        });
      }
      case 'pending_generation': {
        // Sent back: the next generation gives it a new code, names and generator.
        const {
          generatedBy: _by,
          generatedAt: _at,
          holderName: _holder,
          programmeName: _programme,
          ...rest
        } = doc;
        return done({ ...rest, status: to, certificateCode: NONE, updatedAt: at });
      }
      default: {
        const unknownState: never = to;
        return refuse('conflict', `Unknown certificate state ${String(unknownState)}.`);
      }
    }
  },
  userDetails: (doc, to, { by, at }) =>
    done({
      ...doc,
      status: to,
      approved: to === 'approved',
      approvedBy: by,
      approvedAt: at,
      updatedAt: at,
    }),
  report: (doc, to, { at }) => done({ ...doc, state: to, submittedAt: at, updatedAt: at }),
};

const stateOf = (kind: LifecycleKind, doc: object): unknown =>
  (doc as Record<string, unknown>)[lifecycles[kind].field];

/**
 * Moves a document along its lifecycle: the new document, or why not. It checks the state graph and
 * the move's own rules (a reason to revoke, no self-approval...); whether this person may make the
 * move at all is `can(user, moveAction(kind, from, to), resource)`, which the caller checks first.
 */
export const transition = <K extends LifecycleKind>(
  kind: K,
  doc: LifecycleDocs[K],
  to: LifecycleStates[K],
  context: TransitionContext,
): DomainResult<LifecycleDocs[K]> => {
  const from = stateOf(kind, doc);
  if (!isLifecycleState(kind, from)) {
    return refuse('conflict', `The ${kind} is in an unknown state.`);
  }
  if (!isLifecycleState(kind, to) || moveAction(kind, from, to) === undefined) {
    return refuse('conflict', `A ${kind} cannot move from ${from} to ${to}.`);
  }
  if (!context.by) return refuse('invalid_input', 'Who makes the change must be known.');
  const stamp: Stamp<K> = stamps[kind];
  const stamped = stamp(doc, to, context);
  if (!stamped.ok) return stamped;
  // The move joins the document's history, so the server can judge it even when later moves
  // reach it in the same write (domain/history).
  const step = { from, to, by: context.by, at: context.at };
  const history = (doc as { readonly transitions?: readonly TransitionStep[] }).transitions;
  return done({ ...stamped.doc, transitions: withStep(history, step) });
};

/**
 * Gives a task to a new set of people. An empty set unassigns it; a started task that changes hands
 * goes back to pending, because the new assignee has not started it. Completed tasks stay as they are.
 */
export const assignTask = (
  task: TaskDoc,
  assignees: readonly string[],
  context: TransitionContext,
): DomainResult<TaskDoc> => {
  const unique = [...new Set(assignees)];
  if (task.status === 'completed')
    return refuse('conflict', 'A completed task cannot be reassigned.');
  if (unique.length === 0) {
    return task.status === 'unassigned'
      ? done(task)
      : transition('task', task, 'unassigned', context);
  }
  const withAssignees = { ...task, assignees: unique, updatedAt: context.at };
  const same =
    unique.length === task.assignees.length && unique.every((id) => task.assignees.includes(id));
  if (task.status === 'pending' || (task.status === 'in_progress' && same)) {
    return done(withAssignees);
  }
  return transition('task', withAssignees, 'pending', context);
};
