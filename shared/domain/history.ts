import { MAX_TRANSITIONS } from '../schema/fields';
import { same, type Json } from './writeContext';

/**
 * A lifecycle document's history of moves (schema `transitions`). Offline, a person may walk a
 * document through several moves (start a task, then complete it) that reach the server as one
 * write; the history lets the server judge each move instead of the collapsed change (DESIGN §2).
 */
export interface TransitionStep {
  readonly from: string;
  readonly to: string;
  /** Who made the move (an account name). */
  readonly by: string;
  /** When, as an ISO date-time. */
  readonly at: string;
}

/** The history with one more move: the oldest moves go first past MAX_TRANSITIONS. */
export const withStep = <T extends TransitionStep>(
  history: readonly T[] | undefined,
  step: T,
): T[] => [...(history ?? []), step].slice(-MAX_TRANSITIONS);

const isStep = (value: unknown): value is TransitionStep => {
  if (typeof value !== 'object' || value === null) return false;
  const step = value as Record<string, unknown>;
  return ['from', 'to', 'by', 'at'].every((field) => typeof step[field] === 'string');
};

/** A document's history as written, or a reason it is not one. */
export const historyOf = (doc: Json | null): readonly TransitionStep[] | string | undefined => {
  const value = doc?.['transitions'];
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || !value.every(isStep)) return 'transitions must be a list of moves.';
  return value;
};

/**
 * The moves a write adds to the history it was based on, or why the history was tampered with.
 * The new history must be the old one, less its oldest moves only where the bound made room, plus
 * the new moves: a write never rewrites or drops moves the server had otherwise.
 */
export const addedSteps = (
  before: readonly TransitionStep[],
  after: readonly TransitionStep[],
): readonly TransitionStep[] | string => {
  for (let dropped = 0; dropped <= before.length; dropped++) {
    const kept = before.slice(dropped);
    if (kept.length > after.length || !kept.every((step, index) => same(step, after[index]))) {
      continue;
    }
    const added = after.slice(kept.length);
    // Moves leave the front only to make room at the bound, never to erase what happened.
    if (dropped > 0 && after.length < MAX_TRANSITIONS) break;
    return added;
  }
  return 'The history of moves (transitions) may only grow: earlier moves cannot change or go.';
};

/** The moves of `after` that `before` does not have, in order (for merges). */
export const stepsMissingFrom = (
  before: readonly TransitionStep[] | undefined,
  after: readonly TransitionStep[] | undefined,
): TransitionStep[] =>
  (after ?? []).filter((step) => !(before ?? []).some((known) => same(known, step)));
