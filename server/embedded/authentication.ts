import { createHash, timingSafeEqual } from 'node:crypto';
import type { Credentials } from '../provision/couchClient';
import { createCache } from './cache';
import { hashPassword, needsUpgrade, spendVerificationTime, verifyPassword } from './passwords';
import {
  parseSessionCookie,
  sameCookie,
  sessionCookieOf,
  sessionCookieValue,
} from './session-cookie';
import type { SignInThrottle } from './throttle';

/**
 * Who is calling, decided in the guard's own process rather than by an HTTP round trip to
 * `/_session` for every request. Basic auth and cookies are both checked here; express-pouchdb
 * behind the guard is then handed a cookie for the same person (see guard.ts), so it never checks
 * a password itself (it cannot read CouchDB 3.4 hashes).
 *
 * What is cached, and for how long a change can go unnoticed:
 * - accounts (`_users` documents) for ACCOUNT_TTL_MS; every write to `_users` passes the guard and
 *   forgets the account at once, so a changed password or role counts from the next request;
 *   the TTL bounds anything written some other way;
 * - a correct Basic password for BASIC_TTL_MS, keyed by a hash of the header, and only while the
 *   account still has the hash it was checked against: a new password ends it at once.
 * Cookies are not cached: checking one is an HMAC over the cached account.
 */
export type Account = Readonly<Record<string, unknown>> & {
  readonly name: string;
  readonly roles: readonly string[];
};

export interface Caller {
  readonly name: string | null;
  readonly roles: readonly string[];
  /** How the caller proved it: their cookie, a Basic header, or nothing (anonymous). */
  readonly via: 'cookie' | 'basic' | 'none';
  /** The cookie's issue time, to renew it when it gets old. */
  readonly cookieIssuedAt?: number;
  /** The account's salt (cookies are keyed with it). */
  readonly salt?: string;
}

export type Identified =
  | { readonly ok: true; readonly caller: Caller }
  | { readonly ok: false; readonly status: 401 | 429; readonly retryAfter?: number };

export interface AuthenticationOptions {
  readonly admin: Credentials;
  /** The server admin's salt in express-pouchdb's config (their cookies are keyed with it). */
  readonly adminSalt: () => string | undefined;
  /** express-pouchdb's cookie secret and session timeout (seconds). */
  readonly secret: () => string;
  readonly timeoutSeconds: () => number;
  readonly iterations: number;
  readonly throttle: SignInThrottle;
  /** The account document, or null; read as the server admin. */
  readonly loadAccount: (name: string) => Promise<Account | null>;
  /** Writes an account document as the server admin (hash upgrades). */
  readonly saveAccount: (doc: Account) => Promise<void>;
  readonly now?: () => number;
}

const ACCOUNT_TTL_MS = 60_000;
const BASIC_TTL_MS = 10 * 60_000;
const MAX_BASIC_ENTRIES = 10_000;
export const ANONYMOUS: Caller = { name: null, roles: [], via: 'none' };

const sameText = (a: string, b: string) => {
  const left = createHash('sha256').update(a).digest();
  const right = createHash('sha256').update(b).digest();
  return timingSafeEqual(left, right);
};

/** `Basic base64(name:password)` → the pair, or undefined. */
const basicCredentials = (header: string) => {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  if (!match?.[1]) return undefined;
  const text = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = text.indexOf(':');
  return colon <= 0 ? undefined : { name: text.slice(0, colon), password: text.slice(colon + 1) };
};

export const createAuthentication = (options: AuthenticationOptions) => {
  const now = options.now ?? Date.now;
  const accounts = createCache({
    load: options.loadAccount,
    ttlMs: ACCOUNT_TTL_MS,
    now,
  });
  /** Basic headers whose password was right, by a hash of the header (never the password). */
  const basicSeen = new Map<string, { readonly stamp: string; readonly expires: number }>();
  const isAdmin = (name: string) => name === options.admin.username;
  /** What a password check was made against: a new hash makes it stale. */
  const stampOf = (account: Account) =>
    `${String(account['salt'])}:${String(account['derived_key'])}`;

  const adminCaller = (via: Caller['via'], cookieIssuedAt?: number): Caller => {
    const salt = options.adminSalt();
    return {
      name: options.admin.username,
      roles: ['_admin'],
      via,
      ...(cookieIssuedAt === undefined ? {} : { cookieIssuedAt }),
      ...(salt === undefined ? {} : { salt }),
    };
  };

  const userCaller = (account: Account, via: Caller['via'], cookieIssuedAt?: number): Caller => ({
    name: account.name,
    roles: account.roles,
    via,
    ...(cookieIssuedAt === undefined ? {} : { cookieIssuedAt }),
    ...(typeof account['salt'] === 'string' ? { salt: account['salt'] } : {}),
  });

  /**
   * The upgrade CouchDB 3.4 makes after a successful sign-in: same salt, so sessions survive. A
   * failed upgrade (a concurrent write won) does not fail the sign-in: the next one tries again.
   */
  const upgradeHash = async (account: Account, password: string) => {
    if (!needsUpgrade(account, options.iterations)) return;
    const salt = typeof account['salt'] === 'string' ? account['salt'] : undefined;
    const { password_sha: _sha, ...rest } = account;
    try {
      await options.saveAccount({
        ...rest,
        ...(await hashPassword(password, options.iterations, salt)),
      });
    } catch {
      // Kept as it was; see above.
    }
    accounts.forget(account.name);
  };

  /** Checks a name and password (with the throttle), as sign-in and Basic auth both do. */
  const checkPassword = async (
    name: string,
    password: string,
    address: string,
  ): Promise<Identified> => {
    // The server admin's name is throttled by address only: counting its failures per account
    // would let anyone on the network lock out provisioning, which signs in as the admin.
    const throttled = isAdmin(name) ? null : name;
    const retryAfter = options.throttle.begin(throttled, address);
    if (retryAfter > 0) return { ok: false, status: 429, retryAfter };
    if (isAdmin(name)) {
      if (!sameText(password, options.admin.password)) return { ok: false, status: 401 };
      options.throttle.succeeded(null, address);
      return { ok: true, caller: adminCaller('basic') };
    }
    const account = await accounts.get(name);
    const correct = account
      ? await verifyPassword(account, password)
      : (await spendVerificationTime(password, options.iterations), false);
    if (!account || !correct) return { ok: false, status: 401 };
    options.throttle.succeeded(name, address);
    await upgradeHash(account, password);
    const current = (await accounts.get(name)) ?? account;
    return { ok: true, caller: userCaller(current, 'basic') };
  };

  /** Checks in progress, by header: requests sent together with one header share one hash. */
  const basicChecks = new Map<string, Promise<Identified>>();

  const fromBasic = async (header: string, address: string): Promise<Identified> => {
    const credentials = basicCredentials(header);
    if (!credentials) return { ok: false, status: 401 };
    const { name, password } = credentials;
    if (isAdmin(name)) return checkPassword(name, password, address);
    const key = createHash('sha256').update(header).digest('base64');
    const seen = basicSeen.get(key);
    if (seen && seen.expires > now()) {
      const account = await accounts.get(name);
      if (account && stampOf(account) === seen.stamp) {
        return { ok: true, caller: userCaller(account, 'basic') };
      }
    }
    basicSeen.delete(key);
    const pending = basicChecks.get(key);
    if (pending) return pending;
    const check = (async (): Promise<Identified> => {
      const checked = await checkPassword(name, password, address);
      const current = checked.ok ? await accounts.get(name) : null;
      if (current) {
        basicSeen.set(key, { stamp: stampOf(current), expires: now() + BASIC_TTL_MS });
        if (basicSeen.size > MAX_BASIC_ENTRIES) {
          const oldest = basicSeen.keys().next().value;
          if (oldest !== undefined) basicSeen.delete(oldest);
        }
      }
      return checked;
    })().finally(() => {
      basicChecks.delete(key);
    });
    basicChecks.set(key, check);
    return check;
  };

  const fromCookie = async (value: string): Promise<Caller> => {
    const claimed = parseSessionCookie(value);
    if (!claimed) return ANONYMOUS;
    const nowSeconds = Math.floor(now() / 1000);
    if (nowSeconds >= claimed.issuedAtSeconds + options.timeoutSeconds()) return ANONYMOUS;
    if (claimed.issuedAtSeconds > nowSeconds + 60) return ANONYMOUS;
    const account = isAdmin(claimed.name) ? undefined : await accounts.get(claimed.name);
    const salt = isAdmin(claimed.name) ? options.adminSalt() : account?.['salt'];
    if (typeof salt !== 'string') return ANONYMOUS;
    const expected = sessionCookieValue(
      claimed.name,
      salt,
      options.secret(),
      claimed.issuedAtSeconds,
    );
    if (!sameCookie(expected, value)) return ANONYMOUS;
    return account
      ? userCaller(account, 'cookie', claimed.issuedAtSeconds)
      : adminCaller('cookie', claimed.issuedAtSeconds);
  };

  return {
    /**
     * The caller of a request: Basic auth when the header is there (a wrong password is a 401,
     * as on CouchDB, not an anonymous request), else the session cookie, else anonymous. An
     * expired or forged cookie is anonymous; the app then signs in again.
     */
    identify: async (
      headers: { readonly authorization?: string; readonly cookie?: string },
      address: string,
    ): Promise<Identified> => {
      if (headers.authorization !== undefined) return fromBasic(headers.authorization, address);
      const cookie = sessionCookieOf(headers.cookie);
      return { ok: true, caller: cookie ? await fromCookie(cookie) : ANONYMOUS };
    },
    /** `POST /_session`. */
    signIn: (name: string, password: string, address: string) =>
      checkPassword(name, password, address),
    /** A fresh cookie for the caller (sign-in, renewal, and what express-pouchdb is handed). */
    cookieFor: (caller: Caller): string | undefined =>
      caller.name === null || caller.salt === undefined
        ? undefined
        : sessionCookieValue(caller.name, caller.salt, options.secret(), Math.floor(now() / 1000)),
    /** Called after every write to `_users`, by name. */
    forgetAccount: (name: string) => {
      accounts.forget(name);
    },
  };
};

export type Authentication = ReturnType<typeof createAuthentication>;
