import { CROCKFORD, encodeBits } from './base32';
import type { RandomBytes } from './random';

/** 80 random bits: two ids made in the same millisecond collide with odds of about 1 in 10^24. */
const RANDOM_BYTES = 10;
const TIME_CHARS = 10;

/**
 * A new document id: 26 Crockford base-32 characters, the first 10 the time in milliseconds (so
 * ids sort by creation time, like ULIDs) and the rest random. The time is passed in because
 * shared/ has no clock; without one the time part is zero and ids are simply random.
 */
export const newId = (random: RandomBytes, nowMs = 0): string => {
  let time = '';
  let rest = Math.max(0, Math.floor(nowMs));
  for (let i = 0; i < TIME_CHARS; i += 1) {
    time = CROCKFORD.charAt(rest % 32) + time;
    rest = Math.floor(rest / 32);
  }
  return time + encodeBits(random(RANDOM_BYTES), RANDOM_BYTES * 8);
};

export const ID_PATTERN = /^[0-9A-HJKMNP-TV-Z]{26}$/;
