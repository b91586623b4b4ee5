/**
 * A person's initials for their avatar: the first letter of the first and last words of their
 * name ("Grace Andersen" → "GA"), or the first two of a single word ("manager1" → "MA"). Letters
 * are whole characters (an emoji or a combined accent is one), in whatever script the name is.
 */
const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

const lettersOf = (word: string): string[] =>
  [...segmenter.segment(word)].map((part) => part.segment);

export const initialsOf = (name: string): string => {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const first = words[0];
  if (first === undefined) return '?';
  const last = words.length > 1 ? words[words.length - 1] : undefined;
  const letters = last
    ? [lettersOf(first)[0] ?? '', lettersOf(last)[0] ?? '']
    : lettersOf(first).slice(0, 2);
  return letters.join('').toLocaleUpperCase();
};
