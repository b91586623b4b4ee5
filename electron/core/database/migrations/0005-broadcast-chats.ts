import type { Migration } from './migration';

/**
 * Broadcast chats (issue 15): a chat may be of kind `broadcast`, with its `audience` (all mentors
 * or all managers). A new enum value and an optional field: stored chats are valid as they are.
 */
export const broadcastChats: Migration = {
  name: '0005-broadcast-chats',
  toVersion: { chats: 1 },
  migrate: (doc) => doc,
};
