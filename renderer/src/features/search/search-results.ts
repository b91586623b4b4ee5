import type { SearchHit, SearchKind, TextMatch } from '../../../../shared/contract';
import { searchKinds } from '../../../../shared/contract';

/** How each kind of hit is grouped and where it opens. */
export const kindLabels: Readonly<Record<SearchKind, string>> = {
  programme: 'Programmes',
  task: 'Tasks',
  report: 'Reports',
  person: 'People',
  message: 'Messages',
  forumPost: 'Forum',
};

/** The order groups are shown in: what people look for most first. */
export const groupOrder: readonly SearchKind[] = [
  'message',
  'task',
  'report',
  'programme',
  'person',
  'forumPost',
];

const kindPaths: Readonly<Record<Exclude<SearchKind, 'message' | 'forumPost'>, string>> = {
  programme: '/programmes',
  task: '/tasks',
  report: '/reports',
  person: '/people',
};

/**
 * Where a hit opens. A message opens in its chat, scrolled to it: `/chats/<chatId>?message=<id>`;
 * a forum post in its thread: `/forum/<threadId>?post=<id>` (the chat and forum screens read the
 * parameter).
 */
export const hitPath = (hit: Pick<SearchHit, 'kind' | 'id' | 'parentId'>): string => {
  const id = encodeURIComponent(hit.id);
  const parent = encodeURIComponent(hit.parentId ?? '');
  switch (hit.kind) {
    case 'message':
      return `/chats/${parent}?message=${id}`;
    case 'forumPost':
      return `/forum/${parent}?post=${id}`;
    default:
      return `${kindPaths[hit.kind]}/${id}`;
  }
};

/** A hit as a combobox option value, and back. */
export const optionValue = (hit: Pick<SearchHit, 'kind' | 'id'>): string => `${hit.kind}:${hit.id}`;

export const hitOfOption = (value: string): Pick<SearchHit, 'kind' | 'id'> | undefined => {
  const colon = value.indexOf(':');
  const kind = value.slice(0, colon);
  if (colon < 0 || !(searchKinds as readonly string[]).includes(kind)) return undefined;
  return { kind: kind as SearchKind, id: value.slice(colon + 1) };
};

/** The hits in the order the groups are shown, each group in the host's ranking. */
export const groupHits = (
  hits: readonly SearchHit[],
): { kind: SearchKind; label: string; hits: SearchHit[] }[] =>
  groupOrder
    .map((kind) => ({
      kind,
      label: kindLabels[kind],
      hits: hits.filter((hit) => hit.kind === kind),
    }))
    .filter((group) => group.hits.length > 0);

/** A text cut at its matches: the pieces to mark and the pieces between, in order. */
export const segmentsOf = (
  text: string,
  matches: readonly TextMatch[],
): { readonly text: string; readonly marked: boolean }[] => {
  const segments: { text: string; marked: boolean }[] = [];
  let at = 0;
  for (const { start, end } of [...matches].sort((a, b) => a.start - b.start)) {
    const from = Math.max(at, Math.min(start, text.length));
    const to = Math.max(from, Math.min(end, text.length));
    if (from > at) segments.push({ text: text.slice(at, from), marked: false });
    if (to > from) segments.push({ text: text.slice(from, to), marked: true });
    at = to;
  }
  if (at < text.length) segments.push({ text: text.slice(at), marked: false });
  return segments;
};
