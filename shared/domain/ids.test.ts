import { describe, expect, it } from 'vitest';
import { createPrng } from '../demo/prng';
import { ID_PATTERN, newId } from './ids';

describe('newId', () => {
  it('makes 26-character ids that do not collide', () => {
    const random = createPrng(1).bytes;
    const ids = Array.from({ length: 50_000 }, () => newId(random, 1_700_000_000_000));
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids.slice(0, 100)) expect(id).toMatch(ID_PATTERN);
  });

  it('sorts by the time given', () => {
    const random = createPrng(2).bytes;
    const times = [0, 1, 31, 32, 1_000, 1_700_000_000_000, 1_700_000_000_001, 2 ** 47];
    const ids = times.map((t) => newId(random, t));
    expect([...ids].sort()).toEqual(ids);
  });

  it('uses only the random source given', () => {
    expect(newId(createPrng(3).bytes, 5)).toBe(newId(createPrng(3).bytes, 5));
  });
});
