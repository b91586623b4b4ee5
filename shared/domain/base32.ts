/**
 * Crockford's base 32: digits and capitals without I, L, O and U, so a code read aloud or typed
 * from paper has no 1/I/L or 0/O confusion (those letters are read as the digits instead).
 */
export const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

const aliases: Readonly<Record<string, string>> = { I: '1', L: '1', O: '0' };

/** The value 0–31 of a character, reading lower case and the confusable letters; -1 if none. */
export const crockfordValue = (char: string): number => {
  const upper = char.toUpperCase();
  return CROCKFORD.indexOf(aliases[upper] ?? upper);
};

/** Encodes `bits` bits of the bytes, most significant first, as ceil(bits / 5) characters. */
export const encodeBits = (bytes: Uint8Array, bits: number): string => {
  let out = '';
  for (let start = 0; start < bits; start += 5) {
    let value = 0;
    for (let bit = start; bit < start + 5; bit += 1) {
      const byte = bytes[bit >> 3] ?? 0;
      const set = bit < bits && (byte >> (7 - (bit & 7))) & 1;
      value = (value << 1) | (set ? 1 : 0);
    }
    out += CROCKFORD.charAt(value);
  }
  return out;
};
