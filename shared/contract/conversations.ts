import { z } from 'zod';
import {
  deleteMessageInput,
  editMessageInput,
  markChatReadInput,
  sendMessageInput,
  setChatMembersInput,
  startBroadcastInput,
  startDirectChatInput,
  startGroupChatInput,
} from '../domain/inputs/index';
import type { BroadcastAudience, ChatKind, MessageDoc } from '../schema/index';
import { command, liveQuery } from './define';
import type { PersonRef } from './programmes';

/** Chats: direct, group and programme channels (issue 15). */

const idInput = z.string().min(1).max(64);

/** One line of the chat list. */
export interface ChatRow {
  readonly id: string;
  readonly kind: ChatKind;
  /** The other person's name (direct), the group's title, the programme's name (channel). */
  readonly title: string;
  readonly programmeId: string;
  readonly memberCount: number;
  /** A broadcast's readers: all mentors or all managers (absent for other kinds). */
  readonly audience?: BroadcastAudience;
  readonly lastMessage: {
    readonly body: string;
    readonly authorName: string;
    readonly createdAt: string;
    readonly deleted: boolean;
  } | null;
  /** Others' messages newer than what this person has read, on any of their machines. */
  readonly unread: number;
  /** When anything last happened: the list's order. */
  readonly activityAt: string;
}

export interface ChatList {
  readonly rows: readonly ChatRow[];
  readonly unreadTotal: number;
}

/** The page of a chat a screen shows: its newest messages, oldest first. */
export interface Conversation {
  readonly chat: Omit<ChatRow, 'lastMessage' | 'unread' | 'activityAt'>;
  readonly members: readonly PersonRef[];
  readonly messages: readonly MessageDoc[];
  /** Whether older messages exist than the first one here ("Load earlier"). */
  readonly hasEarlier: boolean;
  /** Author id → name, for every author in `messages`. */
  readonly people: Readonly<Record<string, string>>;
  /** When this person last read it (any machine), or null. */
  readonly readAt: string | null;
  /** The message asked for (`messageId`), when it is in the chat. */
  readonly focusId: string | null;
  /** Whether the caller may add and remove people (a group chat's creator, managers, admins). */
  readonly canManageMembers: boolean;
  /** Whether the caller may write here (a broadcast is read-only for its readers). */
  readonly canWrite: boolean;
}

/** Most messages one page holds (the screen asks for more as the person loads earlier ones). */
export const CONVERSATION_PAGE = 100;
export const CONVERSATION_MAX = 100_000;

export const chatsContract = {
  'chats.list': liveQuery<ChatList>()(
    z.object({}).strict(),
    'The chats the caller is in (direct, group, their programmes’ channels, broadcasts to their role) with the last message and unread count, most recent first.',
  ),
  'chats.conversation': liveQuery<Conversation | null>()(
    z
      .object({
        chatId: idInput,
        limit: z.number().int().min(1).max(CONVERSATION_MAX).default(CONVERSATION_PAGE),
        /** Load as far back as this message (a search result opens the chat at it). */
        messageId: idInput.optional(),
      })
      .strict(),
    'A chat’s newest messages (oldest first); null when the caller is not in it.',
  ),
  'chats.contacts': liveQuery<readonly PersonRef[]>()(
    z.object({}).strict(),
    'The people the caller may start a direct chat with.',
  ),
  'chats.startDirect': command<{ readonly chatId: string }>()(
    startDirectChatInput,
    'Opens the direct chat with someone, starting it the first time (one per pair, for life).',
  ),
  'chats.startGroup': command<{ readonly chatId: string }>()(
    startGroupChatInput,
    'Starts a group chat with the caller and the people chosen.',
  ),
  'chats.startBroadcast': command<{ readonly chatId: string }>()(
    startBroadcastInput,
    'Starts a broadcast from the caller (an admin or manager) to all mentors or all managers.',
  ),
  'chats.setMembers': command<null>()(
    setChatMembersInput,
    'Adds and removes people in a group chat (its creator, managers and admins).',
  ),
  'chats.send': command<MessageDoc>()(
    sendMessageInput,
    'Sends a message (offline too: it waits here until the server has it).',
  ),
  'chats.editMessage': command<MessageDoc>()(
    editMessageInput,
    'Edits one of the caller’s messages.',
  ),
  'chats.deleteMessage': command<MessageDoc>()(
    deleteMessageInput,
    'Deletes one of the caller’s messages: it stays in the chat as “deleted”, without its text.',
  ),
  'chats.markRead': command<null>()(
    markChatReadInput,
    'Records how far the caller has read a chat (synced to their other machines).',
  ),
} as const;
