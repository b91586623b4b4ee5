import type { Migration } from './migration';

/**
 * Notifications name the programme their event belongs to (`programmeId`, issue 16), so the
 * server can check the sender's relation to it. The field is new and optional: stored
 * notifications stay as they are (absent means no programme). Filling it in here would not do: a
 * recipient marking an old notification read would then send a changed `programmeId`, which the
 * server refuses (only `read` and `readAt` change), and the ones still on the server lack it anyway.
 */
export const notificationProgrammes: Migration = {
  name: '0006-notification-programmes',
  toVersion: { notifications: 2 },
  migrate: (doc) => doc,
};
