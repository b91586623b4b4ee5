import { NONE } from '../schema/fields';
import type { BroadcastAudience, ChatDoc } from '../schema/chats';
import type { UserRole } from '../schema/users';
import type { ForumPostDoc } from '../schema/forumPosts';
import type { Actor } from './permissions';

/**
 * Who reads which conversation. A chat — direct, group or a programme's channel — is read by its
 * members only, admins included (DESIGN §3: a direct chat's messages sit in a database only its
 * two members can open). The organisation-wide forum is everyone's; a programme's forum is its
 * people's, and admins', who run every programme.
 */

export const mayReadChat = (
  actor: Actor,
  chat: Pick<ChatDoc, 'memberIds'> & Partial<Pick<ChatDoc, 'kind' | 'audience'>>,
): boolean =>
  chat.memberIds.includes(actor.id) ||
  (chat.kind === 'broadcast' &&
    (actor.role === 'admin' ||
      (chat.audience !== undefined && audienceRoles[chat.audience] === actor.role)));

/** A broadcast is read-only for its readers: only its sender writes in it. */
export const mayWriteChat = (actor: Actor, chat: Pick<ChatDoc, 'kind' | 'createdBy'>): boolean =>
  chat.kind !== 'broadcast' || chat.createdBy === actor.id;

/**
 * Broadcasts (issue 15): an admin or a manager to every person of one role. Its readers follow
 * from their role (admins read every broadcast: they run the organisation), so someone who becomes
 * a mentor reads the mentors' broadcasts, earlier messages included.
 */
export const audienceRoles: { readonly [A in BroadcastAudience]: UserRole } = {
  mentors: 'mentor',
  managers: 'manager',
};

/**
 * A broadcast's id names its audience, so a message's `chatId` alone tells the server it is
 * written in a broadcast (validate_doc_update sees no chat document): only a role that broadcasts
 * writes there.
 */
const BROADCAST_PREFIX = 'broadcast~';
export const broadcastChatId = (audience: BroadcastAudience, unique: string): string =>
  `${BROADCAST_PREFIX}${audience}~${unique}`;
export const isBroadcastChatId = (chatId: string): boolean => chatId.startsWith(BROADCAST_PREFIX);
export const audienceOfBroadcastId = (chatId: string): string | undefined =>
  isBroadcastChatId(chatId) ? chatId.slice(BROADCAST_PREFIX.length).split('~')[0] : undefined;

export const mayReadForumPost = (
  actor: Actor,
  post: Pick<ForumPostDoc, 'programmeId'>,
  /** The post's programme's creator, managers and mentors (none for the organisation's forum). */
  programmeMemberIds: readonly string[],
): boolean =>
  post.programmeId === NONE || actor.role === 'admin' || programmeMemberIds.includes(actor.id);

/**
 * A short, stable fingerprint of a text (FNV-1a, two 32-bit lanes, 16 hex characters): ids that
 * must come out the same on every machine without a server to ask. Not a secret, not a signature.
 */
export const fingerprint = (value: string): string => {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (let index = 0; index < value.length; index += 1) {
    const code = value.charCodeAt(index);
    a = Math.imul(a ^ code, 0x01000193) >>> 0;
    b = Math.imul(b ^ code, 0x5bd1e995) >>> 0;
    b = (b ^ (b >>> 15)) >>> 0;
  }
  return a.toString(16).padStart(8, '0') + b.toString(16).padStart(8, '0');
};

/**
 * The id of the direct chat between two people: the same whoever starts it and wherever, so two
 * people starting it offline at once get one chat, not two (a direct chat is for life).
 */
export const directChatId = (a: string, b: string): string =>
  `dm~${fingerprint([a, b].sort().join('\u0000'))}`;

/**
 * A programme's channel has the id its programme gives it, so a message of the channel says which
 * programme it belongs to from its `chatId` alone (the same rule as issue 21's shared/sync/layout).
 */
const CHANNEL_PREFIX = 'channel~';
export const programmeChannelId = (programmeId: string): string =>
  `${CHANNEL_PREFIX}${programmeId}`;
export const programmeOfChannel = (chatId: string): string | undefined =>
  chatId.startsWith(CHANNEL_PREFIX) ? chatId.slice(CHANNEL_PREFIX.length) : undefined;

/**
 * Read state: how far a person has read a chat or a forum thread. It must follow them to each of
 * their machines and no one else, so it is a notification to themselves (their own database on
 * the server), kind `message` (a chat) or `forum_reply` (a thread), linking to it, with `readAt`
 * the time of the newest message or post read. The id is fixed per person and chat or thread, so
 * two machines keep one record (field merge: the later stands; commands never move it back).
 * The notifications screen must not list these: `isReadMarker`.
 */
const READ_PREFIX = 'read~';
export const readMarkerId = (person: string, chatId: string): string =>
  `${READ_PREFIX}${fingerprint(`${person}\u0000${chatId}`)}`;
export const isReadMarker = (notification: { readonly id: string }): boolean =>
  notification.id.startsWith(READ_PREFIX);

/** Messages in the order they were written (then by id: two at the same millisecond). */
export const byWritingOrder = (
  a: { readonly createdAt: string; readonly id: string },
  b: { readonly createdAt: string; readonly id: string },
): number =>
  a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : 1;

/** A piece of a message: text, or a web address that may become a link. */
export type MessagePart =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'link'; readonly text: string; readonly href: string };

/** http(s) addresses and `www.` ones; anything else (javascript:, data:, file:) stays text. */
const LINK = /\b(?:https?:\/\/|www\.)[^\s<>"']+/giu;
/** Closing punctuation right after an address belongs to the sentence, not the link. */
const TRAILING = /[.,;:!?)\]}'"»”’]+$/u;

/**
 * A message as text and safe links. Nothing in it is ever markup: the screen renders each part as
 * text, and only web addresses (http, https) become links; `javascript:` and the like never match.
 */
export const messageParts = (body: string): MessagePart[] => {
  const parts: MessagePart[] = [];
  let last = 0;
  for (const match of body.matchAll(LINK)) {
    const start = match.index;
    const raw = match[0].replace(TRAILING, '');
    if (raw.length === 0) continue;
    const href = /^www\./i.test(raw) ? `https://${raw}` : raw;
    // The pattern only matches http(s):// and www. addresses, so no other scheme gets through;
    // an address must have something after its scheme.
    if (!/^(?:https?:\/\/|www\.)[^/?#.]+/iu.test(raw)) continue;
    if (start > last) parts.push({ kind: 'text', text: body.slice(last, start) });
    parts.push({ kind: 'link', text: raw, href });
    last = start + raw.length;
  }
  if (last < body.length) parts.push({ kind: 'text', text: body.slice(last) });
  return parts;
};
