import type { ExtractDocumentTypeFromTypedRxJsonSchema, RxJsonSchema } from 'rxdb';
import { TEXT_MAX, TITLE_MAX, idField, timestampFields, typedSchema } from './fields';

/** A discussion topic, organisation-wide or in one programme. The seed's DISCUSSION FORUM. */
const literal = typedSchema({
  title: 'forumThreads',
  description: 'Forum threads, organisation-wide or per programme.',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: idField,
    /** NONE for the organisation-wide forum. */
    programmeId: idField,
    title: { type: 'string', minLength: 1, maxLength: TITLE_MAX },
    body: { type: 'string', maxLength: TEXT_MAX },
    createdBy: idField,
    pinned: { type: 'boolean' },
    locked: { type: 'boolean' },
    ...timestampFields,
  },
  required: ['id', 'programmeId', 'title', 'body', 'createdBy', 'createdAt', 'updatedAt'],
  indexes: [
    ['programmeId', 'createdAt'],
    ['createdBy', 'createdAt'],
  ],
  additionalProperties: false,
} as const);

export type ForumThreadDoc = ExtractDocumentTypeFromTypedRxJsonSchema<typeof literal>;
export const forumThreadsSchema: RxJsonSchema<ForumThreadDoc> = literal;
