import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lengthState } from './text-length';

// The counter speaks the person's locale; the test follows whatever locale it runs in.
const n = (value: number) => new Intl.NumberFormat().format(value);

describe('lengthState', () => {
  it('stays out of the way far from the limit', () => {
    expect(lengthState(10, 200).visible).toBe(false);
  });

  it('counts near the limit', () => {
    expect(lengthState(4_812, 5_000)).toEqual({
      visible: true,
      over: false,
      text: '4,812 / 5,000',
    });
  });

  it('says by how much a text is over, and is never hidden then', () => {
    expect(lengthState(6_000, 5_000)).toEqual({
      visible: true,
      over: true,
      text: `${n(1_000)} characters over the limit of ${n(5_000)}`,
    });
    expect(lengthState(41, 40).text).toBe('1 character over the limit of 40');
    fc.assert(
      fc.property(fc.nat(100_000), fc.integer({ min: 1, max: 50_000 }), (length, max) => {
        const state = lengthState(length, max);
        expect(state.over).toBe(length > max);
        if (state.over) expect(state.visible).toBe(true);
      }),
    );
  });
});
