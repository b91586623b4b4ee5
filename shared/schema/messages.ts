import type { ExtractDocumentTypeFromTypedRxJsonSchema, RxJsonSchema } from 'rxdb';
import { fileRefField, idField, isoField, timestampFields, typedSchema } from './fields';

/**
 * One message in a chat. The seed's MESSAGE. A deleted message stays, emptied, with `deletedAt`,
 * so both sides show "deleted" where it was (shared/domain's writeRules: a message says something
 * unless it is deleted, and a deleted one never changes again).
 *
 * Version 2 (migration 0007) adds `attachments`: files sent with the message (at most 5; their
 * bytes in the chat's database on the server, docs/FILES.md), fixed once sent and emptied by a
 * deletion; and an index by `createdAt` alone, for the attachments fetched ahead (the newest of
 * every chat). Optional: messages sent before carry none.
 */
const literal = typedSchema({
  title: 'messages',
  description: 'Messages of chats.',
  version: 2,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: idField,
    chatId: idField,
    /** The sender. */
    createdBy: idField,
    body: { type: 'string', maxLength: 10_000 },
    editedAt: isoField,
    deletedAt: isoField,
    attachments: { type: 'array', maxItems: 5, items: fileRefField },
    ...timestampFields,
  },
  required: ['id', 'chatId', 'createdBy', 'body', 'createdAt', 'updatedAt'],
  indexes: [['chatId', 'createdAt'], ['createdBy', 'createdAt'], ['createdAt']],
  additionalProperties: false,
} as const);

export type MessageDoc = ExtractDocumentTypeFromTypedRxJsonSchema<typeof literal>;
export const messagesSchema: RxJsonSchema<MessageDoc> = literal;
