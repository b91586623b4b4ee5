import { HostFailure } from '../../../shared/contract';
import { mayReadForumPost } from '../../../shared/domain/conversations';
import { NONE } from '../../../shared/schema/fields';
import type { ForumPostDoc } from '../../../shared/schema';
import { allows, getDoc, loadProgrammeTeam } from '../workspace';
import type { ProgrammeTeam, Workspace } from '../workspace';

/**
 * Who reads and moderates which thread, as the app applies it: the organisation's forum is
 * everyone's, a programme's its people's and admins' (shared/domain `mayReadForumPost`).
 * Moderators are admins, the programme's managers, and — in the organisation's forum — any
 * manager. The server checks the role only (it cannot see who manages a programme).
 */
export const moderatorIdsOf = (workspace: Workspace, team: ProgrammeTeam | null): string[] =>
  team ? [...team.managerIds] : workspace.actor.role === 'manager' ? [workspace.actor.id] : [];

export const mayModerate = (workspace: Workspace, team: ProgrammeTeam | null): boolean =>
  allows(workspace, 'forum.moderate', moderatorIdsOf(workspace, team));

export interface ThreadAccess {
  readonly thread: ForumPostDoc;
  readonly team: ProgrammeTeam | null;
}

/** A thread (by its id) the caller may read, with its programme's team. */
export const loadReadableThread = async (
  workspace: Workspace,
  threadId: string,
): Promise<ThreadAccess> => {
  const thread = await getDoc(workspace, 'forumPosts', threadId, 'thread');
  if (thread.kind !== 'thread') throw new HostFailure('not_found', 'There is no such thread.');
  const team =
    thread.programmeId === NONE ? null : await loadProgrammeTeam(workspace, thread.programmeId);
  if (!mayReadForumPost(workspace.actor, thread, team?.memberIds ?? [])) {
    throw new HostFailure('forbidden', 'Only the programme’s people read its forum.');
  }
  return { thread, team };
};

/** Replies written after the lock (by a moderator excepted) are not shown: see docs/SECURITY.md. */
export const shownAfterLock = (
  thread: ForumPostDoc,
  reply: ForumPostDoc,
  moderatorIds: readonly string[],
): boolean =>
  thread.locked !== true ||
  thread.lockedAt === undefined ||
  reply.createdAt <= thread.lockedAt ||
  moderatorIds.includes(reply.createdBy);
