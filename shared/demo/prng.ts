import type { RandomBytes } from '../domain/random';

/**
 * A small seeded generator (sfc32): the same seed gives the same demo organisation on every machine,
 * and it is fast enough for 100,000 reports.
 */
export interface Prng {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max]. */
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  /** `count` distinct items (fewer if there are not that many). */
  sample<T>(items: readonly T[], count: number): T[];
  chance(probability: number): boolean;
  bytes: RandomBytes;
}

export const createPrng = (seed: number): Prng => {
  let a = 0x9e3779b9;
  let b = 0x243f6a88;
  let c = 0xb7e15162;
  let d = seed >>> 0;
  const nextUint = (): number => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    const t = (a + b + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    return t;
  };
  // Mix the seed in before the first output, as sfc32's reference does.
  for (let i = 0; i < 15; i += 1) nextUint();
  const next = (): number => nextUint() / 4_294_967_296;
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => {
    const item = items[int(0, items.length - 1)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  };
  const sample = <T>(items: readonly T[], count: number): T[] => {
    const pool = [...items];
    const chosen: T[] = [];
    while (chosen.length < count && pool.length > 0) {
      const [item] = pool.splice(int(0, pool.length - 1), 1);
      if (item !== undefined) chosen.push(item);
    }
    return chosen;
  };
  const bytes = (length: number): Uint8Array => {
    const out = new Uint8Array(length);
    for (let i = 0; i < length; i += 4) {
      const word = nextUint();
      for (let j = 0; j < 4 && i + j < length; j += 1) out[i + j] = (word >>> (8 * j)) & 0xff;
    }
    return out;
  };
  return { next, int, pick, sample, chance: (p) => next() < p, bytes };
};
