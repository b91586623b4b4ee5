/**
 * The global search's matching and ranking, pure: case- and accent-insensitive words, every word
 * must be found, and the best matches first — a title that starts with what was typed, then one
 * with it at the start of a word, then anywhere in the title, then words scattered over the title
 * and the other fields.
 */

/** A search of more words than this uses the first ones (a pasted paragraph is not a query). */
export const MAX_SEARCH_WORDS = 8;

// eslint-disable-next-line no-control-regex -- the ASCII range starts at U+0000 by definition
const NON_ASCII = /[^\u0000-\u007f]/;
const MARKS = /\p{Mn}/gu;

/** Lower case without accents: "Élan" and "elan" match. ASCII text (the common case) is cheap. */
export const foldText = (text: string): string => {
  const lower = text.toLowerCase();
  return NON_ASCII.test(lower) ? lower.normalize('NFD').replace(MARKS, '') : lower;
};

export interface SearchQuery {
  /** The whole text, folded, with single spaces. */
  readonly phrase: string;
  /** Its distinct words, folded. */
  readonly words: readonly string[];
}

/** What was typed, ready to match; undefined when there is nothing to look for. */
export const parseSearch = (text: string): SearchQuery | undefined => {
  const all = foldText(text).split(/\s+/).filter(Boolean);
  if (all.length === 0) return undefined;
  return { phrase: all.join(' '), words: [...new Set(all)].slice(0, MAX_SEARCH_WORDS) };
};

/** The rank tiers, best first. */
export const MatchRank = {
  titleStartsWith: 0,
  titleWordStartsWith: 1,
  titleContains: 2,
  titleHasAllWords: 3,
  fieldsHaveAllWords: 4,
} as const;
export type MatchRank = (typeof MatchRank)[keyof typeof MatchRank];

const isWordStart = (text: string, index: number): boolean => {
  if (index === 0) return true;
  const before = text.charAt(index - 1);
  return !/[\p{L}\p{N}]/u.test(before);
};

/** Where `needle` occurs at the start of a word of `text`, or -1. */
const wordStartIndex = (text: string, needle: string): number => {
  let index = text.indexOf(needle);
  while (index > 0 && !isWordStart(text, index)) index = text.indexOf(needle, index + 1);
  return index;
};

const titleRank = (query: SearchQuery, foldedTitle: string): MatchRank | undefined => {
  if (foldedTitle.startsWith(query.phrase)) return MatchRank.titleStartsWith;
  if (wordStartIndex(foldedTitle, query.phrase) >= 0) return MatchRank.titleWordStartsWith;
  if (foldedTitle.includes(query.phrase)) return MatchRank.titleContains;
  if (query.words.every((word) => foldedTitle.includes(word))) return MatchRank.titleHasAllWords;
  return undefined;
};

/**
 * How well a record matches (lower is better), or undefined when some word is in none of its
 * fields. `titles` are what the hit is called (a person: their name and their username), the best
 * of them counts; `others` are searched too (a description, an email).
 */
export const rankMatch = (
  query: SearchQuery,
  titles: string | readonly string[],
  others: readonly string[] = [],
): MatchRank | undefined => {
  const foldedTitles = (typeof titles === 'string' ? [titles] : titles).map(foldText);
  let best: MatchRank | undefined;
  for (const title of foldedTitles) {
    const rank = titleRank(query, title);
    if (rank !== undefined && (best === undefined || rank < best)) best = rank;
  }
  if (best !== undefined) return best;
  const fields = [...foldedTitles, ...others.map(foldText)];
  const found = query.words.every((word) => fields.some((field) => field.includes(word)));
  return found ? MatchRank.fieldsHaveAllWords : undefined;
};

export interface Ranked<T> {
  readonly item: T;
  readonly rank: MatchRank;
  readonly title: string;
  /** The title or alias that matched best: what the order within a tier goes by. */
  readonly matched: string;
}

/** Best first; within a tier, shorter names (closer matches) first, then alphabetically. */
export const compareRanked = <T>(a: Ranked<T>, b: Ranked<T>): number =>
  a.rank - b.rank ||
  a.matched.length - b.matched.length ||
  a.matched.localeCompare(b.matched, undefined, { sensitivity: 'base' });

/**
 * The best `limit` matches among `items`, in one pass. `fieldsOf` gives the title, the aliases
 * and the other searchable fields of an item.
 */
export const bestMatches = <T>(
  items: Iterable<T>,
  query: SearchQuery,
  fieldsOf: (item: T) => {
    readonly title: string;
    /** Other names it goes by, ranked like the title (a username). */
    readonly aliases?: readonly string[];
    readonly others?: readonly string[];
  },
  limit: number,
): Ranked<T>[] => {
  if (limit <= 0) return [];
  const matches: Ranked<T>[] = [];
  for (const item of items) {
    const { title, aliases, others } = fieldsOf(item);
    const rank = rankMatch(query, aliases ? [title, ...aliases] : title, others);
    if (rank === undefined) continue;
    // A person found by their username is ordered by it (mentor01, mentor02…), not by their name.
    const matched =
      aliases?.find(
        (alias) => rankMatch(query, alias) === rank && rank !== MatchRank.fieldsHaveAllWords,
      ) ?? title;
    matches.push({ item, rank, title, matched });
  }
  return matches.sort(compareRanked).slice(0, limit);
};
