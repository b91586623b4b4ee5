import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

/**
 * The last signed-in user may open the app offline. We never keep their password: only a salted,
 * deliberately slow scrypt hash of it, to check the password typed at the next offline sign-in.
 */
export const offlineVerifierSchema = z.object({
  algorithm: z.literal('scrypt'),
  username: z.string().min(1),
  salt: z.string().min(16),
  hash: z.string().min(16),
  // scrypt cost parameters, stored so they can be raised later without breaking old verifiers.
  N: z.number().int().positive(),
  r: z.number().int().positive(),
  p: z.number().int().positive(),
});
export type OfflineVerifier = z.infer<typeof offlineVerifierSchema>;

/** ~50 ms on a laptop: slow for a guesser, unnoticeable at sign-in. */
export const SCRYPT_COST = { N: 2 ** 15, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;

const derive = (password: string, salt: Buffer, cost: { N: number; r: number; p: number }) =>
  new Promise<Buffer>((resolve, reject) => {
    scrypt(
      password.normalize('NFKC'),
      salt,
      KEY_LENGTH,
      { ...cost, maxmem: 128 * cost.N * cost.r * 2 },
      (error, key) => {
        if (error) reject(error);
        else resolve(key);
      },
    );
  });

export const createOfflineVerifier = async (
  username: string,
  password: string,
  cost: { N: number; r: number; p: number } = SCRYPT_COST,
): Promise<OfflineVerifier> => {
  const salt = randomBytes(16);
  const hash = await derive(password, salt, cost);
  return {
    algorithm: 'scrypt',
    username,
    salt: salt.toString('base64'),
    hash: hash.toString('base64'),
    ...cost,
  };
};

export const verifyOfflinePassword = async (
  verifier: OfflineVerifier,
  username: string,
  password: string,
): Promise<boolean> => {
  const expected = Buffer.from(verifier.hash, 'base64');
  const actual = await derive(password, Buffer.from(verifier.salt, 'base64'), verifier);
  // Compare the hash even for a wrong username, so timing does not tell which one was wrong.
  const sameHash = expected.length === actual.length && timingSafeEqual(expected, actual);
  return sameHash && verifier.username === username;
};
