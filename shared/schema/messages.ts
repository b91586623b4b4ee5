import type { ExtractDocumentTypeFromTypedRxJsonSchema, RxJsonSchema } from 'rxdb';
import { idField, isoField, timestampFields, typedSchema } from './fields';

/**
 * One message in a chat. The seed's MESSAGE. A deleted message stays, emptied, with `deletedAt`,
 * so both sides show "deleted" where it was (shared/domain's writeRules: a message says something
 * unless it is deleted, and a deleted one never changes again).
 */
const literal = typedSchema({
  title: 'messages',
  description: 'Messages of chats.',
  version: 1,
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
    ...timestampFields,
  },
  required: ['id', 'chatId', 'createdBy', 'body', 'createdAt', 'updatedAt'],
  indexes: [
    ['chatId', 'createdAt'],
    ['createdBy', 'createdAt'],
  ],
  additionalProperties: false,
} as const);

export type MessageDoc = ExtractDocumentTypeFromTypedRxJsonSchema<typeof literal>;
export const messagesSchema: RxJsonSchema<MessageDoc> = literal;
