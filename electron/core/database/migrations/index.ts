import type { MigrationStrategies } from 'rxdb';
import type { CollectionName } from '../../../../shared/schema';
import { lifecycleTransitions } from './0001-lifecycle-transitions';
import { certificateSignatures } from './0002-certificate-signatures';
import { notificationsAndPreferences } from './0003-notifications';
import { removedMessagesAndPosts } from './0004-removed-messages-and-posts';
import { broadcastChats } from './0005-broadcast-chats';
import { notificationProgrammes } from './0006-notification-programmes';
import { messageAttachments } from './0007-message-attachments';
import { organisationSettings } from './0008-organisation-settings';
import type { Migration } from './migration';

/** Every migration, oldest first. Append only: a released step never changes. */
export const migrations: readonly Migration[] = [
  lifecycleTransitions,
  certificateSignatures,
  notificationsAndPreferences,
  removedMessagesAndPosts,
  broadcastChats,
  notificationProgrammes,
  messageAttachments,
  organisationSettings,
];

/** RxDB's migration strategies of one collection: version → the step that reaches it. */
export const migrationStrategiesOf = (collection: CollectionName): MigrationStrategies =>
  Object.fromEntries(
    migrations.flatMap((migration) => {
      const version = migration.toVersion[collection];
      return version === undefined ? [] : [[version, migration.migrate]];
    }),
  );
