import type { TextMatch } from '../../../shared/contract';
import { MAX_SEARCH_WORDS } from '../../../shared/domain/search';
import { termsAt } from '../../../shared/domain/search-terms';

/**
 * What was typed, as FTS5 expressions: every word must be found (in a title or a body), the last
 * one as the start of a word (it is still being typed), and — when that finds too little — words
 * of four letters or more also as the words the index knows that are one typo away (two from
 * eight letters). Pure: the index's vocabulary is passed in.
 */

/** Words too common to narrow a search; dropped when the search has other words. */
const STOP_WORDS = new Set(
  'a an and are as at be by for from in is it of on or that the this to was we with you i'.split(
    ' ',
  ),
);

export interface TypedSearch {
  /** The distinct terms, in order. */
  readonly terms: readonly string[];
  /** The last term, looked for as a word start; null for a single letter or CJK. */
  readonly prefix: string | null;
}

const CJK_TERM = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

/** What was typed, ready to look for; undefined when there is no word in it. */
export const parseTyped = (text: string): TypedSearch | undefined => {
  const all = [...new Set(termsAt(text, true).map(({ term }) => term))];
  const meaningful = all.filter((term) => !STOP_WORDS.has(term));
  const terms = (meaningful.length > 0 ? meaningful : all).slice(0, MAX_SEARCH_WORDS);
  const last = terms[terms.length - 1];
  if (last === undefined) return undefined;
  const typedLast = all[all.length - 1] === last;
  const prefix = typedLast && last.length >= 2 && !CJK_TERM.test(last) ? last : null;
  return { terms, prefix };
};

/** The most edits a word may be from what was typed: typos are tolerated in longer words. */
export const typosAllowed = (term: string): number =>
  CJK_TERM.test(term) ? 0 : term.length >= 8 ? 2 : term.length >= 4 ? 1 : 0;

/**
 * Whether `a` and `b` are at most `max` edits apart (insertions, deletions, substitutions and
 * swaps of neighbours: "meetign" is one from "meeting"). Stops as soon as a row exceeds `max`.
 */
export const withinEdits = (a: string, b: string, max: number): boolean => {
  if (Math.abs(a.length - b.length) > max) return false;
  let before: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    let best = i;
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(
        (previous[j] ?? i) + 1,
        (current[j - 1] ?? j) + 1,
        (previous[j - 1] ?? 0) + cost,
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        value = Math.min(value, (before[j - 2] ?? 0) + 1);
      }
      current.push(value);
      if (value < best) best = value;
    }
    if (best > max) return false;
    before = previous;
    previous = current;
  }
  return (previous[b.length] ?? max + 1) <= max;
};

/** At most this many known words stand in for one mistyped word. */
const MAX_ALTERNATIVES = 12;

/**
 * Known words a typed word may have been meant as: same first letter (typos there are rare, and
 * it keeps the comparison to a slice of the vocabulary), within the edits allowed.
 */
export const alternativesOf = (
  term: string,
  knownStartingWith: (first: string) => Iterable<string>,
): string[] => {
  const max = typosAllowed(term);
  if (max === 0) return [];
  const found: string[] = [];
  for (const known of knownStartingWith(term.charAt(0))) {
    if (known !== term && withinEdits(term, known, max)) {
      found.push(known);
      if (found.length >= MAX_ALTERNATIVES) break;
    }
  }
  return found;
};

/** An FTS5 string literal. */
export const quoted = (token: string): string => `"${token.replaceAll('"', '""')}"`;

/** The words as an FTS5 expression over titles and bodies; with `alternatives`, typos too. */
export const textExpression = (
  typed: TypedSearch,
  alternatives: ReadonlyMap<string, readonly string[]> = new Map(),
  columns: '{title}' | '{title body}' = '{title body}',
): string => {
  const parts = typed.terms.map((term) => {
    const options = [
      term === typed.prefix ? `${quoted(term)}*` : quoted(term),
      ...(alternatives.get(term) ?? []).map(quoted),
    ];
    return options.length === 1 ? (options[0] ?? '') : `(${options.join(' OR ')})`;
  });
  return `${columns} : (${parts.join(' AND ')})`;
};

/** Tags any of which a row must carry, as an expression (at least one tag). */
export const anyTag = (tags: readonly [string, ...string[]] | readonly string[]): string =>
  `{tags} : (${tags.map(quoted).join(' OR ')})`;

/** The words a hit's text is highlighted for. */
export interface Highlighting {
  readonly exact: ReadonlySet<string>;
  readonly prefix: string | null;
}

/** Where the searched words stand in `text`, merged into ranges, in order. */
export const matchesIn = (text: string, highlighting: Highlighting): TextMatch[] => {
  const ranges: TextMatch[] = [];
  for (const { term, start, end } of termsAt(text)) {
    const hit =
      highlighting.exact.has(term) ||
      (highlighting.prefix !== null && term.startsWith(highlighting.prefix));
    if (hit) ranges.push({ start, end });
  }
  ranges.sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: TextMatch[] = [];
  for (const range of ranges) {
    const last = merged[merged.length - 1];
    if (last && range.start <= last.end) {
      merged[merged.length - 1] = { start: last.start, end: Math.max(last.end, range.end) };
    } else merged.push(range);
  }
  return merged;
};

const EXCERPT_BEFORE = 40;
const EXCERPT_LENGTH = 160;

/**
 * A piece of a long text around its first match, with the matches in it; the beginning of the
 * text when nothing in it matched and `always`; else null.
 */
export const excerptOf = (
  text: string,
  highlighting: Highlighting,
  always = false,
): { text: string; matches: TextMatch[] } | null => {
  const flat = text.replace(/\s+/g, ' ').trim();
  const matches = matchesIn(flat, highlighting);
  const first = matches[0];
  if (!first && !always) return null;
  let start = first ? Math.max(0, first.start - EXCERPT_BEFORE) : 0;
  // Start at a word, not inside one.
  if (start > 0) {
    const space = flat.indexOf(' ', start);
    start = space >= 0 && space < (first?.start ?? flat.length) ? space + 1 : start;
  }
  let end = Math.min(flat.length, start + EXCERPT_LENGTH);
  if (end < flat.length) {
    const space = flat.lastIndexOf(' ', end);
    if (space > (first?.end ?? start)) end = space;
  }
  const lead = start > 0 ? '…' : '';
  const tail = end < flat.length ? '…' : '';
  return {
    text: `${lead}${flat.slice(start, end)}${tail}`,
    matches: matches
      .filter((match) => match.start >= start && match.end <= end)
      .map((match) => ({
        start: match.start - start + lead.length,
        end: match.end - start + lead.length,
      })),
  };
};
