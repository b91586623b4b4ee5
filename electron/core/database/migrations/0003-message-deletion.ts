import type { Migration } from './migration';

/**
 * Messages may be deleted by their sender and stay in the chat as "deleted" (`deletedAt`, an
 * emptied body). A new optional field: every stored message is already valid at the new version.
 */
export const messageDeletion: Migration = {
  name: '0003-message-deletion',
  toVersion: { messages: 1 },
  migrate: (doc) => doc,
};
