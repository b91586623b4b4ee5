import type { ExtractDocumentTypeFromTypedRxJsonSchema, RxJsonSchema } from 'rxdb';
import { idField, isoField, timestampFields, typedSchema } from './fields';

/** One message in a chat. The seed's MESSAGE. */
const literal = typedSchema({
  title: 'messages',
  description: 'Messages of chats.',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: idField,
    chatId: idField,
    /** The sender. */
    createdBy: idField,
    body: { type: 'string', minLength: 1, maxLength: 10_000 },
    editedAt: isoField,
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
