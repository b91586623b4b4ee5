import type { CollectionName } from '../schema/index';
import type { FilePurpose } from '../domain/files';
import { NONE } from '../schema/fields';
import { DATABASE_PREFIX, hexOf } from './database-names';
import {
  audienceOfBroadcastId,
  programmeChannelId,
  programmeOfChannel,
} from '../domain/conversations';
import { broadcastAudiences, type BroadcastAudience } from '../schema/chats';

// A programme's channel has the id its programme gives it, so a message of the channel says where
// it lives from its `chatId` alone (validate_doc_update sees nothing but the document).
export { programmeChannelId, programmeOfChannel };

/**
 * Where every document lives on the server: the data is partitioned by audience (DESIGN §3 "Sync").
 * CouchDB reads are per database, so each database holds only what all its members may read, and
 * an edit wakes only the installations that may see it.
 *
 * - `mmm-org`: what everyone in the organisation reads — profiles, programmes and who is in them,
 *   reference lists, certificates (every verifier needs the revocation state), the general forum.
 * - `mmm-programme-<hex id>`: one programme's work — tasks, submitted reports, its channel and
 *   its messages, its forum — read by its creator, its members and admins.
 * - `mmm-person-<hex name>`: one person's own — report drafts, notifications, applications, mentor
 *   details, their direct and group chats (the list of conversations they are in).
 * - `mmm-decisions`: applications and mentor details, for admins and managers who decide them.
 * - `mmm-inbox`: server admins only; the server's own replication passes through it what must reach
 *   someone else (an application to the deciders, a decision or a notification to its person).
 * - `mmm-chat-<hex id>`: the messages of one direct or group chat, read by its members.
 * - `mmm-broadcast-mentors`, `mmm-broadcast-managers`: broadcasts to every person of one role
 *   (issue 15), read by that role and admins; the server's replication brings them from their
 *   senders' own databases, so nobody else writes there.
 *
 * Every document's CouchDB `_id` is `<collection>:<id>` (couchIdOf): a database holds several
 * collections, and the prefix, fixed with the id, is what validate_doc_update and the client route
 * by — a tombstone without fields still says what it was.
 *
 * Pure (shared/): the client's replication and the server's provisioning and validation use the
 * same functions, so they cannot disagree about where a document belongs.
 */

export type DatabaseKind =
  'org' | 'programme' | 'person' | 'decisions' | 'inbox' | 'chat' | 'broadcast';

/** One database of the layout: its kind and what it is about. */
export type Scope =
  | { readonly kind: 'org' }
  | { readonly kind: 'decisions' }
  | { readonly kind: 'inbox' }
  | { readonly kind: 'programme'; readonly programmeId: string }
  | { readonly kind: 'person'; readonly name: string }
  | { readonly kind: 'chat'; readonly chatId: string }
  | { readonly kind: 'broadcast'; readonly audience: BroadcastAudience };

export const orgScope: Scope = { kind: 'org' };
export const decisionsScope: Scope = { kind: 'decisions' };
export const inboxScope: Scope = { kind: 'inbox' };
export const programmeScope = (programmeId: string): Scope => ({ kind: 'programme', programmeId });
export const personScope = (name: string): Scope => ({ kind: 'person', name });
export const chatScope = (chatId: string): Scope => ({ kind: 'chat', chatId });
export const broadcastScope = (audience: BroadcastAudience): Scope => ({
  kind: 'broadcast',
  audience,
});

/** The audience a broadcast's id names, if it names one the app knows. */
const broadcastAudienceOf = (chatId: string): BroadcastAudience | undefined =>
  broadcastAudiences.find((audience) => audience === audienceOfBroadcastId(chatId));

/** The CouchDB database of a scope. Names and ids are hex of their UTF-8, as CouchDB's own are. */
export const databaseOf = (scope: Scope): string => {
  switch (scope.kind) {
    case 'org':
    case 'decisions':
    case 'inbox':
      return `${DATABASE_PREFIX}${scope.kind}`;
    case 'programme':
      return `${DATABASE_PREFIX}programme-${hexOf(scope.programmeId)}`;
    case 'person':
      return `${DATABASE_PREFIX}person-${hexOf(scope.name)}`;
    case 'chat':
      return `${DATABASE_PREFIX}chat-${hexOf(scope.chatId)}`;
    case 'broadcast':
      return `${DATABASE_PREFIX}broadcast-${scope.audience}`;
    default: {
      const unknown: never = scope;
      return unknown;
    }
  }
};

/** Which collections each kind of database holds (validate_doc_update refuses any other). */
export const collectionsIn: { readonly [K in DatabaseKind]: readonly CollectionName[] } = {
  org: ['users', 'programmes', 'programmeMembers', 'referenceLists', 'certificates', 'forumPosts'],
  programme: ['tasks', 'reports', 'chats', 'messages', 'forumPosts'],
  person: ['reports', 'notifications', 'applications', 'userDetails', 'chats', 'messages'],
  decisions: ['applications', 'userDetails'],
  inbox: ['applications', 'userDetails', 'notifications', 'chats', 'messages'],
  chat: ['messages'],
  broadcast: ['chats', 'messages'],
};

/**
 * The databases where a member writes a file document (`files:<sha256>`, shared/domain/files):
 * beside the documents that refer to it — a programme's picture in the organisation's, a CV or an
 * application's file in its author's own (the server's replication takes it on to the deciders
 * with them), a chat's attachment in the chat's. Never straight into the deciders' or the inbox.
 */
export const filesWrittenIn: readonly DatabaseKind[] = ['org', 'programme', 'person', 'chat'];

/**
 * Where a chat's files go and are read: with its messages — a direct or group chat's database, a
 * programme's channel's programme database — so exactly the chat's readers read them. (A
 * broadcast carries none: its messages stay in its sender's database, shared/domain writeRules.)
 */
export const attachmentScopeOf = (chatId: string): Scope => {
  const programmeId = programmeOfChannel(chatId);
  return programmeId === undefined ? chatScope(chatId) : programmeScope(programmeId);
};

/**
 * Where an upload goes, from what it is for: a programme's picture where the programme is, the
 * organisation's logo where its settings are (both the organisation's database), a CV
 * or an application's file in the uploader's own database, a chat attachment with the chat's
 * messages (`chatId`) — as the documents that refer to them.
 */
export const uploadScopeOf = (purpose: FilePurpose, uploader: string, chatId?: string): Scope => {
  if (purpose === 'picture' || purpose === 'logo') return orgScope;
  if (purpose === 'attachment' && chatId !== undefined) return attachmentScopeOf(chatId);
  return personScope(uploader);
};

/**
 * Where a reader looks for a file they do not have, most likely first: their own database (their
 * CV, their application's files), the deciders' (others' CVs and applications, for admins and
 * managers), the organisation's (programmes' pictures). A chat's attachment (`chatId`) is looked
 * for in that chat's database only: one pointing at another database's file opens for nobody.
 */
export const fileSourcesFor = (self: Self, chatId?: string): readonly Scope[] =>
  chatId !== undefined
    ? [attachmentScopeOf(chatId)]
    : [
        personScope(self.name),
        ...(self.roles.includes('admin') || self.roles.includes('manager') ? [decisionsScope] : []),
        orgScope,
      ];

/** `tasks:01J…` — the CouchDB id of a document of a collection. */
export const couchIdOf = (collection: CollectionName, id: string): string => `${collection}:${id}`;

/** The collection and id a CouchDB id names, or null (a design document, another app's data). */
export const parseCouchId = (
  couchId: string,
  isCollection: (name: string) => name is CollectionName,
): { readonly collection: CollectionName; readonly id: string } | null => {
  const colon = couchId.indexOf(':');
  if (colon <= 0) return null;
  const collection = couchId.slice(0, colon);
  const id = couchId.slice(colon + 1);
  return isCollection(collection) && id !== '' ? { collection, id } : null;
};

/** Who is replicating: the signed-in person (their account name and roles). */
export interface Self {
  readonly name: string;
  readonly roles: readonly string[];
}

type Fields = Readonly<Record<string, unknown>>;
const field = (doc: Fields, name: string): string =>
  typeof doc[name] === 'string' ? doc[name] : '';

/**
 * The database a document lives in, for the person writing or reading it (`homeOf` in the docs):
 * the client pushes it there and takes it from there only. Most documents have one home whoever
 * looks; a person's own applications, details and notifications live in their own database (the
 * server's replication takes copies to whoever else must read them), and a report lives in its
 * author's database while it is a draft and in its programme's once submitted — one document that
 * moves, never two copies.
 */
export const homeOf = (collection: CollectionName, doc: Fields, self: Self): Scope => {
  switch (collection) {
    case 'users':
    case 'programmes':
    case 'programmeMembers':
    case 'referenceLists':
    case 'certificates':
      return orgScope;
    case 'forumPosts':
      return field(doc, 'programmeId') === NONE
        ? orgScope
        : programmeScope(field(doc, 'programmeId'));
    case 'tasks':
      return programmeScope(field(doc, 'programmeId'));
    case 'reports':
      return doc['state'] === 'draft'
        ? personScope(field(doc, 'createdBy'))
        : programmeScope(field(doc, 'programmeId'));
    case 'chats': {
      // A direct or group chat lives with each of its members (the inbox takes it to them). A broadcast lives with its sender, and the inbox
      // takes it to its audience's database.
      if (doc['kind'] === 'programme') return programmeScope(field(doc, 'programmeId'));
      const audience = broadcastAudienceOf(field(doc, 'id'));
      if (doc['kind'] === 'broadcast' && audience !== undefined) {
        return field(doc, 'createdBy') === self.name
          ? personScope(self.name)
          : broadcastScope(audience);
      }
      // Someone taken out of a group finds its last version in their own database too (the server
      // writes it there: server/provision/layoutDatabases), and learns from it that they left.
      return personScope(self.name);
    }
    case 'messages': {
      const audience = broadcastAudienceOf(field(doc, 'chatId'));
      if (audience !== undefined) {
        return field(doc, 'createdBy') === self.name
          ? personScope(self.name)
          : broadcastScope(audience);
      }
      const programmeId = programmeOfChannel(field(doc, 'chatId'));
      return programmeId === undefined
        ? chatScope(field(doc, 'chatId'))
        : programmeScope(programmeId);
    }
    case 'notifications':
      // Its sender's (sent) and its recipient's (received): each has it in their own database.
      return field(doc, 'createdBy') === self.name || field(doc, 'recipientId') === self.name
        ? personScope(self.name)
        : personScope(field(doc, 'recipientId'));
    case 'applications':
    case 'userDetails':
      return field(doc, 'userId') === self.name ? personScope(self.name) : decisionsScope;
    default: {
      const unknown: never = collection;
      return unknown;
    }
  }
};

/**
 * Where a document may have lived before its home: a submitted report was its author's draft.
 * A push that does not know the server's earlier version (the draft's answer lost, a restart
 * before it was recorded) still looks there, so a draft left behind is never a second live copy.
 */
export const formerHomeOf = (
  collection: CollectionName,
  doc: Fields,
  self: Self,
): Scope | undefined =>
  collection === 'reports' && doc['state'] !== 'draft' && field(doc, 'createdBy') === self.name
    ? personScope(self.name)
    : undefined;

/** Two scopes are the same database. */
export const sameScope = (a: Scope, b: Scope): boolean => databaseOf(a) === databaseOf(b);

/**
 * Whether a document may be written into a database at all, whoever writes it (null: yes; else why
 * not). validate_doc_update asks this before shared/domain's rules, so a database never holds what
 * its members may not all read: another programme's task, someone else's draft or application.
 */
export const belongsIn = (scope: Scope, collection: CollectionName, doc: Fields): string | null => {
  if (!collectionsIn[scope.kind].includes(collection)) {
    return `${collection} do not belong in this database.`;
  }
  const deleted = doc['_deleted'] === true;
  switch (scope.kind) {
    case 'org':
      return collection === 'forumPosts' && field(doc, 'programmeId') !== NONE
        ? 'A programme’s forum posts belong in the programme’s database.'
        : null;
    case 'decisions':
    case 'inbox':
      return null;
    case 'programme': {
      const programmeId =
        collection === 'messages'
          ? programmeOfChannel(field(doc, 'chatId'))
          : field(doc, 'programmeId');
      if (programmeId !== scope.programmeId) {
        return 'This database holds one programme’s documents: this one is about another.';
      }
      if (collection === 'chats' && doc['kind'] !== 'programme') {
        return 'Only the programme’s channel belongs in its database.';
      }
      if (collection === 'chats' && field(doc, 'id') !== programmeChannelId(scope.programmeId)) {
        return 'A programme’s channel has the id its programme gives it.';
      }
      // A draft's tombstone may carry the submitted state (it moved here); a live draft may not.
      return collection === 'reports' && doc['state'] === 'draft' && !deleted
        ? 'A draft stays in its author’s own database until it is submitted.'
        : null;
    }
    case 'person': {
      const mine = (name: string) =>
        field(doc, name) === scope.name ? null : 'This database holds one person’s own documents.';
      switch (collection) {
        case 'reports':
          return mine('createdBy');
        case 'applications':
        case 'userDetails':
          return mine('userId');
        case 'notifications':
          return field(doc, 'recipientId') === scope.name ? null : mine('createdBy');
        case 'chats':
          if (doc['kind'] === 'broadcast') {
            return broadcastAudienceOf(field(doc, 'id')) !== undefined
              ? mine('createdBy')
              : 'A broadcast’s id names its audience.';
          }
          return doc['kind'] !== 'programme' &&
            Array.isArray(doc['memberIds']) &&
            doc['memberIds'].includes(scope.name)
            ? null
            : 'Only the person’s own direct and group chats belong in their database.';
        case 'messages':
          // Only the broadcasts they send: other messages live with their chat.
          return broadcastAudienceOf(field(doc, 'chatId')) !== undefined
            ? mine('createdBy')
            : 'A chat’s messages live in the chat’s own database.';
        default:
          return null;
      }
    }
    case 'chat':
      return field(doc, 'chatId') === scope.chatId
        ? null
        : 'This database holds one chat’s messages: this one is from another.';
    case 'broadcast':
      return broadcastAudienceOf(
        collection === 'chats' ? field(doc, 'id') : field(doc, 'chatId'),
      ) === scope.audience &&
        (collection === 'messages' || doc['kind'] === 'broadcast')
        ? null
        : 'This database holds the broadcasts to one audience: this is not one of them.';
    default: {
      const unknown: never = scope;
      return unknown;
    }
  }
};
