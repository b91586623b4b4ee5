import type { SearchKind } from '../../../shared/contract';
import type { Actor } from '../../../shared/domain';
import { termsOf } from '../../../shared/domain/search-terms';
import { NONE } from '../../../shared/schema/fields';
import type { DocOf } from '../../../shared/schema';
import { displayName } from '../workspace/names';

/**
 * What the index holds of each document: its terms (title and body, folded), a few filter tags,
 * and a time for recency. Never the text itself: the shown hits are read from the database.
 */

/** The collections the search covers, and the kind each one's hits are. */
export const indexedCollections = {
  programmes: 'programme',
  tasks: 'task',
  reports: 'report',
  users: 'person',
  messages: 'message',
  forumPosts: 'forumPost',
} as const satisfies Record<string, SearchKind>;
export type IndexedCollection = keyof typeof indexedCollections;
export const indexedCollectionNames = Object.keys(indexedCollections) as IndexedCollection[];

/** Filter tags: one letter saying what, then the id in hex (ids may hold any character). */
export const tag = {
  programme: (id: string) => `p${hex(id)}`,
  assignee: (id: string) => `u${hex(id)}`,
  author: (id: string) => `a${hex(id)}`,
  chat: (id: string) => `c${hex(id)}`,
  member: (id: string) => `m${hex(id)}`,
  state: (state: string) => `s${hex(state)}`,
} as const;
const hex = (text: string) => Buffer.from(text, 'utf8').toString('hex');
/** The programme tag of what belongs to no programme (the organisation-wide forum): no hex. */
export const NO_PROGRAMME = 'pnone';

export interface IndexEntry {
  readonly kind: SearchKind;
  /** Milliseconds: when it was written (messages, posts) or last changed (the rest). */
  readonly at: number;
  /** The terms of what a hit is called, space-separated. */
  readonly title: string;
  readonly body: string;
  readonly tags: readonly string[];
}

const joined = (...texts: (string | undefined)[]) =>
  termsOf(texts.filter((text) => text !== undefined && text !== NONE).join(' ')).join(' ');
const time = (iso: string) => {
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? Math.max(0, ms) : 0;
};

/**
 * The index entry of a document, or undefined when the person can never read it: another
 * person's draft stays out of their index altogether (it can only become readable by changing,
 * and a change indexes it again).
 */
export const entryOf = <C extends IndexedCollection>(
  collection: C,
  doc: DocOf<C>,
  owner: Actor,
): IndexEntry | undefined => {
  switch (collection) {
    case 'programmes': {
      const programme = doc as DocOf<'programmes'>;
      return {
        kind: 'programme',
        at: time(programme.updatedAt),
        title: joined(programme.name),
        body: joined(programme.description),
        tags: [tag.programme(programme.id)],
      };
    }
    case 'tasks': {
      const task = doc as DocOf<'tasks'>;
      return {
        kind: 'task',
        at: time(task.updatedAt),
        title: joined(task.title),
        body: joined(task.description),
        tags: [tag.programme(task.programmeId), ...task.assignees.map(tag.assignee)],
      };
    }
    case 'reports': {
      const report = doc as DocOf<'reports'>;
      if (report.state === 'draft' && report.createdBy !== owner.id) return undefined;
      return {
        kind: 'report',
        at: time(report.updatedAt),
        title: joined(report.title),
        body: joined(report.achievements, report.blockers, report.recommendations),
        tags: [
          tag.programme(report.programmeId),
          tag.author(report.createdBy),
          tag.state(report.state),
        ],
      };
    }
    case 'users': {
      const user = doc as DocOf<'users'>;
      return {
        kind: 'person',
        at: time(user.updatedAt),
        title: joined(displayName(user), user.username),
        body: joined(user.email, user.headline),
        tags: [tag.member(user.id)],
      };
    }
    case 'messages': {
      const message = doc as DocOf<'messages'>;
      return {
        kind: 'message',
        at: time(message.createdAt),
        title: '',
        body: joined(message.body),
        tags: [tag.chat(message.chatId), tag.author(message.createdBy)],
      };
    }
    case 'forumPosts': {
      const post = doc as DocOf<'forumPosts'>;
      return {
        kind: 'forumPost',
        at: time(post.createdAt),
        title: joined(post.title),
        body: joined(post.body),
        tags: [
          post.programmeId === NONE ? NO_PROGRAMME : tag.programme(post.programmeId),
          tag.author(post.createdBy),
        ],
      };
    }
    default:
      return undefined;
  }
};
