import { pbkdf2, randomBytes, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

/**
 * `_users` password hashes as Apache CouchDB 3.4 stores them, computed here rather than by
 * express-pouchdb: its user store hashes with pbkdf2-SHA1 at 10 iterations, in plain JavaScript on
 * the event loop. node:crypto's pbkdf2 runs on libuv's thread pool, so a sign-in never blocks other
 * requests.
 *
 * The stored fields (CouchDB 3.4 `couch_users_db:save_doc`):
 *   password_scheme: "pbkdf2", pbkdf2_prf: "sha256", iterations: 600000,
 *   salt: 32 hex characters (16 random bytes), derived_key: 64 hex characters —
 *   pbkdf2_hmac(sha256, password, salt as its ASCII text, iterations, 32 bytes), in hex.
 * Older documents (express-pouchdb's, or CouchDB's before 3.4) have no pbkdf2_prf: that is SHA-1
 * with a 20-byte key. They are verified as they are and upgraded on the next successful sign-in.
 */
const pbkdf2Async = promisify(pbkdf2);

/** OWASP's and CouchDB 3.4's figure for PBKDF2-HMAC-SHA256. */
export const DEFAULT_ITERATIONS = 600_000;
/** A stored count above this is refused rather than run: one sign-in must not take minutes. */
const MAX_ITERATIONS = 5_000_000;
/** Longer passwords are refused unhashed: nobody types one, and a huge one is only an attack. */
export const MAX_PASSWORD_LENGTH = 1_024;

/** The fields of a `_users` document that hold its password hash: never written by its owner. */
export const HASH_FIELDS = [
  'password_scheme',
  'pbkdf2_prf',
  'iterations',
  'salt',
  'derived_key',
  'password_sha',
  'preserve_salt',
] as const;

// A type, not an interface: it is passed where any document (a record) is expected.
export type PasswordHash = {
  readonly password_scheme: 'pbkdf2';
  readonly pbkdf2_prf: 'sha256';
  readonly iterations: number;
  readonly salt: string;
  readonly derived_key: string;
};

type Prf = 'sha1' | 'sha256' | 'sha512';
const KEY_LENGTH: Readonly<Record<Prf, number>> = { sha1: 20, sha256: 32, sha512: 64 };

const derive = async (password: string, salt: string, iterations: number, prf: Prf) =>
  (await pbkdf2Async(password, salt, iterations, KEY_LENGTH[prf], prf)).toString('hex');

/** A new hash; `salt` is kept when an old hash is upgraded, so open sessions stay valid. */
export const hashPassword = async (
  password: string,
  iterations: number = DEFAULT_ITERATIONS,
  salt: string = randomBytes(16).toString('hex'),
): Promise<PasswordHash> => ({
  password_scheme: 'pbkdf2',
  pbkdf2_prf: 'sha256',
  iterations,
  salt,
  derived_key: await derive(password, salt, iterations, 'sha256'),
});

/** How a stored document's hash is checked, or undefined when it has none we can check. */
const storedHash = (doc: Readonly<Record<string, unknown>>) => {
  const { password_scheme: scheme, pbkdf2_prf: prf = 'sha1', iterations, salt } = doc;
  const derivedKey = doc['derived_key'];
  if (scheme !== 'pbkdf2' || typeof salt !== 'string' || typeof derivedKey !== 'string') return;
  if (prf !== 'sha1' && prf !== 'sha256' && prf !== 'sha512') return;
  if (typeof iterations !== 'number' || !Number.isInteger(iterations)) return;
  if (iterations < 1 || iterations > MAX_ITERATIONS) return;
  return { prf, iterations, salt, derivedKey } as const;
};

const sameHex = (a: string, b: string): boolean => {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
};

/** Whether `password` is the account's, compared in constant time. */
export const verifyPassword = async (
  doc: Readonly<Record<string, unknown>>,
  password: string,
): Promise<boolean> => {
  const stored = storedHash(doc);
  if (!stored || password.length > MAX_PASSWORD_LENGTH) return false;
  return sameHex(
    await derive(password, stored.salt, stored.iterations, stored.prf),
    stored.derivedKey,
  );
};

/** An old (SHA-1, or fewer iterations) hash, upgraded after the next successful sign-in. */
export const needsUpgrade = (doc: Readonly<Record<string, unknown>>, iterations: number) => {
  const stored = storedHash(doc);
  return stored !== undefined && (stored.prf !== 'sha256' || stored.iterations < iterations);
};

/**
 * Spends the time of a real check when there is no account, so that a wrong name and a wrong
 * password take as long (the answer must not tell who has an account).
 */
export const spendVerificationTime = async (password: string, iterations: number) => {
  await derive(password.slice(0, MAX_PASSWORD_LENGTH), 'no-account', iterations, 'sha256');
};

/** The document without any hash field (what a non-admin may send or be shown). */
export const withoutHash = (doc: Readonly<Record<string, unknown>>): Record<string, unknown> =>
  Object.fromEntries(
    Object.entries(doc).filter(([key]) => !(HASH_FIELDS as readonly string[]).includes(key)),
  );

/** The hash fields of a stored document, to keep them when a write carries no new password. */
export const hashOf = (doc: Readonly<Record<string, unknown>>): Record<string, unknown> =>
  Object.fromEntries(
    Object.entries(doc).filter(([key]) => (HASH_FIELDS as readonly string[]).includes(key)),
  );
