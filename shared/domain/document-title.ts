import { ORGANISATION_SETTINGS_ID } from './organisation';
import type { CollectionName } from '../schema/index';

/**
 * What one document is called where a list names documents of any collection (the sync panel's
 * outbox, refused documents, conflicts): its title or name when it has one, else what it is.
 */

/** A collection as people call one of its documents. */
export const documentKindLabel: Readonly<Record<CollectionName, string>> = {
  users: 'Profile',
  userDetails: 'Mentor details',
  programmes: 'Programme',
  programmeMembers: 'Programme membership',
  applications: 'Application',
  tasks: 'Task',
  referenceLists: 'Reference list entry',
  reports: 'Report',
  certificates: 'Certificate',
  chats: 'Chat',
  messages: 'Message',
  forumPosts: 'Forum post',
  notifications: 'Notification',
};

/** A collection's documents in the plural, for headings. */
export const collectionLabel: Readonly<Record<CollectionName, string>> = {
  users: 'Profiles',
  userDetails: 'Mentor details',
  programmes: 'Programmes',
  programmeMembers: 'Programme memberships',
  applications: 'Applications',
  tasks: 'Tasks',
  referenceLists: 'Reference lists',
  reports: 'Reports',
  certificates: 'Certificates',
  chats: 'Chats',
  messages: 'Messages',
  forumPosts: 'Forum posts',
  notifications: 'Notifications',
};

const MAX_TITLE = 80;

const textOf = (doc: Readonly<Record<string, unknown>>, field: string): string | undefined => {
  const value = doc[field];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
};

const shortened = (text: string): string =>
  text.length > MAX_TITLE ? `${text.slice(0, MAX_TITLE - 1).trimEnd()}…` : text;

/** The document's own words for itself, or its kind. */
export const documentTitle = (
  collection: CollectionName,
  doc: Readonly<Record<string, unknown>>,
): string => {
  const own =
    textOf(doc, 'title') ??
    textOf(doc, 'name') ??
    textOf(doc, 'fullName') ??
    textOf(doc, 'username') ??
    textOf(doc, 'certificateCode') ??
    textOf(doc, 'body');
  return own ? shortened(own.replace(/\s+/g, ' ')) : documentKindLabel[collection];
};

/** Where a document of a collection is shown, when it has a screen of its own. */
export const documentPath = (collection: string, id: string): string | undefined => {
  const encoded = encodeURIComponent(id);
  switch (collection) {
    case 'tasks':
      return `/tasks/${encoded}`;
    case 'reports':
      return `/reports/${encoded}`;
    case 'programmes':
      return `/programmes/${encoded}`;
    case 'users':
      return `/people/${encoded}`;
    case 'referenceLists':
      // The organisation's settings are one document of the collection (domain/organisation).
      return id === ORGANISATION_SETTINGS_ID ? '/organisation' : '/reference-lists';
    default:
      return undefined;
  }
};
