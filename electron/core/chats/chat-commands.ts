import { HostFailure } from '../../../shared/contract';
import type { StoredFile } from '../../../shared/contract';
import type { CommandName } from '../../../shared/contract';
import { broadcastDrafts, directMessageDrafts } from '../../../shared/domain';
import {
  audienceRoles,
  broadcastChatId,
  directChatId,
  mayWriteChat,
  programmeChannelId,
} from '../../../shared/domain/conversations';
import { NONE } from '../../../shared/schema/fields';
import type { ChatDoc, MessageDoc } from '../../../shared/schema';
import type { CommandHandler } from '../host/registry';
import {
  ensureCan,
  ensureNotArchived,
  getDoc,
  insertDoc,
  nameOf,
  queryDocs,
  requireWorkspace,
  updateDoc,
} from '../workspace';
import type { FeatureDeps, ProgrammeTeam, Workspace } from '../workspace';
import { markReadAbout, notify } from '../notifications/notify';
import { loadChatForMember, mayManageMembers } from './chat-access';
import { markReadUpTo } from './read-markers';

type ChatCommands = { readonly [N in CommandName & `chats.${string}`]: CommandHandler<N> };

/** Files a message carries: checked here and queued for the chat's database (core/files). */
export interface ChatAttachments {
  readonly queueAttachments: (
    workspace: Workspace,
    chatId: string,
    files: readonly StoredFile[],
  ) => Promise<void>;
}

/** The same people, in any order. */
const samePeople = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && [...a].sort().join('\u0000') === [...b].sort().join('\u0000');

/**
 * A programme's channel document, made by whoever writes first (its id is the programme's, so two
 * people making it offline make one), and its members kept in step with the programme's.
 */
const ensureChannel = async (
  workspace: Workspace,
  chat: ChatDoc | undefined,
  team: ProgrammeTeam,
): Promise<void> => {
  const memberIds = [...team.memberIds];
  const now = workspace.now();
  if (!chat) {
    ensureNotArchived(team.programme);
    await insertDoc(workspace, 'chats', {
      id: programmeChannelId(team.programme.id),
      kind: 'programme',
      title: team.programme.name,
      memberIds: memberIds.includes(workspace.actor.id)
        ? memberIds
        : [...memberIds, workspace.actor.id],
      programmeId: team.programme.id,
      createdBy: workspace.actor.id,
      createdAt: now,
      updatedAt: now,
    });
    return;
  }
  // Only a member already listed (or an admin) may change the list: checkWrite's rule.
  const listed = chat.memberIds.includes(workspace.actor.id) || workspace.actor.role === 'admin';
  if (!listed || samePeople(chat.memberIds, memberIds)) return;
  await updateDoc(workspace, 'chats', chat.id, (current) => ({
    ...current,
    memberIds,
    updatedAt: now,
  }));
};

/** People who have a profile here, each once (a chat is never with someone unknown). */
const knownPeople = async (workspace: Workspace, ids: readonly string[]): Promise<string[]> => {
  const unique = [...new Set(ids)];
  for (const id of unique) await getDoc(workspace, 'users', id, 'person');
  return unique;
};

/** A new direct or group chat, started by the caller. */
const startChat = async (
  workspace: Workspace,
  chat: Pick<ChatDoc, 'id' | 'kind' | 'memberIds'> & { readonly title?: string },
): Promise<{ chatId: string }> => {
  const now = workspace.now();
  const made = await insertDoc(workspace, 'chats', {
    ...chat,
    memberIds: [...chat.memberIds],
    programmeId: NONE,
    createdBy: workspace.actor.id,
    createdAt: now,
    updatedAt: now,
  });
  return { chatId: made.id };
};

/** Every person of the broadcast's audience hears of its message, one notification each. */
const notifyBroadcast = async (
  workspace: Workspace,
  deps: FeatureDeps,
  chat: ChatDoc,
  message: MessageDoc,
): Promise<void> => {
  if (chat.audience === undefined) return;
  const readers = await queryDocs(workspace, 'users', {
    selector: { role: audienceRoles[chat.audience] },
  });
  const sender = await nameOf(workspace, workspace.actor.id);
  await notify(
    workspace,
    deps.logger,
    broadcastDrafts(
      message.id,
      readers.map((person) => person.id),
      workspace.actor.id,
      `${sender} to all ${chat.audience}: ${chat.title ?? 'Broadcast'}`,
      message.body,
    ),
  );
};

/** Edits or deletes one of the caller's own messages, while it is not deleted. */
const changeOwnMessage = async (
  deps: FeatureDeps,
  messageId: string,
  change: (now: string) => Partial<MessageDoc>,
  /** A deletion: its files go with its text (writeRules: a deleted message keeps neither). */
  dropFiles = false,
): Promise<MessageDoc> => {
  const workspace = requireWorkspace(deps);
  const message = await getDoc(workspace, 'messages', messageId, 'message');
  ensureCan(workspace, 'messages.edit', [message.createdBy]);
  if (message.deletedAt !== undefined) {
    throw new HostFailure('conflict', 'This message was deleted.');
  }
  const now = workspace.now();
  return updateDoc(
    workspace,
    'messages',
    messageId,
    (current) => {
      const { attachments: _files, ...rest } = current;
      return { ...(dropFiles ? rest : current), ...change(now), updatedAt: now };
    },
    'message',
  );
};

/**
 * The chat commands. Sending is `chats.send` only: the one place a "new message" notification
 * (issue 16) is written, after the message.
 */
export const createChatCommands = (
  deps: FeatureDeps,
  attachments: ChatAttachments,
): ChatCommands => ({
  'chats.startDirect': async ({ personId }) => {
    const workspace = requireWorkspace(deps);
    const me = workspace.actor.id;
    if (personId === me)
      throw new HostFailure('invalid_input', 'A direct chat is with someone else.');
    await getDoc(workspace, 'users', personId, 'person');
    // One chat per pair, for life: an existing one (whatever its id) is the one.
    const direct = await queryDocs(workspace, 'chats', { selector: { kind: 'direct' } });
    const existing = direct.find(
      (chat) => chat.memberIds.includes(me) && chat.memberIds.includes(personId),
    );
    if (existing) return { chatId: existing.id };
    ensureCan(workspace, 'chats.create');
    return startChat(workspace, {
      id: directChatId(me, personId),
      kind: 'direct',
      memberIds: [me, personId],
    });
  },

  'chats.startGroup': async ({ title, memberIds }) => {
    const workspace = requireWorkspace(deps);
    ensureCan(workspace, 'chats.create');
    const me = workspace.actor.id;
    const people = await knownPeople(workspace, memberIds);
    return startChat(workspace, {
      id: workspace.newId(),
      kind: 'group',
      title,
      memberIds: [me, ...people.filter((id) => id !== me)],
    });
  },

  'chats.startBroadcast': async ({ title, audience }) => {
    const workspace = requireWorkspace(deps);
    ensureCan(workspace, 'chats.broadcast');
    const now = workspace.now();
    const made = await insertDoc(workspace, 'chats', {
      id: broadcastChatId(audience, workspace.newId()),
      kind: 'broadcast',
      title,
      audience,
      // Only its sender: the readers follow from their role (shared/domain mayReadChat).
      memberIds: [workspace.actor.id],
      programmeId: NONE,
      createdBy: workspace.actor.id,
      createdAt: now,
      updatedAt: now,
    });
    return { chatId: made.id };
  },

  'chats.setMembers': async ({ chatId, memberIds }) => {
    const workspace = requireWorkspace(deps);
    const { chat } = await loadChatForMember(workspace, chatId);
    if (chat?.kind !== 'group') {
      throw new HostFailure(
        'conflict',
        'Only a group chat’s people are chosen; a direct chat’s never change and a channel follows its programme.',
      );
    }
    if (!mayManageMembers(workspace, chat)) {
      throw new HostFailure(
        'forbidden',
        'Only who started the group, or a manager, adds and removes its people.',
      );
    }
    const people = await knownPeople(workspace, memberIds);
    const next = [chat.createdBy, ...people.filter((id) => id !== chat.createdBy)];
    await updateDoc(workspace, 'chats', chatId, (current) => ({
      ...current,
      memberIds: next,
      updatedAt: workspace.now(),
    }));
    return null;
  },

  'chats.send': async ({ chatId, body, attachments: files = [] }) => {
    const workspace = requireWorkspace(deps);
    const { chat, team } = await loadChatForMember(workspace, chatId);
    if (chat && !mayWriteChat(workspace.actor, chat)) {
      throw new HostFailure('forbidden', 'Only its sender writes in a broadcast.');
    }
    // Before anything is written: a file that is not here refuses the whole message.
    await attachments.queueAttachments(workspace, chatId, files);
    if (team) await ensureChannel(workspace, chat, team);
    const now = workspace.now();
    const message = await insertDoc(workspace, 'messages', {
      id: workspace.newId(),
      chatId,
      createdBy: workspace.actor.id,
      body,
      ...(files.length > 0 ? { attachments: files.map((file) => ({ ...file })) } : {}),
      createdAt: now,
      updatedAt: now,
    });
    // A direct message tells the other person. A group's or a channel's does not notify each
    // member (a message to many is not a notification each): their unread counts say it.
    if (chat?.kind === 'direct') {
      const sender = await nameOf(workspace, workspace.actor.id);
      await notify(workspace, deps.logger, directMessageDrafts(chat, message, sender));
    }
    // A broadcast's message reaches each of its readers' bells (and desktops, as they chose).
    if (chat?.kind === 'broadcast' && chat.audience !== undefined) {
      await notifyBroadcast(workspace, deps, chat, message);
    }
    return message;
  },

  'chats.editMessage': ({ messageId, body }) =>
    changeOwnMessage(deps, messageId, (now) => ({ body, editedAt: now })),

  'chats.deleteMessage': ({ messageId }) =>
    changeOwnMessage(deps, messageId, (now) => ({ body: '', deletedAt: now }), true),

  'chats.markRead': async ({ chatId, upTo }) => {
    const workspace = requireWorkspace(deps);
    await loadChatForMember(workspace, chatId);
    await markReadUpTo(workspace, 'chat', chatId, upTo);
    await markReadAbout(workspace, 'message', chatId);
    return null;
  },
});
