import type { RxJsonSchema } from 'rxdb';
import { applicationsSchema } from './applications';
import { certificatesSchema } from './certificates';
import { chatsSchema } from './chats';
import { forumPostsSchema } from './forumPosts';
import { messagesSchema } from './messages';
import { notificationsSchema } from './notifications';
import { programmeMembersSchema } from './programmeMembers';
import { programmesSchema } from './programmes';
import { referenceListsSchema } from './referenceLists';
import { reportsSchema } from './reports';
import { tasksSchema } from './tasks';
import { userDetailsSchema } from './userDetails';
import { usersSchema } from './users';

export * from './applications';
export * from './certificates';
export * from './chats';
export * from './fields';
export * from './forumPosts';
export * from './messages';
export * from './notifications';
export * from './programmeMembers';
export * from './programmes';
export * from './referenceLists';
export * from './reports';
export * from './tasks';
export * from './userDetails';
export * from './users';

/**
 * RxDB's open-source build refuses a 14th collection in a process (COL23, counted across all
 * databases) and the app opens every collection at once, so there are at most this many: documents
 * of the same nature share one (referenceLists, forumPosts) and local-only records are RxDB local
 * documents, not collections.
 */
export const MAX_COLLECTIONS = 13;

/** Every collection of the app (DESIGN §2), by name. One RxDB collection ↔ one CouchDB database. */
export const collections = {
  users: usersSchema,
  userDetails: userDetailsSchema,
  programmes: programmesSchema,
  programmeMembers: programmeMembersSchema,
  applications: applicationsSchema,
  tasks: tasksSchema,
  referenceLists: referenceListsSchema,
  reports: reportsSchema,
  certificates: certificatesSchema,
  chats: chatsSchema,
  messages: messagesSchema,
  forumPosts: forumPostsSchema,
  notifications: notificationsSchema,
} as const;

export type Collections = typeof collections;
export type CollectionName = keyof Collections;
export const collectionNames = Object.keys(collections) as CollectionName[];

/** The document type of a collection: `DocOf<'tasks'>` is `TaskDoc`. */
export type DocOf<C extends CollectionName> =
  Collections[C] extends RxJsonSchema<infer D> ? D : never;

export const isCollectionName = (name: unknown): name is CollectionName =>
  typeof name === 'string' && Object.prototype.hasOwnProperty.call(collections, name);

/**
 * The field naming who wrote a document (DESIGN §2: "where the seed names one, its author"). The
 * server checks it against the writer on create; it never changes afterwards.
 */
export const authorField = {
  users: 'id',
  userDetails: 'userId',
  programmes: 'createdBy',
  programmeMembers: 'createdBy',
  applications: 'userId',
  tasks: 'createdBy',
  referenceLists: 'createdBy',
  reports: 'createdBy',
  certificates: 'createdBy',
  chats: 'createdBy',
  messages: 'createdBy',
  forumPosts: 'createdBy',
  notifications: 'createdBy',
} as const satisfies { [C in CollectionName]: keyof DocOf<C> & string };
