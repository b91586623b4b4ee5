import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createPrng } from '../demo/prng';
import { CROCKFORD } from './base32';
import {
  certificateCheckCharacter,
  isValidCertificateCode,
  newCertificateCode,
  normaliseCertificateCode,
} from './certificateCode';

const prng = createPrng(7);
const codes = Array.from({ length: 200 }, () => newCertificateCode(prng.bytes));
/** The 9 significant characters of a code (payload and check). */
const significant = (code: string) => code.slice(4).replace(/-/g, '');
const compose = (chars: string) =>
  `MMM-${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.charAt(8)}`;

describe('certificate codes', () => {
  it('look like MMM-XXXX-XXXX-C and are valid', () => {
    for (const code of codes) {
      expect(code).toMatch(/^MMM-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]$/);
      expect(isValidCertificateCode(code)).toBe(true);
    }
  });

  it('catch every single mistyped character', () => {
    for (const code of codes) {
      const chars = significant(code);
      for (let i = 0; i < chars.length; i += 1) {
        for (const wrong of CROCKFORD) {
          if (wrong === chars.charAt(i)) continue;
          const typo = chars.slice(0, i) + wrong + chars.slice(i + 1);
          expect(isValidCertificateCode(compose(typo)), `${code} with ${wrong} at ${i}`).toBe(
            false,
          );
        }
      }
    }
  });

  it('catch every swap of two different adjacent characters', () => {
    for (const code of codes) {
      const chars = significant(code);
      for (let i = 0; i + 1 < chars.length; i += 1) {
        const [a, b] = [chars.charAt(i), chars.charAt(i + 1)];
        if (a === b) continue;
        const swapped = chars.slice(0, i) + b + a + chars.slice(i + 2);
        expect(isValidCertificateCode(compose(swapped))).toBe(false);
      }
    }
  });

  it('read what people type: case, spaces, no prefix, O for 0 and I or L for 1', () => {
    const code = compose(`01O1OL00${certificateCheckCharacter('01010100')}`);
    const canonical = normaliseCertificateCode(code);
    expect(canonical).toBe(`MMM-0101-0100-${certificateCheckCharacter('01010100')}`);
    expect(normaliseCertificateCode(canonical!.toLowerCase().replace(/-/g, ' '))).toBe(canonical);
    expect(normaliseCertificateCode(canonical!.slice(4))).toBe(canonical);
    expect(normaliseCertificateCode('MMM-0101')).toBeNull();
    expect(normaliseCertificateCode('MMM-0101-0100-U')).toBeNull();
  });

  it('never accept random text by accident more often than 1 in 32', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 9, maxLength: 9, unit: fc.constantFrom(...Array.from(CROCKFORD)) }),
        (chars) => {
          const valid = isValidCertificateCode(chars);
          expect(valid).toBe(certificateCheckCharacter(chars.slice(0, 8)) === chars.charAt(8));
        },
      ),
    );
  });
});
