import { NONE } from '../schema/fields';
import type { ChatDoc } from '../schema/chats';
import type { ForumPostDoc } from '../schema/forumPosts';
import type { Actor } from './permissions';

/**
 * Who reads which conversation. A chat — direct, group or a programme's channel — is read by its
 * members only, admins included (DESIGN §3: a direct chat's messages sit in a database only its
 * two members can open). The organisation-wide forum is everyone's; a programme's forum is its
 * people's, and admins', who run every programme.
 */

export const mayReadChat = (actor: Actor, chat: Pick<ChatDoc, 'memberIds'>): boolean =>
  chat.memberIds.includes(actor.id);

export const mayReadForumPost = (
  actor: Actor,
  post: Pick<ForumPostDoc, 'programmeId'>,
  /** The post's programme's creator, managers and mentors (none for the organisation's forum). */
  programmeMemberIds: readonly string[],
): boolean =>
  post.programmeId === NONE || actor.role === 'admin' || programmeMemberIds.includes(actor.id);
