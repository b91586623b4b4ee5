import type { CollectionName } from '../schema';

/**
 * Where each collection lives on the server. One RxDB collection ↔ one CouchDB database (DESIGN §3),
 * and because CouchDB reads are per database, private data gets databases of its own: per person
 * for notifications, applications and mentor details, per direct chat for its messages.
 */

/** CouchDB database names are lower case: `userDetails` → `mmm-user-details`. */
const kebab = (name: string): string => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** UTF-8 bytes of a string (shared/ has no TextEncoder: it runs without DOM or Node types). */
const utf8 = (value: string): number[] => {
  const bytes: number[] = [];
  for (const character of value) {
    const code = character.codePointAt(0) ?? 0xfffd;
    // A lone surrogate becomes U+FFFD, as TextEncoder does.
    const point = code >= 0xd800 && code <= 0xdfff ? 0xfffd : code;
    if (point < 0x80) bytes.push(point);
    else if (point < 0x800) bytes.push(0xc0 | (point >> 6), 0x80 | (point & 63));
    else if (point < 0x10000) {
      bytes.push(0xe0 | (point >> 12), 0x80 | ((point >> 6) & 63), 0x80 | (point & 63));
    } else {
      bytes.push(
        0xf0 | (point >> 18),
        0x80 | ((point >> 12) & 63),
        0x80 | ((point >> 6) & 63),
        0x80 | (point & 63),
      );
    }
  }
  return bytes;
};

/** Names and ids become hex of their UTF-8, as CouchDB's own per-user databases do. */
export const hexOf = (value: string): string =>
  utf8(value)
    .map((byte) => byte.toString(16).padStart(2, '0'))
    .join('');

export const DATABASE_PREFIX = 'mmm-';

/** The organisation-wide database of a collection (for private collections: the hub). */
export const databaseName = (collection: CollectionName): string =>
  `${DATABASE_PREFIX}${kebab(collection)}`;

/** Collections whose documents are copied into a per-person database (see privateReplications). */
export const privateCollections = ['notifications', 'applications', 'userDetails'] as const;
export type PrivateCollection = (typeof privateCollections)[number];

export const isPrivateCollection = (name: string): name is PrivateCollection =>
  (privateCollections as readonly string[]).includes(name);

/** A person's own database for one private collection; only they are its member. */
export const privateDatabaseName = (userName: string, collection: PrivateCollection): string =>
  `${DATABASE_PREFIX}private-${hexOf(userName)}-${kebab(collection)}`;

/** The messages of one direct chat; only its two members are members of it. */
export const directChatDatabaseName = (chatId: string): string =>
  `${DATABASE_PREFIX}chat-${hexOf(chatId)}`;

/** Account roles in the server's user store (`_users`): the app's roles, as checkWrite reads them. */
export const serverRoles = ['admin', 'manager', 'mentor'] as const;
export type ServerRole = (typeof serverRoles)[number];

/**
 * The database a signed-in client replicated a collection with in the per-collection layout (before
 * issue 21). Mentors (and applicants without a role) kept applications and details in their own
 * databases; admins and managers, who decide them, replicated with the hub. Everybody's
 * notifications were in their own database. Still the name of each collection's replication (its
 * identifier), so an installation that synced with that layout keeps its record of what the server
 * has; and what the layout migration moves from.
 */
export const legacyDatabaseFor = (
  collection: CollectionName,
  user: { readonly name: string; readonly roles: readonly string[] },
): string => {
  if (!isPrivateCollection(collection)) return databaseName(collection);
  const decides = user.roles.includes('admin') || user.roles.includes('manager');
  return collection !== 'notifications' && decides
    ? databaseName(collection)
    : privateDatabaseName(user.name, collection);
};
