import type { ExtractDocumentTypeFromTypedRxJsonSchema, RxJsonSchema } from 'rxdb';
import { TITLE_MAX, idField, idListField, timestampFields, typedSchema } from './fields';

export const chatKinds = ['direct', 'group', 'programme'] as const;
export type ChatKind = (typeof chatKinds)[number];

/**
 * A conversation: direct (two people), group, or a programme's channel. The seed's CHAT and CHAT
 * BOX. It holds no "last message" field, so messages sent offline never conflict with it.
 */
const literal = typedSchema({
  title: 'chats',
  description: 'Direct, group and programme conversations and their members.',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: idField,
    kind: { type: 'string', enum: chatKinds, maxLength: 10 },
    title: { type: 'string', maxLength: TITLE_MAX },
    memberIds: idListField,
    /** The programme of a programme channel; NONE otherwise. */
    programmeId: idField,
    createdBy: idField,
    ...timestampFields,
  },
  required: ['id', 'kind', 'memberIds', 'programmeId', 'createdBy', 'createdAt', 'updatedAt'],
  indexes: [['programmeId', 'createdAt'], ['createdBy', 'createdAt'], 'updatedAt'],
  additionalProperties: false,
} as const);

export type ChatDoc = ExtractDocumentTypeFromTypedRxJsonSchema<typeof literal>;
export const chatsSchema: RxJsonSchema<ChatDoc> = literal;
