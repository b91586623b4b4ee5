import { HostFailure } from '../../../shared/contract';
import type { Actor } from '../../../shared/domain';
import type { TaskDoc } from '../../../shared/schema';
import {
  allows,
  displayName,
  findDoc,
  loadProgrammeTeam,
  queryDocs,
  type ProgrammeTeam,
  type Workspace,
} from '../workspace';

/**
 * Who a task belongs to, as the permission matrix sees it: a programme's managers (its creator and
 * manager members, workspace/teams) own its tasks; assignees own their status.
 */

/**
 * Whether the caller sees a task: admins see every task; managers the tasks of programmes they
 * manage and tasks assigned to them; mentors tasks assigned to them.
 */
export const seesTask = (
  actor: Actor,
  task: { readonly assignees: readonly string[] },
  team: ProgrammeTeam | undefined,
): boolean => {
  switch (actor.role) {
    case 'admin':
      return true;
    case 'manager':
      return (team?.managerIds.includes(actor.id) ?? false) || task.assignees.includes(actor.id);
    case 'mentor':
      return task.assignees.includes(actor.id);
    default: {
      const unknownRole: never = actor.role;
      return unknownRole;
    }
  }
};

/** Whether the caller may create tasks in the programme (it is not archived, they manage it). */
export const mayCreateIn = (workspace: Workspace, team: ProgrammeTeam): boolean =>
  team.programme.status !== 'archived' && allows(workspace, 'tasks.create', team.managerIds);

/** A task's programme: commands need it whole, so a task whose programme has not synced waits. */
export const loadTaskAndTeam = async (
  workspace: Workspace,
  taskId: string,
): Promise<{ task: TaskDoc; team: ProgrammeTeam }> => {
  const task = await findDoc(workspace, 'tasks', taskId);
  if (!task)
    throw new HostFailure('not_found', 'There is no such task (it may not have synced yet).');
  return { task, team: await loadProgrammeTeam(workspace, task.programmeId) };
};

/** Nothing changes on a completed task: it records work done (and its reports point at it). */
export const ensureNotCompleted = (task: TaskDoc): void => {
  if (task.status === 'completed') {
    throw new HostFailure('conflict', `“${task.title}” is completed: it can no longer change.`);
  }
};

const listOfNames = (names: readonly string[]): string =>
  names.length <= 1
    ? (names[0] ?? '')
    : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1] ?? ''}`;

/**
 * Tasks go to the programme's managers and mentors only; the refusal names who is not one of them,
 * on the `assignees` field so a form shows it under the picker.
 */
export const ensureAssignable = async (
  workspace: Workspace,
  team: ProgrammeTeam,
  assignees: readonly string[],
): Promise<void> => {
  const outsiders = [...new Set(assignees)].filter((id) => !team.memberIds.includes(id));
  if (outsiders.length === 0) return;
  const profiles = await queryDocs(workspace, 'users', { selector: { id: { $in: outsiders } } });
  const names = new Map(profiles.map((user) => [user.id, displayName(user)]));
  const who = listOfNames(outsiders.map((id) => names.get(id) ?? id));
  const message = `${who} ${outsiders.length === 1 ? 'is' : 'are'} not in “${team.programme.name}”: tasks go to its managers and mentors.`;
  throw new HostFailure('invalid_input', message, [{ path: 'assignees', message }]);
};
