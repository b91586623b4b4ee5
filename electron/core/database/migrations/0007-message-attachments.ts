import type { Migration } from './migration';

/**
 * Chat attachments (issue 17): a message may carry `attachments`, and messages gain an index by
 * `createdAt` alone (the attachments fetched ahead). A new optional field: stored messages are
 * valid as they are, and stay without it (a deletion or an edit must not add one: the server
 * refuses a message whose files change).
 */
export const messageAttachments: Migration = {
  name: '0007-message-attachments',
  toVersion: { messages: 2 },
  migrate: (doc) => doc,
};
