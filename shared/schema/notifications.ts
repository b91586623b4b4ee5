import type { ExtractDocumentTypeFromTypedRxJsonSchema, RxJsonSchema } from 'rxdb';
import { TITLE_MAX, idField, isoField, timestampFields, typedSchema } from './fields';

export const notificationKinds = [
  'account_approved',
  'application_received',
  'application_decided',
  'task_assigned',
  'task_completed',
  'report_submitted',
  'details_decided',
  'certificate_pending_approval',
  'certificate_approved',
  'certificate_revoked',
  'message',
  'forum_reply',
  'programme_changed',
  'broadcast',
] as const;
export type NotificationKind = (typeof notificationKinds)[number];

/**
 * How a person wants each category of notification delivered (kept on their profile, `users`):
 * listed in the bell only, also as a desktop notification, or not at all.
 */
export const notificationDeliveries = ['inApp', 'desktop', 'off'] as const;
export type NotificationDelivery = (typeof notificationDeliveries)[number];

/** The categories a person sets a delivery for; each kind belongs to one (shared/domain). */
export const notificationCategories = [
  'applications',
  'tasks',
  'reports',
  'people',
  'certificates',
  'messages',
  'forum',
  'broadcasts',
  'programmes',
] as const;
export type NotificationCategory = (typeof notificationCategories)[number];

/**
 * A notice to one person, linking to what it is about. Only its recipient marks it read.
 *
 * Version 1 (migration 0003) adds the kinds task_completed and details_decided, and `event`: what
 * happened to the linked entity (a decision, an assignment's time...). The id is derived from the
 * recipient, the kind, the entity and the event (shared/domain/notifications), so the same event
 * noticed twice is one document, and the server checks that it is.
 *
 * Version 2 (migration 0006) adds `programmeId`: the programme a notification of a programme's
 * event is about (a task's, an application's...), so the server can check that its sender has the
 * relation to that programme (shared/domain/notifications). Optional, unlike other references:
 * notifications already on the server were written without it, and a recipient marking one read
 * must not add a field to it (only `read`/`readAt` may change). Absent means none (NONE).
 */
const literal = typedSchema({
  title: 'notifications',
  description: 'Notifications to one recipient each.',
  version: 2,
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
    /** The programme its event belongs to; absent (or NONE) for events of no programme. */
    programmeId: idField,
    /** What happened to the entity; part of the id. */
    event: { type: 'string', maxLength: 64 },
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
