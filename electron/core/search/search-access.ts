import type { SearchKind } from '../../../shared/contract';
import { mayReadChat } from '../../../shared/domain/conversations';
import type { ChatDoc } from '../../../shared/schema';
import { queryDocs, teamsOf } from '../workspace';
import type { ProgrammeTeam, Workspace } from '../workspace';
import { NO_PROGRAMME, tag } from './search-entries';
import { anyTag } from './search-query';

/**
 * What the person may find, as conditions on the index's tags — the screens' rules
 * (tasks/task-access `seesTask`, shared/domain `mayReadReport`, `mayReadChat`, `mayReadForumPost`)
 * written so that FTS5 applies them while it searches: the best hits a person may read come back,
 * not the best hits overall minus the ones they may not. Every hit is checked again with the rules
 * themselves once its document is read (search-answers.ts).
 */

/**
 * A condition on the tags an indexed document carries. As data, so the index renders it in its
 * own query language (FTS5 below) and another engine (the benchmark's MiniSearch) tests it on a
 * document's tags (`tagsSatisfy`) — one statement of the rules for both.
 */
export type TagCondition =
  /** Carries at least one of these. */
  | { readonly any: readonly string[] }
  /** Carries none of these; only as a whole condition (FTS5's NOT is binary). */
  | { readonly none: readonly string[] }
  /** Meets every one of these; none at all is no condition. */
  | { readonly all: readonly TagCondition[] }
  /** Meets at least one of these. */
  | { readonly either: readonly TagCondition[] };

/** No condition: anything of the kind may be found. */
export const ANYTHING: TagCondition = { all: [] };

export interface SearchScope {
  readonly teams: ReadonlyMap<string, ProgrammeTeam>;
  readonly chats: ReadonlyMap<string, ChatDoc>;
  /** Per kind: what a row must carry, or null when nothing of the kind may be found. */
  readonly conditions: Readonly<Record<SearchKind, TagCondition | null>>;
}

const isAnything = (condition: TagCondition) => 'all' in condition && condition.all.length === 0;

const both = (...conditions: TagCondition[]): TagCondition => {
  const kept = conditions.filter((condition) => !isAnything(condition));
  return kept.length === 1 && kept[0] ? kept[0] : { all: kept };
};

const either = (...conditions: TagCondition[]): TagCondition => ({ either: conditions });

/** A condition as an FTS5 expression on the tags column ('' for none; `NOT …` for "none of"). */
export const ftsCondition = (condition: TagCondition): string => {
  if ('any' in condition) return anyTag(condition.any);
  if ('none' in condition) return `NOT ${anyTag(condition.none)}`;
  const every = 'all' in condition;
  const parts = (every ? condition.all : condition.either).map(ftsCondition);
  if (parts.some((part) => part.startsWith('NOT '))) {
    throw new Error('"None of" is only a whole condition.');
  }
  // No condition among "all" adds nothing; among "either" it lets everything through.
  if (!every && parts.includes('')) return '';
  return parts
    .filter((part) => part !== '')
    .map((part) => `(${part})`)
    .join(every ? ' AND ' : ' OR ');
};

/** Words and a scope condition as one FTS5 expression. */
export const withCondition = (text: string, condition: TagCondition): string => {
  const rendered = ftsCondition(condition);
  return rendered === ''
    ? text
    : rendered.startsWith('NOT ')
      ? `(${text}) ${rendered}`
      : `(${text}) AND (${rendered})`;
};

/** Whether a document carrying `tags` meets the condition. */
export const tagsSatisfy = (condition: TagCondition, tags: ReadonlySet<string>): boolean => {
  if ('any' in condition) return condition.any.some((tag) => tags.has(tag));
  if ('none' in condition) return !condition.none.some((tag) => tags.has(tag));
  if ('all' in condition) return condition.all.every((part) => tagsSatisfy(part, tags));
  return condition.either.some((part) => tagsSatisfy(part, tags));
};

/** The person's scope, with `programmeId` narrowing everything to one programme. */
export const searchScope = async (
  workspace: Workspace,
  programmeId: string | undefined,
): Promise<SearchScope> => {
  const { actor } = workspace;
  const [programmes, memberships, chatDocs] = await Promise.all([
    queryDocs(workspace, 'programmes', {}),
    queryDocs(workspace, 'programmeMembers', {}),
    queryDocs(workspace, 'chats', {}),
  ]);
  const teams = teamsOf(programmes, memberships);
  const chats = new Map(chatDocs.map((chat) => [chat.id, chat]));
  const me = actor.id;
  const admin = actor.role === 'admin';
  const managed = [...teams.values()]
    .filter((team) => team.managerIds.includes(me))
    .map((team) => team.programme.id);
  const joined = [...teams.values()]
    .filter((team) => team.memberIds.includes(me))
    .map((team) => team.programme.id);

  const inScope = chatDocs.filter(
    (chat) => programmeId === undefined || chat.programmeId === programmeId,
  );
  const myChats = inScope.filter((chat) => mayReadChat(actor, chat)).map((chat) => chat.id);
  const othersChats = chatDocs.filter((chat) => !mayReadChat(actor, chat)).map((c) => c.id);
  // Whichever list is shorter: the chats they are in, or (without a programme filter) the ones
  // they are not in — someone in every chat of a large organisation pays for no condition.
  const messages: TagCondition | null =
    myChats.length === 0
      ? null
      : programmeId === undefined && othersChats.length === 0
        ? ANYTHING
        : programmeId === undefined && othersChats.length < myChats.length
          ? { none: othersChats.map(tag.chat) }
          : { any: myChats.map(tag.chat) };

  const inProgramme: TagCondition =
    programmeId === undefined ? ANYTHING : { any: [tag.programme(programmeId)] };
  const tasks: TagCondition = admin
    ? ANYTHING
    : { any: [...(actor.role === 'manager' ? managed.map(tag.programme) : []), tag.assignee(me)] };
  const submitted: TagCondition = { any: [tag.state('submitted')] };
  const mine: TagCondition = { any: [tag.author(me)] };
  const reports = admin
    ? either(mine, submitted)
    : actor.role === 'manager' && managed.length > 0
      ? either(mine, both(submitted, { any: managed.map(tag.programme) }))
      : mine;
  const forum: TagCondition = admin
    ? ANYTHING
    : { any: [NO_PROGRAMME, ...joined.map(tag.programme)] };
  const members = programmeId === undefined ? [] : [...(teams.get(programmeId)?.memberIds ?? [])];

  return {
    teams,
    chats,
    conditions: {
      programme: inProgramme,
      task: both(tasks, inProgramme),
      report: both(reports, inProgramme),
      person:
        programmeId === undefined
          ? ANYTHING
          : members.length > 0
            ? { any: members.map(tag.member) }
            : null,
      message: messages,
      forumPost: both(forum, inProgramme),
    },
  };
};
