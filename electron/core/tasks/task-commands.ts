import { HostFailure } from '../../../shared/contract';
import type { CommandName } from '../../../shared/contract';
import {
  assignTask,
  newlyAssigned,
  taskAssignedDrafts,
  taskCompletedDrafts,
  transition,
} from '../../../shared/domain';
import { undoMoveOf, withinUndoWindow } from '../../../shared/domain/lifecycles';
import type { TaskDoc } from '../../../shared/schema';
import type { CommandHandler } from '../host/registry';
import {
  allows,
  ensureCan,
  ensureNotArchived,
  insertDoc,
  loadProgrammeTeam,
  nameOf,
  requireWorkspace,
  unwrap,
  updateDoc,
} from '../workspace';
import type { FeatureDeps, ProgrammeTeam, Workspace } from '../workspace';
import { notify } from '../notifications/notify';
import { ensureAssignable, ensureNotCompleted, loadTaskAndTeam } from './task-access';

type TaskCommands = { readonly [N in CommandName & `tasks.${string}`]: CommandHandler<N> };

/**
 * Starting or completing is for the task's assignees and its programme's managers (and admins).
 * The matrix's own sentence for this row is long-winded for the common case, a mentor on someone
 * else's task, so that one gets a plainer refusal.
 */
const ensureMayUpdateStatus = (workspace: Workspace, task: TaskDoc, team: ProgrammeTeam) => {
  if (workspace.actor.role === 'mentor' && !task.assignees.includes(workspace.actor.id)) {
    throw new HostFailure(
      'forbidden',
      'This task is not assigned to you: only its assignees and its programme’s managers can start or complete it.',
    );
  }
  ensureCan(workspace, 'tasks.updateStatus', [...team.managerIds, ...task.assignees]);
};

/**
 * Who may move a completed task back: its programme's managers (and admins) at any time; an
 * assignee only as an undo, within lifecycles' window after completing it. checkWrite judges the
 * same from the documents' times, so the server agrees.
 */
const ensureMayReopen = (workspace: Workspace, task: TaskDoc, team: ProgrammeTeam) => {
  if (allows(workspace, 'tasks.reopen', team.managerIds)) return;
  const undo = undoMoveOf('task', 'completed', 'in_progress');
  if (
    undo &&
    allows(workspace, undo.action, task.assignees) &&
    withinUndoWindow(undo, task.updatedAt, workspace.now())
  ) {
    return;
  }
  throw new HostFailure(
    'forbidden',
    task.assignees.includes(workspace.actor.id)
      ? 'It is too late to undo: ask one of the programme’s managers to reopen the task.'
      : 'Only the programme’s managers can reopen a completed task.',
  );
};

/** Loads a task for a change by one of its programme's managers (edit, assign). */
const taskForManagers = async (
  workspace: Workspace,
  taskId: string,
  action: 'tasks.edit' | 'tasks.assign',
) => {
  const { task, team } = await loadTaskAndTeam(workspace, taskId);
  ensureCan(workspace, action, team.managerIds);
  ensureNotArchived(team.programme);
  ensureNotCompleted(task);
  return { task, team };
};

export const createTaskCommands = (deps: FeatureDeps): TaskCommands => ({
  'tasks.create': async ({ programmeId, title, description, assignees = [], dueDate }) => {
    const workspace = requireWorkspace(deps);
    const team = await loadProgrammeTeam(workspace, programmeId);
    ensureCan(workspace, 'tasks.create', team.managerIds);
    ensureNotArchived(team.programme);
    const unique = [...new Set(assignees)];
    await ensureAssignable(workspace, team, unique);
    const now = workspace.now();
    const task = await insertDoc(workspace, 'tasks', {
      id: workspace.newId(),
      title,
      description,
      dateCreated: now,
      createdBy: workspace.actor.id,
      // checkWrite's rule: a new task is pending exactly when someone has it.
      status: unique.length > 0 ? 'pending' : 'unassigned',
      programmeId,
      assignees: unique,
      ...(dueDate ? { dueDate } : {}),
      createdAt: now,
      updatedAt: now,
    });
    const by = workspace.actor.id;
    await notify(workspace, deps.logger, taskAssignedDrafts(task, unique, by, now, team.programme));
    return task;
  },

  'tasks.edit': async ({ taskId, title, description, dueDate }) => {
    const workspace = requireWorkspace(deps);
    await taskForManagers(workspace, taskId, 'tasks.edit');
    return updateDoc(
      workspace,
      'tasks',
      taskId,
      (current) => {
        ensureNotCompleted(current);
        const { dueDate: _previous, ...withoutDue } = current;
        const due = dueDate === undefined ? current.dueDate : dueDate;
        return {
          ...withoutDue,
          ...(title === undefined ? {} : { title }),
          ...(description === undefined ? {} : { description }),
          ...(due ? { dueDate: due } : {}),
          updatedAt: workspace.now(),
        };
      },
      'task',
    );
  },

  'tasks.assign': async ({ taskId, assignees }) => {
    const workspace = requireWorkspace(deps);
    const { team } = await taskForManagers(workspace, taskId, 'tasks.assign');
    await ensureAssignable(workspace, team, assignees);
    let before: readonly string[] = [];
    const at = workspace.now();
    const by = workspace.actor.id;
    const assigned = await updateDoc(
      workspace,
      'tasks',
      taskId,
      (current) => {
        before = current.assignees;
        return unwrap(assignTask(current, assignees, { by, at }));
      },
      'task',
    );
    const added = newlyAssigned(before, assigned.assignees);
    await notify(
      workspace,
      deps.logger,
      taskAssignedDrafts(assigned, added, by, at, team.programme),
    );
    return assigned;
  },

  'tasks.reopen': async ({ taskId }) => {
    const workspace = requireWorkspace(deps);
    const { task, team } = await loadTaskAndTeam(workspace, taskId);
    ensureNotArchived(team.programme);
    if (task.status !== 'completed') {
      throw new HostFailure(
        'conflict',
        `“${task.title}” is not completed: there is nothing to reopen.`,
      );
    }
    ensureMayReopen(workspace, task, team);
    return updateDoc(
      workspace,
      'tasks',
      taskId,
      (current) => {
        // Judged again on the latest version: it may have been reopened (or reassigned) meanwhile.
        if (current.status !== 'completed') {
          throw new HostFailure('conflict', `“${current.title}” is not completed any more.`);
        }
        ensureMayReopen(workspace, current, team);
        return unwrap(
          transition('task', current, 'in_progress', {
            by: workspace.actor.id,
            at: workspace.now(),
          }),
        );
      },
      'task',
    );
  },

  'tasks.setStatus': async ({ taskId, status }) => {
    const workspace = requireWorkspace(deps);
    const { task, team } = await loadTaskAndTeam(workspace, taskId);
    ensureMayUpdateStatus(workspace, task, team);
    ensureNotArchived(team.programme);
    if (task.status === status) return task;
    ensureNotCompleted(task);
    if (task.status === 'unassigned') {
      throw new HostFailure('conflict', 'Assign the task to someone before it is started.');
    }
    if (task.status === 'pending' && status === 'completed') {
      throw new HostFailure('conflict', 'Start the task before marking it completed.');
    }
    const at = workspace.now();
    const by = workspace.actor.id;
    const moved = await updateDoc(
      workspace,
      'tasks',
      taskId,
      (current) => unwrap(transition('task', current, status, { by, at })),
      'task',
    );
    if (moved.status === 'completed') {
      const byName = await nameOf(workspace, by);
      await notify(workspace, deps.logger, taskCompletedDrafts(moved, team.managerIds, by, byName));
    }
    return moved;
  },
});
