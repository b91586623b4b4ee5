import { combineLatest, debounceTime, filter, from, map, of, startWith, switchMap } from 'rxjs';
import type { Observable } from 'rxjs';
import type { Conversation } from '../../../shared/contract';
import {
  mayReadChat,
  mayWriteChat,
  programmeOfChannel,
} from '../../../shared/domain/conversations';
import type { ChatDoc, MessageDoc } from '../../../shared/schema';
import {
  collectionOf,
  findDoc,
  personRef,
  watchDoc,
  watchPeopleNames,
  watchProgrammeTeam,
} from '../workspace';
import type { Workspace } from '../workspace';
import { mayManageMembers } from './chat-access';
import { chatTitle, chatsOf } from './chat-list';
import { newestPage } from './newest-page';
import { watchReadMarks } from './read-markers';

/** Bursts of synced messages are looked at once. */
const SETTLE_MS = 10;

/** Messages around a searched-for one are shown too: the page reaches this far past it. */
const CONTEXT = 20;

/**
 * The chat as this person may see it, live: a direct or group chat they are in, or the channel of
 * a programme they are in (whether or not anyone has written there yet); null otherwise.
 */
const watchReadableChat = (workspace: Workspace, chatId: string): Observable<ChatDoc | null> => {
  const programmeId = programmeOfChannel(chatId);
  return watchDoc(workspace, 'chats', chatId).pipe(
    switchMap((chat) => {
      const ofProgramme =
        programmeId ?? (chat?.kind === 'programme' ? chat.programmeId : undefined);
      if (ofProgramme === undefined) {
        return of(chat && mayReadChat(workspace.actor, chat) ? chat : null);
      }
      return watchProgrammeTeam(workspace, ofProgramme).pipe(
        map((team) => {
          if (!team) return null;
          const [channel] = chatsOf(workspace, chat ? [chat] : [], new Map([[ofProgramme, team]]));
          return channel ?? null;
        }),
      );
    }),
  );
};

/** How many messages the page must hold to reach back to `messageId` (and a few before it). */
const limitReaching = async (
  workspace: Workspace,
  chatId: string,
  limit: number,
  messageId: string | undefined,
): Promise<{ limit: number; focusId: string | null }> => {
  if (messageId === undefined) return { limit, focusId: null };
  const target = await findDoc(workspace, 'messages', messageId);
  if (target?.chatId !== chatId) return { limit, focusId: null };
  const newer = await collectionOf(workspace, 'messages')
    .count({ selector: { chatId, createdAt: { $gte: target.createdAt } } })
    .exec();
  return { limit: Math.max(limit, newer + CONTEXT), focusId: messageId };
};

export const watchConversation = (
  workspace: Workspace,
  input: { readonly chatId: string; readonly limit: number; readonly messageId?: string },
): Observable<Conversation | null> =>
  watchReadableChat(workspace, input.chatId).pipe(
    switchMap((chat) => {
      if (!chat) return of(null);
      return from(limitReaching(workspace, chat.id, input.limit, input.messageId)).pipe(
        switchMap(({ limit, focusId }) =>
          combineLatest([
            collectionOf(workspace, 'messages').$.pipe(
              filter((event) => (event.documentData as MessageDoc).chatId === chat.id),
              debounceTime(SETTLE_MS),
              startWith(null),
              switchMap(() => from(newestPage(workspace, chat.id, limit))),
            ),
            watchPeopleNames(workspace),
            watchReadMarks(workspace, 'chat'),
          ]).pipe(
            map(([page, names, reads]): Conversation => {
              const { messages, hasEarlier } = page;
              const people: Record<string, string> = {};
              for (const message of messages) {
                people[message.createdBy] ??= names.get(message.createdBy) ?? message.createdBy;
              }
              return {
                chat: {
                  id: chat.id,
                  kind: chat.kind,
                  title: chatTitle(chat, workspace.actor.id, names),
                  programmeId: chat.programmeId,
                  memberCount: chat.memberIds.length,
                  ...(chat.audience === undefined ? {} : { audience: chat.audience }),
                },
                members: chat.memberIds.map((id) => personRef(names, id)),
                messages,
                hasEarlier,
                people,
                readAt: reads.get(chat.id) ?? null,
                focusId,
                canManageMembers: mayManageMembers(workspace, chat),
                canWrite: mayWriteChat(workspace.actor, chat),
              };
            }),
          ),
        ),
      );
    }),
  );
