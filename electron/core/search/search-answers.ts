import type { RxCollection } from 'rxdb';
import { SEARCH_LIMIT_PER_KIND, searchKinds } from '../../../shared/contract';
import type { SearchAnswer, SearchHit, SearchKind } from '../../../shared/contract';
import { mayReadChat, mayReadForumPost } from '../../../shared/domain/conversations';
import { mayReadReport } from '../../../shared/domain/reports';
import { MatchRank, parseSearch, rankMatch } from '../../../shared/domain/search';
import { NONE } from '../../../shared/schema/fields';
import type { DocOf } from '../../../shared/schema';
import { seesTask } from '../tasks/task-access';
import { displayName } from '../workspace';
import type { Workspace } from '../workspace';
import { searchScope } from './search-access';
import type { SearchScope, TagCondition } from './search-access';
import { indexedCollections } from './search-entries';
import type { IndexedCollection } from './search-entries';
import { alternativesOf, excerptOf, matchesIn, parseTyped, textExpression } from './search-query';
import type { Highlighting, TypedSearch } from './search-query';
import type { SearchStore } from './search-store';
import { withCondition } from './search-access';

/**
 * `search.find` on the index: per kind, the best hits the person may read (FTS5 with the scope's
 * conditions), typos tolerated when the words as typed find too few; then the hits' documents are
 * read from the database, checked with the screens' own rules, and described with where the
 * words were found.
 */

/** Programmes, tasks, reports and people are re-ranked by how their title matches: read more. */
const TITLED_CANDIDATES = 24;

/** How many ids of a kind a finder gives: more than are shown where titles re-rank them. */
export const candidatesOf = (kind: SearchKind): number =>
  kind === 'message' || kind === 'forumPost' ? SEARCH_LIMIT_PER_KIND : TITLED_CANDIDATES;

const collectionOfKind = Object.fromEntries(
  Object.entries(indexedCollections).map(([collection, kind]) => [kind, collection]),
) as Record<SearchKind, IndexedCollection>;

const stateLabel: Readonly<Record<string, string>> = {
  active: 'Active',
  completed: 'Completed',
  archived: 'Archived',
  unassigned: 'Unassigned',
  pending: 'Pending',
  in_progress: 'In progress',
  draft: 'Draft',
  submitted: 'Submitted',
  admin: 'Admin',
  manager: 'Manager',
  mentor: 'Mentor',
};
const labelOf = (state: string) => stateLabel[state] ?? state;

/** What an index found for one kind. */
export interface Found {
  /** The documents' ids, best first. */
  readonly ids: readonly string[];
  /** Words of the index that stood in for typed ones (typos, prefixes): they are marked too. */
  readonly alternatives: readonly string[];
}

/**
 * The part of search.find an index answers: for what was typed, per kind, the best documents
 * that meet the person's scope. Everything else (the scope, reading and checking the documents,
 * marking the words) is the same whatever index answers — the benchmark puts MiniSearch here.
 */
export type SearchFinder = (
  typed: TypedSearch,
) => (kind: SearchKind, condition: TagCondition) => Found;

/**
 * The best ids of a kind: every word found, in the title before only in the body, the words as
 * typed before typo-tolerant matches (which only run when the first find too few), and newest
 * first within each.
 */
const findKind = (
  store: SearchStore,
  kind: SearchKind,
  typed: TypedSearch,
  condition: TagCondition,
  alternativesOfTerms: () => ReadonlyMap<string, readonly string[]>,
): Found => {
  const titled = kind !== 'message';
  const limit = candidatesOf(kind);
  const ids = new Set<string>();
  const run = (alternatives?: ReadonlyMap<string, readonly string[]>) => {
    const columns = titled ? (['{title}', '{title body}'] as const) : (['{title body}'] as const);
    for (const column of columns) {
      if (ids.size >= limit) return;
      const text = textExpression(typed, alternatives, column);
      for (const id of store.newest(kind, withCondition(text, condition), limit)) {
        if (ids.size < limit) ids.add(id);
      }
    }
  };
  run();
  if (ids.size >= SEARCH_LIMIT_PER_KIND) return { ids: [...ids], alternatives: [] };
  const alternatives = alternativesOfTerms();
  const all = [...alternatives.values()].flat();
  if (all.length > 0) run(alternatives);
  return { ids: [...ids], alternatives: all };
};

/** Documents by id, in the order asked, skipping any no longer there. */
const readDocs = async <C extends IndexedCollection>(
  workspace: Workspace,
  collection: C,
  ids: readonly string[],
): Promise<DocOf<C>[]> => {
  if (ids.length === 0) return [];
  const rx = workspace.database[collection] as unknown as RxCollection<DocOf<C>>;
  const found = await rx.findByIds([...ids]).exec();
  return ids.flatMap((id) => {
    const doc = found.get(id);
    return doc ? [doc.toJSON() as DocOf<C>] : [];
  });
};

const iso = (text: string | undefined) => text ?? '';

/** The FTS5 index as the finder. */
export const ftsFinder =
  (store: SearchStore): SearchFinder =>
  (typed) => {
    // The same for every kind: looked up once, and only when some kind needs it.
    let alternatives: ReadonlyMap<string, readonly string[]> | undefined;
    const alternativesOfTerms = () =>
      (alternatives ??= new Map(
        typed.terms.map((term) => [
          term,
          alternativesOf(term, (first) => store.termsStartingWith(first)),
        ]),
      ));
    return (kind, condition) => findKind(store, kind, typed, condition, alternativesOfTerms);
  };

export interface SearchInput {
  readonly text: string;
  readonly kinds?: readonly SearchKind[];
  readonly programmeId?: string;
}

export const answerSearch = (
  workspace: Workspace,
  store: SearchStore,
  input: SearchInput,
): Promise<Omit<SearchAnswer, 'indexing'>> => answerSearchWith(workspace, ftsFinder(store), input);

/** search.find with any finder. */
export const answerSearchWith = async (
  workspace: Workspace,
  finder: SearchFinder,
  input: SearchInput,
): Promise<Omit<SearchAnswer, 'indexing'>> => {
  const typed = parseTyped(input.text);
  if (!typed) return { hits: [] };
  const scope = await searchScope(workspace, input.programmeId);
  const kinds = searchKinds.filter((kind) => !input.kinds || input.kinds.includes(kind));
  const find = finder(typed);
  const hits: SearchHit[] = [];
  for (const kind of kinds) {
    const condition = scope.conditions[kind];
    if (condition === null) continue;
    const found = find(kind, condition);
    const highlighting: Highlighting = {
      exact: new Set([...typed.terms, ...found.alternatives]),
      prefix: typed.prefix,
    };
    const docs = await readDocs(workspace, collectionOfKind[kind], found.ids);
    const described = await describe(workspace, scope, kind, docs, highlighting);
    hits.push(...rankTitles(kind, described, input.text).slice(0, SEARCH_LIMIT_PER_KIND));
  }
  return { hits };
};

/**
 * Programmes, tasks, reports and people: a title that starts with what was typed first, then one
 * with it at a word start, anywhere, … (shared/domain/search's tiers), the index's order within a
 * tier; messages and posts keep the index's order (text score with recency).
 */
const rankTitles = (kind: SearchKind, hits: SearchHit[], text: string): SearchHit[] => {
  if (kind === 'message' || kind === 'forumPost') return hits;
  const query = parseSearch(text);
  if (!query) return hits;
  const tier = (hit: SearchHit) => rankMatch(query, hit.title) ?? MatchRank.fieldsHaveAllWords + 1;
  return hits
    .map((hit, order) => ({ hit, order, tier: tier(hit) }))
    .sort((a, b) => a.tier - b.tier || a.order - b.order)
    .map(({ hit }) => hit);
};

/** Hits for the documents the person may read, with their words marked. */
const describe = async (
  workspace: Workspace,
  scope: SearchScope,
  kind: SearchKind,
  docs: readonly unknown[],
  highlighting: Highlighting,
): Promise<SearchHit[]> => {
  const { actor } = workspace;
  const programmeName = (id: string) => scope.teams.get(id)?.programme.name ?? 'Unknown programme';
  const hit = (
    doc: { readonly id: string },
    title: string,
    detail: string,
    at: string,
    body: string | null,
    parentId: string | null = null,
    always = false,
  ): SearchHit => ({
    kind,
    id: doc.id,
    title,
    titleMatches: matchesIn(title, highlighting),
    detail,
    excerpt: body === null ? null : excerptOf(body, highlighting, always),
    parentId,
    at,
  });
  switch (kind) {
    case 'programme':
      return (docs as DocOf<'programmes'>[]).map((programme) =>
        hit(
          programme,
          programme.name,
          `${labelOf(programme.status)} programme`,
          programme.updatedAt,
          programme.description,
        ),
      );
    case 'task':
      return (docs as DocOf<'tasks'>[])
        .filter((task) => seesTask(actor, task, scope.teams.get(task.programmeId)))
        .map((task) =>
          hit(
            task,
            task.title,
            `${programmeName(task.programmeId)} · ${labelOf(task.status)}`,
            task.updatedAt,
            task.description,
          ),
        );
    case 'report':
      return (docs as DocOf<'reports'>[])
        .filter((report) =>
          mayReadReport(actor, report, scope.teams.get(report.programmeId)?.managerIds ?? []),
        )
        .map((report) =>
          hit(
            report,
            report.title,
            `${programmeName(report.programmeId)} · ${labelOf(report.state)}`,
            report.updatedAt,
            [report.achievements, report.blockers, report.recommendations].join(' '),
          ),
        );
    case 'person':
      return (docs as DocOf<'users'>[]).map((user) =>
        hit(user, displayName(user), `${labelOf(user.role)} · ${user.email}`, user.updatedAt, null),
      );
    case 'message': {
      const messages = (docs as DocOf<'messages'>[]).filter((message) => {
        const chat = scope.chats.get(message.chatId);
        return chat !== undefined && mayReadChat(actor, chat);
      });
      const names = await peopleNames(
        workspace,
        messages.flatMap((message) => [
          message.createdBy,
          ...(scope.chats.get(message.chatId)?.memberIds ?? []).slice(0, 2),
        ]),
      );
      return messages.map((message) => {
        const chat = scope.chats.get(message.chatId);
        return hit(
          message,
          names.get(message.createdBy) ?? message.createdBy,
          chatLabel(chat, actor.id, names),
          iso(message.createdAt),
          message.body,
          message.chatId,
          true,
        );
      });
    }
    case 'forumPost': {
      const posts = (docs as DocOf<'forumPosts'>[]).filter((post) =>
        mayReadForumPost(actor, post, scope.teams.get(post.programmeId)?.memberIds ?? []),
      );
      const threads = new Map(
        (
          await readDocs(
            workspace,
            'forumPosts',
            posts.filter((post) => post.kind === 'reply').map((post) => post.threadId),
          )
        ).map((thread) => [thread.id, thread]),
      );
      return posts.map((post) => {
        const title =
          post.kind === 'thread'
            ? post.title
            : `Re: ${threads.get(post.threadId)?.title ?? 'a thread'}`;
        const forum =
          post.programmeId === NONE ? 'Forum' : `Forum · ${programmeName(post.programmeId)}`;
        return hit(post, title, forum, iso(post.createdAt), post.body, post.threadId, true);
      });
    }
    default: {
      const unknownKind: never = kind;
      return unknownKind;
    }
  }
};

const peopleNames = async (
  workspace: Workspace,
  ids: readonly string[],
): Promise<ReadonlyMap<string, string>> => {
  const users = await readDocs(workspace, 'users', [...new Set(ids)]);
  return new Map(users.map((user) => [user.id, displayName(user)]));
};

/** "in Web Foundations", "in Study group", "with Ada Okafor" (a direct chat). */
const chatLabel = (
  chat: DocOf<'chats'> | undefined,
  me: string,
  names: ReadonlyMap<string, string>,
): string => {
  if (!chat) return 'Chat';
  if (chat.kind === 'direct') {
    const other = chat.memberIds.find((id) => id !== me) ?? me;
    return `Chat with ${names.get(other) ?? other}`;
  }
  return `Chat · ${chat.title?.trim() || 'Group chat'}`;
};
