import type { Migration } from './migration';

/**
 * Chat messages may be deleted by their sender and stay in the chat as "deleted" (`deletedAt`, an
 * emptied body); forum posts may be removed (by a moderator, with a reason, or by their author:
 * `removedAt`, `removedBy`, `removedReason`) and a locked thread says since when (`lockedAt`).
 * New optional fields only: every stored document is already valid at the new versions.
 */
export const removedMessagesAndPosts: Migration = {
  name: '0004-removed-messages-and-posts',
  toVersion: { messages: 1, forumPosts: 1 },
  migrate: (doc) => doc,
};
