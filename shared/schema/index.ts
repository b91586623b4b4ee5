import type { RxJsonSchema } from 'rxdb';
import { applicationsSchema } from './applications';
import { certificatesSchema } from './certificates';
import { chatsSchema } from './chats';
import { forumPostsSchema } from './forumPosts';
import { forumThreadsSchema } from './forumThreads';
import { jobRolesSchema } from './jobRoles';
import { messagesSchema } from './messages';
import { notificationsSchema } from './notifications';
import { programmeMembersSchema } from './programmeMembers';
import { programmesSchema } from './programmes';
import { reportsSchema } from './reports';
import { tasksSchema } from './tasks';
import { techStacksSchema } from './techStacks';
import { userDetailsSchema } from './userDetails';
import { usersSchema } from './users';

export * from './applications';
export * from './certificates';
export * from './chats';
export * from './fields';
export * from './forumPosts';
export * from './forumThreads';
export * from './jobRoles';
export * from './messages';
export * from './notifications';
export * from './programmeMembers';
export * from './programmes';
export * from './reports';
export * from './tasks';
export * from './techStacks';
export * from './userDetails';
export * from './users';

/** Every collection of the app (DESIGN §2), by name. One RxDB collection ↔ one CouchDB database. */
export const collections = {
  users: usersSchema,
  userDetails: userDetailsSchema,
  programmes: programmesSchema,
  programmeMembers: programmeMembersSchema,
  applications: applicationsSchema,
  tasks: tasksSchema,
  techStacks: techStacksSchema,
  jobRoles: jobRolesSchema,
  reports: reportsSchema,
  certificates: certificatesSchema,
  chats: chatsSchema,
  messages: messagesSchema,
  forumThreads: forumThreadsSchema,
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
  techStacks: 'createdBy',
  jobRoles: 'createdBy',
  reports: 'createdBy',
  certificates: 'createdBy',
  chats: 'createdBy',
  messages: 'createdBy',
  forumThreads: 'createdBy',
  forumPosts: 'createdBy',
  notifications: 'createdBy',
} as const satisfies { [C in CollectionName]: keyof DocOf<C> & string };
