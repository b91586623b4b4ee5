import { CROCKFORD, crockfordValue, encodeBits } from './base32';
import type { RandomBytes } from './random';

/**
 * Certificate codes look like `MMM-7K2Q-9XHD-C`: eight random Crockford base-32 characters (40
 * bits) and one check character, so anyone verifying a printed certificate learns at once whether
 * they mistyped it.
 *
 * The check character makes Σ wᵢ·cᵢ = 0 over GF(32), with distinct weights wᵢ = αⁱ (α a primitive
 * element). A single wrong character changes the sum by wᵢ·e ≠ 0; swapping two different
 * characters changes it by (wᵢ + wⱼ)(a + b) ≠ 0. So every single substitution and every
 * transposition, adjacent or not, is caught — which Luhn mod N does not quite manage.
 */
const PREFIX = 'MMM';
const PAYLOAD_LENGTH = 8;
/** x⁵ + x² + 1, a primitive polynomial of GF(32). */
const MODULUS = 0b100101;

const gfMultiply = (a: number, b: number): number => {
  let product = 0;
  let x = a;
  for (let y = b; y > 0; y >>= 1) {
    if (y & 1) product ^= x;
    x <<= 1;
    if (x & 0b100000) x ^= MODULUS;
  }
  return product;
};

/** The GF(32) sum Σ αⁱ⁺¹·cᵢ over the payload, i from the last character. */
const weightedSum = (values: readonly number[]): number => {
  let sum = 0;
  let weight = 1;
  for (let i = values.length - 1; i >= 0; i -= 1) {
    weight = gfMultiply(weight, 2);
    sum ^= gfMultiply(weight, values[i] ?? 0);
  }
  return sum;
};

/** The check character of an 8-character payload (in characters of the Crockford alphabet). */
export const certificateCheckCharacter = (payload: string): string =>
  CROCKFORD.charAt(weightedSum(Array.from(payload, crockfordValue)));

const format = (payload: string): string =>
  `${PREFIX}-${payload.slice(0, 4)}-${payload.slice(4, 8)}-${certificateCheckCharacter(payload)}`;

/** A new code from 5 random bytes. */
export const newCertificateCode = (random: RandomBytes): string =>
  format(encodeBits(random(5), PAYLOAD_LENGTH * 5));

/**
 * The canonical form of what someone typed (any case, with or without `MMM` and hyphens or spaces,
 * O for 0 and I/L for 1), or null when it is not a valid code.
 */
export const normaliseCertificateCode = (input: string): string | null => {
  let compact = input.replace(/[\s-]/g, '').toUpperCase();
  if (compact.length === PREFIX.length + PAYLOAD_LENGTH + 1 && compact.startsWith(PREFIX)) {
    compact = compact.slice(PREFIX.length);
  }
  if (compact.length !== PAYLOAD_LENGTH + 1) return null;
  const values = Array.from(compact, crockfordValue);
  if (values.some((value) => value < 0)) return null;
  const payloadValues = values.slice(0, PAYLOAD_LENGTH);
  const check = values[PAYLOAD_LENGTH];
  if (weightedSum(payloadValues) !== check) return null;
  return format(payloadValues.map((value) => CROCKFORD.charAt(value)).join(''));
};

export const isValidCertificateCode = (input: string): boolean =>
  normaliseCertificateCode(input) !== null;
