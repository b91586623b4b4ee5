import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { encodeIndexKey } from './index-key';

describe('encodeIndexKey', () => {
  it('orders keys under memcmp exactly as JavaScript orders the strings', () => {
    const unit = fc.oneof(
      fc.constantFrom('\u0000', ' ', 'a', 'é', '\u07ff', '\u0800', '\uE000', '\uFFFF', '😀'),
      fc.constantFrom('\uD83D', '\uDE00'), // lone surrogates, as JavaScript strings may hold
      fc.string({ unit: 'binary', maxLength: 2 }),
    );
    const text = fc.array(unit, { maxLength: 6 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(text, text, (a, b) => {
        const jsOrder = a < b ? -1 : a > b ? 1 : 0;
        expect(Math.sign(Buffer.compare(encodeIndexKey(a), encodeIndexKey(b)))).toBe(jsOrder);
      }),
      { numRuns: 2000 },
    );
  });
});
