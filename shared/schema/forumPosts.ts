import type { ExtractDocumentTypeFromTypedRxJsonSchema, RxJsonSchema } from 'rxdb';
import { TEXT_MAX, idField, isoField, timestampFields, typedSchema } from './fields';

/** A reply in a forum thread. */
const literal = typedSchema({
  title: 'forumPosts',
  description: 'Replies in forum threads.',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: idField,
    threadId: idField,
    body: { type: 'string', minLength: 1, maxLength: TEXT_MAX },
    createdBy: idField,
    /** The post this one answers, when it quotes one. */
    replyTo: idField,
    editedAt: isoField,
    ...timestampFields,
  },
  required: ['id', 'threadId', 'body', 'createdBy', 'createdAt', 'updatedAt'],
  indexes: [
    ['threadId', 'createdAt'],
    ['createdBy', 'createdAt'],
  ],
  additionalProperties: false,
} as const);

export type ForumPostDoc = ExtractDocumentTypeFromTypedRxJsonSchema<typeof literal>;
export const forumPostsSchema: RxJsonSchema<ForumPostDoc> = literal;
