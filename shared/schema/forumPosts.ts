import type { ExtractDocumentTypeFromTypedRxJsonSchema, RxJsonSchema } from 'rxdb';
import { TEXT_MAX, TITLE_MAX, idField, isoField, timestampFields, typedSchema } from './fields';

/** A thread is its opening post; a reply answers one. */
export const forumPostKinds = ['thread', 'reply'] as const;
export type ForumPostKind = (typeof forumPostKinds)[number];

/**
 * The seed's DISCUSSION FORUM: threads (organisation-wide or in one programme) and their replies
 * in one collection, since RxDB's open-source build allows only 13 collections (see ./index).
 * A thread's `threadId` is its own id, so one index lists a whole thread, opening post first.
 * What depends on the kind (a thread has a title, a reply none and is never pinned or locked) is
 * checked by shared/domain's writeRules, on the client and the server.
 */
const literal = typedSchema({
  title: 'forumPosts',
  description:
    'Forum threads (their opening posts) and replies, organisation-wide or per programme.',
  version: 1,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: idField,
    kind: { type: 'string', enum: forumPostKinds, maxLength: 6 },
    /** The thread's id: its own for a thread. */
    threadId: idField,
    /** NONE for the organisation-wide forum; a reply carries its thread's. */
    programmeId: idField,
    /** The thread's title; NONE for a reply. */
    title: { type: 'string', maxLength: TITLE_MAX },
    body: { type: 'string', maxLength: TEXT_MAX },
    createdBy: idField,
    /** Threads only: set by moderators. */
    pinned: { type: 'boolean' },
    locked: { type: 'boolean' },
    /** When the thread was locked (set with `locked`): replies written after it are not shown. */
    lockedAt: isoField,
    /**
     * Removed by a moderator (with the reason) or deleted by its author: the text is gone, the
     * place stays ("removed: off topic"). A removed post never changes again.
     */
    removedAt: isoField,
    removedBy: idField,
    removedReason: { type: 'string', maxLength: 500 },
    /** The post a reply answers, when it quotes one. */
    replyTo: idField,
    editedAt: isoField,
    ...timestampFields,
  },
  required: [
    'id',
    'kind',
    'threadId',
    'programmeId',
    'title',
    'body',
    'createdBy',
    'createdAt',
    'updatedAt',
  ],
  indexes: [
    ['threadId', 'createdAt'],
    ['programmeId', 'kind', 'createdAt'],
    ['createdBy', 'createdAt'],
  ],
  additionalProperties: false,
} as const);

export type ForumPostDoc = ExtractDocumentTypeFromTypedRxJsonSchema<typeof literal>;
export const forumPostsSchema: RxJsonSchema<ForumPostDoc> = literal;
