import { HostFailure } from '../../../shared/contract';
import type { CommandName } from '../../../shared/contract';
import { NONE } from '../../../shared/schema/fields';
import type { ForumPostDoc } from '../../../shared/schema';
import type { CommandHandler } from '../host/registry';
import {
  ensureCan,
  ensureNotArchived,
  getDoc,
  insertDoc,
  loadProgrammeTeam,
  nameOf,
  requireWorkspace,
  updateDoc,
} from '../workspace';
import type { FeatureDeps, Workspace } from '../workspace';
import { threadReplyDrafts } from '../../../shared/domain';
import { markReadUpTo } from '../chats/read-markers';
import { markReadAbout, notify } from '../notifications/notify';
import { loadReadableThread, moderatorIdsOf } from './forum-access';

type ForumCommands = { readonly [N in CommandName & `forum.${string}`]: CommandHandler<N> };

/** A post the caller may read, with its thread's access. */
const loadPost = async (workspace: Workspace, postId: string) => {
  const post = await getDoc(workspace, 'forumPosts', postId, 'post');
  const access = await loadReadableThread(workspace, post.threadId);
  if (post.removedAt !== undefined) {
    throw new HostFailure('conflict', 'This post was removed: it does not change again.');
  }
  return { post, ...access };
};

const removed = (
  workspace: Workspace,
  current: ForumPostDoc,
  reason: string | undefined,
): ForumPostDoc => {
  const now = workspace.now();
  return {
    ...current,
    body: '',
    removedAt: now,
    removedBy: workspace.actor.id,
    ...(reason === undefined ? {} : { removedReason: reason }),
    updatedAt: now,
  };
};

/**
 * The forum commands. Replying is `forum.reply` only: the one place a "reply to your thread"
 * notification (issue 16) is written, after the reply.
 */
export const createForumCommands = (deps: FeatureDeps): ForumCommands => ({
  'forum.startThread': async ({ programmeId, title, body }) => {
    const workspace = requireWorkspace(deps);
    if (programmeId !== undefined) {
      const team = await loadProgrammeTeam(workspace, programmeId);
      ensureNotArchived(team.programme);
      if (workspace.actor.role !== 'admin' && !team.memberIds.includes(workspace.actor.id)) {
        throw new HostFailure('forbidden', 'Only the programme’s people write in its forum.');
      }
    }
    ensureCan(workspace, 'forum.startThread');
    const id = workspace.newId();
    const now = workspace.now();
    return insertDoc(workspace, 'forumPosts', {
      id,
      kind: 'thread',
      threadId: id,
      programmeId: programmeId ?? NONE,
      title,
      body,
      createdBy: workspace.actor.id,
      pinned: false,
      locked: false,
      createdAt: now,
      updatedAt: now,
    });
  },

  'forum.reply': async ({ threadId, body, replyTo }) => {
    const workspace = requireWorkspace(deps);
    const { thread, team } = await loadReadableThread(workspace, threadId);
    if (thread.locked === true) {
      throw new HostFailure('conflict', 'This thread is locked: it takes no more replies.');
    }
    if (thread.removedAt !== undefined) {
      throw new HostFailure('conflict', 'This thread was removed: it takes no more replies.');
    }
    if (team) ensureNotArchived(team.programme);
    ensureCan(workspace, 'forum.reply');
    const now = workspace.now();
    const reply = await insertDoc(workspace, 'forumPosts', {
      id: workspace.newId(),
      kind: 'reply',
      threadId,
      programmeId: thread.programmeId,
      title: NONE,
      body,
      createdBy: workspace.actor.id,
      ...(replyTo === undefined ? {} : { replyTo }),
      createdAt: now,
      updatedAt: now,
    });
    // Whoever started the thread hears of the reply (not of their own).
    const replier = await nameOf(workspace, workspace.actor.id);
    await notify(workspace, deps.logger, threadReplyDrafts(thread, reply, replier));
    return reply;
  },

  'forum.editPost': async ({ postId, body }) => {
    const workspace = requireWorkspace(deps);
    const { post, thread, team } = await loadPost(workspace, postId);
    ensureCan(workspace, 'forum.editPost', [post.createdBy]);
    if (thread.locked === true && !moderatorIdsOf(workspace, team).includes(workspace.actor.id)) {
      throw new HostFailure('conflict', 'This thread is locked: its posts stay as they are.');
    }
    const now = workspace.now();
    return updateDoc(
      workspace,
      'forumPosts',
      postId,
      (current) => ({ ...current, body, editedAt: now, updatedAt: now }),
      'post',
    );
  },

  'forum.deletePost': async ({ postId }) => {
    const workspace = requireWorkspace(deps);
    const { post } = await loadPost(workspace, postId);
    ensureCan(workspace, 'forum.editPost', [post.createdBy]);
    return updateDoc(
      workspace,
      'forumPosts',
      postId,
      (c) => removed(workspace, c, undefined),
      'post',
    );
  },

  'forum.removePost': async ({ postId, reason }) => {
    const workspace = requireWorkspace(deps);
    const { team } = await loadPost(workspace, postId);
    ensureCan(workspace, 'forum.moderate', moderatorIdsOf(workspace, team));
    return updateDoc(workspace, 'forumPosts', postId, (c) => removed(workspace, c, reason), 'post');
  },

  'forum.moderate': async ({ threadId, pinned, locked }) => {
    const workspace = requireWorkspace(deps);
    const { team } = await loadReadableThread(workspace, threadId);
    ensureCan(workspace, 'forum.moderate', moderatorIdsOf(workspace, team));
    const now = workspace.now();
    return updateDoc(
      workspace,
      'forumPosts',
      threadId,
      (current) => {
        const { lockedAt: _was, ...rest } = current;
        const nextLocked = locked ?? current.locked === true;
        return {
          ...rest,
          pinned: pinned ?? current.pinned === true,
          locked: nextLocked,
          // Since when: replies written after it are not shown (a lock kept keeps its time).
          ...(nextLocked
            ? { lockedAt: current.locked === true ? (current.lockedAt ?? now) : now }
            : {}),
          updatedAt: now,
        };
      },
      'thread',
    );
  },

  'forum.markRead': async ({ threadId, upTo }) => {
    const workspace = requireWorkspace(deps);
    await loadReadableThread(workspace, threadId);
    await markReadUpTo(workspace, 'thread', threadId, upTo);
    await markReadAbout(workspace, 'forum_reply', threadId);
    return null;
  },
});
