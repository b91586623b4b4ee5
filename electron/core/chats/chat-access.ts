import { HostFailure } from '../../../shared/contract';
import { mayReadChat, programmeOfChannel } from '../../../shared/domain/conversations';
import type { ChatDoc } from '../../../shared/schema';
import type { ProgrammeTeam, Workspace } from '../workspace';
import { findDoc, loadProgrammeTeam } from '../workspace';

/**
 * Who is in a chat, as the app applies it. A direct or group chat: its members (shared/domain's
 * `mayReadChat`). A programme's channel: the programme's people now — its creator, managers and
 * mentors — and admins; someone removed from the programme loses the channel at once, whatever
 * the channel document still lists (it is kept in step when members write).
 */
export const inChannel = (workspace: Workspace, team: ProgrammeTeam): boolean =>
  workspace.actor.role === 'admin' || team.memberIds.includes(workspace.actor.id);

/** A chat the caller is in, for a command: the document (none yet for a new channel) and team. */
export interface ChatAccess {
  readonly chat: ChatDoc | undefined;
  readonly team: ProgrammeTeam | null;
}

export const loadChatForMember = async (
  workspace: Workspace,
  chatId: string,
): Promise<ChatAccess> => {
  const chat = await findDoc(workspace, 'chats', chatId);
  const programmeId =
    programmeOfChannel(chatId) ?? (chat?.kind === 'programme' ? chat.programmeId : undefined);
  if (programmeId !== undefined) {
    const team = await loadProgrammeTeam(workspace, programmeId);
    if (!inChannel(workspace, team)) {
      throw new HostFailure('forbidden', 'Only the programme’s people can write in its channel.');
    }
    return { chat, team };
  }
  if (!chat)
    throw new HostFailure('not_found', 'There is no such chat (it may not have synced yet).');
  if (!mayReadChat(workspace.actor, chat)) {
    throw new HostFailure('forbidden', 'You are not in this chat.');
  }
  return { chat, team: null };
};

/** Who adds and removes a group's people: who started it, managers and admins in it, admins. */
export const mayManageMembers = (workspace: Workspace, chat: ChatDoc): boolean =>
  chat.kind === 'group' &&
  (workspace.actor.role === 'admin' ||
    (chat.memberIds.includes(workspace.actor.id) &&
      (chat.createdBy === workspace.actor.id || workspace.actor.role === 'manager')));
