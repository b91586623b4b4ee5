import { z } from 'zod';
import {
  deleteForumPostInput,
  editForumPostInput,
  markThreadReadInput,
  moderateThreadInput,
  removeForumPostInput,
  replyToThreadInput,
  startForumThreadInput,
} from '../domain/inputs/index';
import type { ForumPostDoc } from '../schema/index';
import { command, liveQuery } from './define';

/** The forum: organisation-wide and per-programme threads and their replies (issue 15). */

const idInput = z.string().min(1).max(64);

/** A forum a person may read and write in: the organisation's (id '') or a programme's. */
export interface ForumRef {
  readonly id: string;
  readonly name: string;
}

export interface ThreadRow {
  readonly id: string;
  readonly title: string;
  readonly programmeId: string;
  readonly forumName: string;
  readonly authorName: string;
  readonly createdAt: string;
  /** The newest post's time: the list's order (pinned threads first). */
  readonly lastActivityAt: string;
  readonly replyCount: number;
  readonly pinned: boolean;
  readonly locked: boolean;
  readonly removed: boolean;
  /** Something in it is newer than what this person has read (on any of their machines). */
  readonly unread: boolean;
}

export interface ThreadList {
  readonly rows: readonly ThreadRow[];
  readonly forums: readonly ForumRef[];
}

export interface ThreadView {
  readonly thread: ForumPostDoc;
  readonly forumName: string;
  /** Replies in the order written; replies that arrived after the lock are left out. */
  readonly replies: readonly ForumPostDoc[];
  /** Replies written after the thread was locked (by a modified or very late client): not shown. */
  readonly hiddenAfterLock: number;
  readonly people: Readonly<Record<string, string>>;
  readonly can: { readonly reply: boolean; readonly moderate: boolean };
  readonly readAt: string | null;
  readonly focusId: string | null;
}

export const forumContract = {
  'forum.threads': liveQuery<ThreadList>()(
    z.object({ forum: z.string().max(64).optional() }).strict(),
    'Threads the caller may read (one forum: "" for the organisation’s, or a programme id), pinned first, then by last activity.',
  ),
  'forum.thread': liveQuery<ThreadView | null>()(
    z.object({ threadId: idInput, postId: idInput.optional() }).strict(),
    'One thread with its replies; null when the caller may not read it.',
  ),
  'forum.startThread': command<ForumPostDoc>()(startForumThreadInput, 'Starts a thread.'),
  'forum.reply': command<ForumPostDoc>()(
    replyToThreadInput,
    'Replies in a thread (refused when it is locked). The one place a “reply to your thread” notification hooks in.',
  ),
  'forum.editPost': command<ForumPostDoc>()(editForumPostInput, 'Edits one of the caller’s posts.'),
  'forum.deletePost': command<ForumPostDoc>()(
    deleteForumPostInput,
    'Deletes one of the caller’s posts: its place stays, saying it was deleted.',
  ),
  'forum.moderate': command<ForumPostDoc>()(
    moderateThreadInput,
    'Pins or unpins, locks or unlocks a thread (managers of its programme, admins).',
  ),
  'forum.removePost': command<ForumPostDoc>()(
    removeForumPostInput,
    'Removes a post with a reason (managers of its programme, admins).',
  ),
  'forum.markRead': command<null>()(
    markThreadReadInput,
    'Records how far the caller has read a thread (synced to their other machines).',
  ),
} as const;
