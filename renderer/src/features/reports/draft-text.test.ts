import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { reportTextLimits } from '../../../../shared/domain/inputs/work';
import { changedFields, draftFields, fieldList, splitOverlong, withHeld } from './draft-text';
import type { DraftText } from './draft-text';

const stored: DraftText = {
  title: 'Week 3',
  achievements: 'Shipped the form',
  blockers: '',
  recommendations: '',
};

describe('splitOverlong', () => {
  it('keeps the last saved text in the report and holds back what is over its limit', () => {
    const long = 'a'.repeat(100_000);
    const typed = { ...stored, achievements: long, blockers: 'Waiting for access' };
    expect(splitOverlong(typed, stored)).toEqual({
      saveable: { ...stored, blockers: 'Waiting for access' },
      over: { achievements: long },
    });
    // A new draft has nothing saved yet: the long field is empty in the report.
    expect(splitOverlong(typed, null).saveable.achievements).toBe('');
  });

  it('never loses or cuts text: saveable and held together are what was typed', () => {
    const field = fc.oneof(
      fc.string({ maxLength: 30 }),
      fc.integer({ min: 190, max: 21_000 }).map((length) => 'x'.repeat(length)),
    );
    fc.assert(
      fc.property(
        fc.record({ title: field, achievements: field, blockers: field, recommendations: field }),
        (typed) => {
          const { saveable, over } = splitOverlong(typed, stored);
          expect(withHeld(saveable, over)).toEqual(typed);
          for (const name of draftFields) {
            expect(
              saveable[name].length <= reportTextLimits[name] || saveable[name] === stored[name],
            ).toBe(true);
            expect(over[name] === undefined || over[name].length > reportTextLimits[name]).toBe(
              true,
            );
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('draft text helpers', () => {
  it('finds the changed fields', () => {
    expect(changedFields({ ...stored, blockers: 'CI' }, stored)).toEqual({ blockers: 'CI' });
  });

  it('names the held fields in a sentence', () => {
    expect(fieldList(['achievements'])).toBe('Achievements');
    expect(fieldList(['title', 'blockers', 'recommendations'])).toBe(
      'The title, Blockers and Recommendations',
    );
    expect(fieldList(['achievements', 'title'])).toBe('Achievements and the title');
  });
});
