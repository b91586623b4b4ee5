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

export interface SearchScope {
  readonly teams: ReadonlyMap<string, ProgrammeTeam>;
  readonly chats: ReadonlyMap<string, ChatDoc>;
  /**
   * Per kind: an FTS5 condition ('' for none; `NOT …` for "anything but"), or null when nothing
   * of the kind may be found.
   */
  readonly conditions: Readonly<Record<SearchKind, string | null>>;
}

const both = (...conditions: string[]): string =>
  conditions.filter(Boolean).length === 0
    ? ''
    : conditions
        .filter(Boolean)
        .map((condition) => `(${condition})`)
        .join(' AND ');

const either = (...conditions: string[]): string =>
  conditions.map((condition) => `(${condition})`).join(' OR ');

/** Words and a scope condition as one FTS5 expression. */
export const withCondition = (text: string, condition: string): string =>
  condition === ''
    ? text
    : condition.startsWith('NOT ')
      ? `(${text}) ${condition}`
      : `(${text}) AND (${condition})`;

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
  const messages =
    myChats.length === 0
      ? null
      : programmeId === undefined && othersChats.length === 0
        ? ''
        : programmeId === undefined && othersChats.length < myChats.length
          ? `NOT ${anyTag(othersChats.map(tag.chat))}`
          : anyTag(myChats.map(tag.chat));

  const inProgramme = programmeId === undefined ? '' : anyTag([tag.programme(programmeId)]);
  const tasks = admin
    ? ''
    : anyTag([...(actor.role === 'manager' ? managed.map(tag.programme) : []), tag.assignee(me)]);
  const submitted = anyTag([tag.state('submitted')]);
  const reports = admin
    ? either(anyTag([tag.author(me)]), submitted)
    : actor.role === 'manager' && managed.length > 0
      ? either(anyTag([tag.author(me)]), both(submitted, anyTag(managed.map(tag.programme))))
      : anyTag([tag.author(me)]);
  const forum = admin ? '' : anyTag([NO_PROGRAMME, ...joined.map(tag.programme)]);
  const members = programmeId === undefined ? [] : [...(teams.get(programmeId)?.memberIds ?? [])];

  return {
    teams,
    chats,
    conditions: {
      programme: inProgramme,
      task: both(tasks, inProgramme),
      report: both(reports, inProgramme),
      person:
        programmeId === undefined ? '' : members.length ? anyTag(members.map(tag.member)) : null,
      message: messages,
      forumPost: both(forum, inProgramme),
    },
  };
};
