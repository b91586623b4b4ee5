import type { ExtractDocumentTypeFromTypedRxJsonSchema, RxJsonSchema } from 'rxdb';
import { TITLE_MAX, idField, idListField, timestampFields, typedSchema } from './fields';

export const chatKinds = ['direct', 'group', 'programme', 'broadcast'] as const;
export type ChatKind = (typeof chatKinds)[number];

/** Who a broadcast is to: every person of one role (issue 15: all mentors or all managers). */
export const broadcastAudiences = ['mentors', 'managers'] as const;
export type BroadcastAudience = (typeof broadcastAudiences)[number];

/**
 * A conversation: direct (two people), group, a programme's channel, or a broadcast (an admin or
 * manager to every mentor or every manager: `audience`; its members list only its sender, the
 * readers follow from their role). The seed's CHAT and CHAT BOX. It holds no "last message"
 * field, so messages sent offline never conflict with it.
 *
 * Version 1 (migration 0005) adds the kind `broadcast` and the optional `audience`.
 */
const literal = typedSchema({
  title: 'chats',
  description: 'Direct, group and programme conversations and their members.',
  version: 1,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: idField,
    kind: { type: 'string', enum: chatKinds, maxLength: 10 },
    title: { type: 'string', maxLength: TITLE_MAX },
    memberIds: idListField,
    /** A broadcast's readers: every mentor or every manager (absent for other kinds). */
    audience: { type: 'string', enum: broadcastAudiences, maxLength: 10 },
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
