/**
 * How text becomes search terms — the same for what is indexed and what is typed, so both sides
 * always agree: case and accents folded ("Müller" and "muller" are one term), words split on
 * anything that is not a letter or a digit, and CJK text (which has no spaces) cut into single
 * characters and pairs of neighbours, so "会议" is found inside "明天的会议室".
 */

/** Letters that decompose to nothing simpler but that people type without their mark. */
const SPECIAL_FOLDS: Readonly<Record<string, string>> = {
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  đ: 'd',
  ð: 'd',
  ł: 'l',
  ı: 'i',
  þ: 'th',
};
const SPECIALS = /[ßæœøđðłıþ]/g;
/**
 * Combining marks, except the kana voicing marks: "が" stays "が" (dropping its mark would turn it
 * into another syllable), while "é", Arabic vowel points and the like fold to their base letter.
 */
const MARKS = /(?![\u3099\u309a])\p{Mn}/gu;
// eslint-disable-next-line no-control-regex -- the ASCII range starts at U+0000 by definition
const NON_ASCII = /[^\u0000-\u007f]/;

/** Lower case without accents; full-width forms become their usual letters. ASCII is cheap. */
export const foldTerm = (text: string): string => {
  const lower = text.toLowerCase();
  if (!NON_ASCII.test(lower)) return lower;
  return lower
    .normalize('NFKD')
    .replace(MARKS, '')
    .replace(SPECIALS, (letter) => SPECIAL_FOLDS[letter] ?? letter)
    .normalize('NFC');
};

/** A word (or CJK run) of a text and where it stands, in UTF-16 offsets of the original. */
export interface WordAt {
  readonly text: string;
  readonly start: number;
  readonly end: number;
  readonly cjk: boolean;
}

/** Scripts written without spaces between words. */
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
/** Runs of CJK characters, or of other letters, digits and their marks. */
const WORDS =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u3099\u309a\u30fc]+|(?:(?![\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}])[\p{L}\p{N}\p{M}])+/gu;

/** The words of a text, in order. */
export const wordsOf = (text: string): WordAt[] => {
  const words: WordAt[] = [];
  for (const match of text.matchAll(WORDS)) {
    const start = match.index;
    words.push({
      text: match[0],
      start,
      end: start + match[0].length,
      cjk: CJK.test(match[0]),
    });
  }
  return words;
};

/** A term as it is indexed, and the part of the original text it came from. */
export interface TermAt {
  readonly term: string;
  readonly start: number;
  readonly end: number;
}

/** Longer words are cut here: nobody types 60 letters, and the index stays small. */
export const MAX_TERM_LENGTH = 40;

/**
 * The terms of a CJK run: every character, and every pair of neighbours. Characters are taken as
 * code points (an extension-B ideograph is two UTF-16 units) with their offsets kept.
 */
const cjkTerms = (word: WordAt, pairsOnly: boolean, out: TermAt[]): void => {
  const chars: { readonly char: string; readonly start: number }[] = [];
  let offset = word.start;
  for (const char of word.text) {
    // A voicing mark or a prolonged-sound mark belongs to the character before it.
    const last = chars[chars.length - 1];
    if (last && /[\u3099\u309a\u30fc]/.test(char)) {
      chars[chars.length - 1] = { char: last.char + char, start: last.start };
    } else {
      chars.push({ char, start: offset });
    }
    offset += char.length;
  }
  const endOf = (index: number) => chars[index + 1]?.start ?? word.end;
  if (!pairsOnly || chars.length === 1) {
    for (const [index, { char, start }] of chars.entries()) {
      out.push({ term: foldTerm(char), start, end: endOf(index) });
    }
  }
  for (let index = 0; index + 1 < chars.length; index += 1) {
    const first = chars[index];
    const second = chars[index + 1];
    if (!first || !second) continue;
    out.push({
      term: foldTerm(first.char + second.char),
      start: first.start,
      end: endOf(index + 1),
    });
  }
};

/**
 * The terms of a text with their places. `forQuery`: a CJK run of several characters looks for
 * its pairs only (they imply the characters), so a typed sentence stays a few terms.
 */
export const termsAt = (text: string, forQuery = false): TermAt[] => {
  const out: TermAt[] = [];
  for (const word of wordsOf(text)) {
    if (word.cjk) {
      cjkTerms(word, forQuery, out);
      continue;
    }
    const term = foldTerm(word.text).slice(0, MAX_TERM_LENGTH);
    if (term !== '') out.push({ term, start: word.start, end: word.end });
  }
  return out;
};

/** The terms of a text, for the index. */
export const termsOf = (text: string): string[] => termsAt(text).map(({ term }) => term);
