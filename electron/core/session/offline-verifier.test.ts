import { describe, expect, it } from 'vitest';
import {
  createOfflineVerifier,
  offlineVerifierSchema,
  verifyOfflinePassword,
} from './offline-verifier';

// A low cost keeps the test fast; the production cost is SCRYPT_COST.
const cost = { N: 1024, r: 8, p: 1 };

describe('offline sign-in verifier', () => {
  it('accepts the right password and refuses a wrong one or another user', async () => {
    const verifier = await createOfflineVerifier('ada', 'correct horse', cost);
    expect(offlineVerifierSchema.safeParse(verifier).success).toBe(true);
    expect(await verifyOfflinePassword(verifier, 'ada', 'correct horse')).toBe(true);
    expect(await verifyOfflinePassword(verifier, 'ada', 'correct hors')).toBe(false);
    expect(await verifyOfflinePassword(verifier, 'bob', 'correct horse')).toBe(false);
  });

  it('never stores the password, and salts every verifier', async () => {
    const first = await createOfflineVerifier('ada', 'correct horse', cost);
    const second = await createOfflineVerifier('ada', 'correct horse', cost);
    expect(JSON.stringify(first)).not.toContain('correct horse');
    expect(first.salt).not.toBe(second.salt);
    expect(first.hash).not.toBe(second.hash);
  });

  it('treats differently composed Unicode of the same password as the same', async () => {
    const verifier = await createOfflineVerifier('zoë', 'caf\u00e9', cost);
    expect(await verifyOfflinePassword(verifier, 'zoë', 'cafe\u0301')).toBe(true);
  });
});
