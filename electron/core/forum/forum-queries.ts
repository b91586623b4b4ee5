import { combineLatest, map, of, switchMap } from 'rxjs';
import type { Observable } from 'rxjs';
import type { ForumRef, ThreadList, ThreadRow, ThreadView } from '../../../shared/contract';
import { byWritingOrder, mayReadForumPost } from '../../../shared/domain/conversations';
import { NONE } from '../../../shared/schema/fields';
import type { ForumPostDoc } from '../../../shared/schema';
import {
  byName,
  watchDoc,
  watchDocs,
  watchPeopleNames,
  watchProgrammeTeam,
  watchProgrammeTeams,
} from '../workspace';
import type { ProgrammeTeam, Workspace } from '../workspace';
import { watchReadMarks } from '../chats/read-markers';
import { mayModerate, moderatorIdsOf, shownAfterLock } from './forum-access';

export const GENERAL_FORUM = 'Organisation';

/** The forums this person may read: the organisation's, and their programmes' (admins: all). */
const forumsOf = (workspace: Workspace, teams: ReadonlyMap<string, ProgrammeTeam>): ForumRef[] => [
  { id: NONE, name: GENERAL_FORUM },
  ...[...teams.values()]
    .filter((team) =>
      mayReadForumPost(workspace.actor, { programmeId: team.programme.id }, team.memberIds),
    )
    .map((team) => ({ id: team.programme.id, name: team.programme.name }))
    .sort(byName),
];

/** Threads, pinned first, then the most recently active; with reply counts and unread marks. */
export const watchThreadList = (
  workspace: Workspace,
  forum: string | undefined,
): Observable<ThreadList> =>
  combineLatest([
    watchDocs(
      workspace,
      'forumPosts',
      forum === undefined ? {} : { selector: { programmeId: forum } },
    ),
    watchProgrammeTeams(workspace),
    watchPeopleNames(workspace),
    watchReadMarks(workspace, 'thread'),
  ]).pipe(
    map(([posts, teams, names, reads]): ThreadList => {
      const forums = forumsOf(workspace, teams);
      const readable = new Map(forums.map((f) => [f.id, f.name]));
      const threads = new Map<string, ForumPostDoc>();
      const replies = new Map<string, ForumPostDoc[]>();
      for (const post of posts) {
        if (!readable.has(post.programmeId)) continue;
        if (post.kind === 'thread') threads.set(post.id, post);
        else replies.set(post.threadId, [...(replies.get(post.threadId) ?? []), post]);
      }
      const rows = [...threads.values()].map((thread): ThreadRow => {
        const team = teams.get(thread.programmeId) ?? null;
        const moderators = moderatorIdsOf(workspace, team);
        const shown = (replies.get(thread.id) ?? []).filter((r) =>
          shownAfterLock(thread, r, moderators),
        );
        const last = shown.reduce(
          (latest, r) => (r.createdAt > latest ? r.createdAt : latest),
          thread.createdAt,
        );
        return {
          id: thread.id,
          title: thread.title,
          programmeId: thread.programmeId,
          forumName: readable.get(thread.programmeId) ?? GENERAL_FORUM,
          authorName: names.get(thread.createdBy) ?? thread.createdBy,
          createdAt: thread.createdAt,
          lastActivityAt: last,
          replyCount: shown.length,
          pinned: thread.pinned === true,
          locked: thread.locked === true,
          removed: thread.removedAt !== undefined,
          unread: [thread, ...shown].some(
            (post) =>
              post.createdBy !== workspace.actor.id &&
              post.createdAt > (reads.get(thread.id) ?? ''),
          ),
        };
      });
      rows.sort((a, b) =>
        a.pinned !== b.pinned ? (a.pinned ? -1 : 1) : a.lastActivityAt < b.lastActivityAt ? 1 : -1,
      );
      return { rows, forums };
    }),
  );

/** One thread, live: its opening post and replies in writing order; null when not readable. */
export const watchThread = (
  workspace: Workspace,
  threadId: string,
  postId: string | undefined,
): Observable<ThreadView | null> =>
  watchDoc(workspace, 'forumPosts', threadId).pipe(
    switchMap((thread) => {
      if (thread?.kind !== 'thread') return of(null);
      const team$: Observable<ProgrammeTeam | null> =
        thread.programmeId === NONE ? of(null) : watchProgrammeTeam(workspace, thread.programmeId);
      return combineLatest([
        team$,
        watchDocs(workspace, 'forumPosts', { selector: { threadId } }),
        watchPeopleNames(workspace),
        watchReadMarks(workspace, 'thread'),
      ]).pipe(
        map(([team, posts, names, reads]): ThreadView | null => {
          if (!mayReadForumPost(workspace.actor, thread, team?.memberIds ?? [])) return null;
          const moderators = moderatorIdsOf(workspace, team);
          const all = posts.filter((p) => p.kind === 'reply').sort(byWritingOrder);
          const replies = all.filter((r) => shownAfterLock(thread, r, moderators));
          const people: Record<string, string> = {};
          for (const post of [thread, ...replies]) {
            people[post.createdBy] ??= names.get(post.createdBy) ?? post.createdBy;
            if (post.removedBy)
              people[post.removedBy] ??= names.get(post.removedBy) ?? post.removedBy;
          }
          const archived = team?.programme.status === 'archived';
          return {
            thread,
            forumName: team?.programme.name ?? GENERAL_FORUM,
            replies,
            hiddenAfterLock: all.length - replies.length,
            people,
            can: {
              reply: thread.locked !== true && thread.removedAt === undefined && !archived,
              moderate: mayModerate(workspace, team),
            },
            readAt: reads.get(threadId) ?? null,
            focusId: postId !== undefined && posts.some((p) => p.id === postId) ? postId : null,
          };
        }),
      );
    }),
  );
