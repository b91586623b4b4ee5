import type { Migration } from './migration';

/**
 * Notifications (issue 16): two new kinds (task_completed, details_decided) and the optional
 * `event` a notification's id is derived from; people's profiles gain the optional
 * `notificationPreferences`. Every field is new and optional, so stored documents stay as they
 * are: a notification from before keeps its random id (the server judges ids only as they are
 * created), a profile without preferences takes the defaults.
 */
export const notificationsAndPreferences: Migration = {
  name: '0003-notifications',
  toVersion: { notifications: 1, users: 2 },
  migrate: (doc) => doc,
};
