import type { ExtractDocumentTypeFromTypedRxJsonSchema, RxJsonSchema } from 'rxdb';
import { TITLE_MAX, idField, isoField, timestampFields, typedSchema } from './fields';

export const notificationKinds = [
  'account_approved',
  'application_received',
  'application_decided',
  'task_assigned',
  'report_submitted',
  'certificate_pending_approval',
  'certificate_approved',
  'certificate_revoked',
  'message',
  'forum_reply',
  'programme_changed',
  'broadcast',
] as const;
export type NotificationKind = (typeof notificationKinds)[number];

/** A notice to one person, linking to what it is about. Only its recipient marks it read. */
const literal = typedSchema({
  title: 'notifications',
  description: 'Notifications to one recipient each.',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: idField,
    recipientId: idField,
    kind: { type: 'string', enum: notificationKinds, maxLength: 40 },
    title: { type: 'string', minLength: 1, maxLength: TITLE_MAX },
    body: { type: 'string', maxLength: 2_000 },
    /** The entity it is about: a collection name and a document id. */
    link: {
      type: 'object',
      properties: { collection: { type: 'string', maxLength: 40 }, id: idField },
      required: ['collection', 'id'],
      additionalProperties: false,
    },
    read: { type: 'boolean' },
    readAt: isoField,
    /** Who caused it. */
    createdBy: idField,
    ...timestampFields,
  },
  required: [
    'id',
    'recipientId',
    'kind',
    'title',
    'body',
    'read',
    'createdBy',
    'createdAt',
    'updatedAt',
  ],
  indexes: [
    ['recipientId', 'read', 'createdAt'],
    ['recipientId', 'createdAt'],
  ],
  additionalProperties: false,
} as const);

export type NotificationDoc = ExtractDocumentTypeFromTypedRxJsonSchema<typeof literal>;
export const notificationsSchema: RxJsonSchema<NotificationDoc> = literal;
