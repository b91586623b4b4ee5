import { combineLatest, debounceTime, from, map, merge, startWith, switchMap } from 'rxjs';
import type { Observable } from 'rxjs';
import type { ChatList, ChatRow } from '../../../shared/contract';
import { mayReadChat, programmeChannelId } from '../../../shared/domain/conversations';
import { NONE } from '../../../shared/schema/fields';
import type { ChatDoc, MessageDoc } from '../../../shared/schema';
import { collectionOf, queryDocs, watchPeopleNames, watchProgrammeTeams } from '../workspace';
import type { PeopleNames, ProgrammeTeam, Workspace } from '../workspace';
import { inChannel } from './chat-access';
import { newestPage } from './newest-page';
import { watchReadMarks } from './read-markers';

/** Unread counts stop here ("999+"): counting a chat never read of 100,000 messages is waste. */
export const UNREAD_CAP = 1000;
/** Bursts of synced messages (a pull of hundreds) are looked at once. */
const SETTLE_MS = 60;

/** The chats a person is in: direct and group chats, their programmes' channels, broadcasts. */
export const chatsOf = (
  workspace: Workspace,
  chats: readonly ChatDoc[],
  teams: ReadonlyMap<string, ProgrammeTeam>,
): ChatDoc[] => {
  const mine = new Map<string, ChatDoc>();
  const channels = new Map<string, ChatDoc>();
  for (const chat of chats) {
    if (chat.kind === 'programme') channels.set(chat.programmeId, chat);
    else if (mayReadChat(workspace.actor, chat)) mine.set(chat.id, chat);
  }
  for (const team of teams.values()) {
    if (team.programme.status === 'archived' && !channels.has(team.programme.id)) continue;
    if (!inChannel(workspace, team)) continue;
    // A channel nobody has written in yet has no document: it is shown all the same.
    const channel = channels.get(team.programme.id) ?? {
      id: programmeChannelId(team.programme.id),
      kind: 'programme' as const,
      title: team.programme.name,
      memberIds: [...team.memberIds],
      programmeId: team.programme.id,
      createdBy: team.programme.createdBy,
      createdAt: team.programme.createdAt,
      updatedAt: team.programme.updatedAt,
    };
    mine.set(channel.id, {
      ...channel,
      title: team.programme.name,
      memberIds: [...team.memberIds],
    });
  }
  return [...mine.values()];
};

/** What a chat is called for this person: the other's name, the group's or programme's. */
export const chatTitle = (chat: ChatDoc, me: string, names: PeopleNames): string => {
  if (chat.kind === 'direct') {
    const other = chat.memberIds.find((id) => id !== me) ?? me;
    return names.get(other) ?? other;
  }
  return (
    chat.title?.trim() ||
    (chat.kind === 'group'
      ? 'Group chat'
      : chat.kind === 'broadcast'
        ? 'Broadcast'
        : 'Programme channel')
  );
};

const lastMessageOf = async (workspace: Workspace, chatId: string) =>
  (await newestPage(workspace, chatId, 1)).messages[0];

/** Others' messages after `readAt` (up to the cap); deleted ones do not count. */
const unreadIn = async (
  workspace: Workspace,
  chatId: string,
  readAt: string | undefined,
): Promise<number> => {
  const newer = await queryDocs(workspace, 'messages', {
    selector: { chatId, ...(readAt ? { createdAt: { $gt: readAt } } : {}) },
    sort: [{ createdAt: 'asc' }, { id: 'asc' }],
    limit: UNREAD_CAP,
  });
  return newer.filter(
    (message) => message.createdBy !== workspace.actor.id && message.deletedAt === undefined,
  ).length;
};

const rowOf = async (
  workspace: Workspace,
  chat: ChatDoc,
  names: PeopleNames,
  readAt: string | undefined,
): Promise<ChatRow> => {
  const [last, unread] = await Promise.all([
    lastMessageOf(workspace, chat.id),
    unreadIn(workspace, chat.id, readAt),
  ]);
  const lastMessage: ChatRow['lastMessage'] = last
    ? {
        // Files alone say what they are: "📎 plan.pdf, photo.png".
        body: (last.body === '' && last.attachments?.length
          ? `📎 ${last.attachments.map((file) => file.name).join(', ')}`
          : last.body
        ).slice(0, 200),
        authorName:
          last.createdBy === workspace.actor.id
            ? 'You'
            : (names.get(last.createdBy) ?? last.createdBy),
        createdAt: last.createdAt,
        deleted: last.deletedAt !== undefined,
      }
    : null;
  return {
    id: chat.id,
    kind: chat.kind,
    title: chatTitle(chat, workspace.actor.id, names),
    programmeId: chat.programmeId === NONE ? NONE : chat.programmeId,
    memberCount: chat.memberIds.length,
    ...(chat.audience === undefined ? {} : { audience: chat.audience }),
    lastMessage,
    unread,
    activityAt: last?.createdAt ?? chat.createdAt,
  };
};

/** The chat list, live: recomputed when chats, memberships, names, messages or reads change. */
export const watchChatList = (workspace: Workspace): Observable<ChatList> => {
  const messageChanges$ = collectionOf(workspace, 'messages').$.pipe(
    map((event) => (event.documentData as MessageDoc).chatId),
    startWith(''),
  );
  return combineLatest([
    collectionOf(workspace, 'chats')
      .find()
      .$.pipe(map((docs) => docs.map((d) => d.toJSON() as ChatDoc))),
    watchProgrammeTeams(workspace),
    watchPeopleNames(workspace),
    watchReadMarks(workspace, 'chat'),
    merge(messageChanges$).pipe(debounceTime(SETTLE_MS), startWith('')),
  ]).pipe(
    debounceTime(SETTLE_MS),
    switchMap(([chats, teams, names, reads]) =>
      from(
        (async () => {
          const rows = await Promise.all(
            chatsOf(workspace, chats, teams).map((chat) =>
              rowOf(workspace, chat, names, reads.get(chat.id)),
            ),
          );
          rows.sort((a, b) =>
            a.activityAt < b.activityAt ? 1 : a.activityAt > b.activityAt ? -1 : 0,
          );
          return { rows, unreadTotal: rows.reduce((sum, row) => sum + row.unread, 0) };
        })(),
      ),
    ),
  );
};
