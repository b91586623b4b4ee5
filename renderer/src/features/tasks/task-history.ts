import type { TaskStatus } from '../../../../shared/schema';

/**
 * A task's move in words, as the history shows it: "Started", "Completed"... Moves the lifecycle
 * gains later (shared/domain/lifecycles.ts) read "Moved from … to …" until they get words here.
 */
const words: Partial<Record<`${TaskStatus}>${TaskStatus}`, string>> = {
  'unassigned>pending': 'Assigned',
  'pending>unassigned': 'Unassigned',
  'pending>in_progress': 'Started',
  'in_progress>completed': 'Completed',
  'in_progress>pending': 'Reassigned before it was finished',
  'in_progress>unassigned': 'Unassigned while in progress',
  'completed>in_progress': 'Reopened',
};

const stateWords: Record<TaskStatus, string> = {
  unassigned: 'unassigned',
  pending: 'pending',
  in_progress: 'in progress',
  completed: 'completed',
};

export const moveWords = (from: TaskStatus, to: TaskStatus): string =>
  words[`${from}>${to}`] ?? `Moved from ${stateWords[from]} to ${stateWords[to]}`;
