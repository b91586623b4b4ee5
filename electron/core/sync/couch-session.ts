import { z } from 'zod';
import type { CouchAuth } from './couch-fetch';
import type { SecretStore } from '../session/secret-store';

export type SignInFailure =
  | 'wrong_credentials'
  | 'unreachable'
  | 'server_error'
  /** Signed up, but no admin has given the account a role yet. */
  | 'no_role';

export type SignInResult =
  | {
      readonly ok: true;
      readonly user: { readonly name: string; readonly roles: readonly string[] };
    }
  | { readonly ok: false; readonly reason: SignInFailure; readonly message: string };

const sessionAnswer = z.object({
  ok: z.literal(true),
  name: z.string().nullable(),
  roles: z.array(z.string()),
});

const credentialsSchema = z.object({ username: z.string(), password: z.string() });

export const APP_ROLES = ['admin', 'manager', 'mentor'] as const;

/** `AuthSession=abc; Version=1; Path=/; HttpOnly` → `AuthSession=abc` */
const sessionCookieOf = (setCookie: string): string | undefined =>
  /(?:^|,\s*)(AuthSession=[^;]*)/.exec(setCookie)?.[1];

export interface CouchSession {
  readonly auth: CouchAuth;
  signIn(username: string, password: string): Promise<SignInResult>;
  /** Keeps credentials checked some other way (offline sign-in), to sign in once online. */
  remember(username: string, password: string): Promise<void>;
  /** Signs in again with the credentials kept in the secret store (after a restart). */
  resume(): Promise<SignInResult>;
  signOut(): Promise<void>;
}

/**
 * A session with the sync server through CouchDB's `_session`: the cookie stays in the core (the
 * renderer never sees it), is renewed from the server's Set-Cookie answers, and is re-obtained
 * with the stored credentials after it expires.
 */
export const createCouchSession = (options: {
  readonly serverUrl: string;
  readonly fetch: typeof fetch;
  readonly secrets: SecretStore;
  readonly timeoutMs?: number;
}): CouchSession => {
  const serverUrl = options.serverUrl.replace(/\/+$/, '');
  const credentialsKey = `credentials:${serverUrl}`;
  /** At most one renewal this often (a sign-in per feed is what the server's throttle refuses). */
  const RENEWAL_PAUSE_MS = 5_000;
  let cookie: string | undefined;
  let renewing: Promise<boolean> | undefined;
  /** Sign-ins that succeeded, this process: a refused request sent before the last one retries. */
  let signIns = 0;
  let lastRenewal: { readonly at: number; readonly ok: boolean } | undefined;

  const postSession = async (username: string, password: string): Promise<SignInResult> => {
    let response: Response;
    try {
      response = await options.fetch(`${serverUrl}/_session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ name: username, password }),
        signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
      });
    } catch {
      return {
        ok: false,
        reason: 'unreachable',
        message: `The server at ${serverUrl} cannot be reached.`,
      };
    }
    if (response.status === 401) {
      return {
        ok: false,
        reason: 'wrong_credentials',
        message: 'The username or password is wrong.',
      };
    }
    const parsed = sessionAnswer.safeParse(await response.json().catch(() => null));
    if (!response.ok || !parsed.success) {
      return {
        ok: false,
        reason: 'server_error',
        message: `The server answered the sign-in with ${response.status}; it may not be a sync server.`,
      };
    }
    const setCookie = response.headers.get('set-cookie');
    cookie = setCookie ? sessionCookieOf(setCookie) : undefined;
    const roles = parsed.data.roles.filter((role) =>
      (APP_ROLES as readonly string[]).includes(role),
    );
    if (roles.length === 0 && !parsed.data.roles.includes('_admin')) {
      return {
        ok: false,
        reason: 'no_role',
        message: 'Your account is waiting for an administrator to approve it.',
      };
    }
    signIns += 1;
    return { ok: true, user: { name: parsed.data.name ?? username, roles: parsed.data.roles } };
  };

  const storedCredentials = async () => {
    const raw = await options.secrets.get(credentialsKey);
    if (!raw) return undefined;
    const parsed = credentialsSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : undefined;
  };

  return {
    auth: {
      headers: (): Record<string, string> => (cookie ? { cookie } : {}),
      onSetCookie: (setCookie) => {
        cookie = sessionCookieOf(setCookie) ?? cookie;
      },
      // One sign-in however many requests were refused at once: every feed and replication of a
      // session that ended meets a 401 together, and a burst of sign-ins is what the server's
      // throttle answers with 429 (the session then looked refused for good).
      signIns: () => signIns,
      reauthenticate: (sentAt) => {
        // Another request's renewal finished after this one went out: send it again as it is.
        if (sentAt !== undefined && signIns > sentAt && cookie !== undefined) {
          return Promise.resolve(true);
        }
        // Feeds retry each on its own clock: one just renewed answers the stragglers too, so a
        // server that keeps refusing is asked at most every RENEWAL_PAUSE_MS, not per feed.
        if (renewing === undefined && lastRenewal !== undefined) {
          if (Date.now() - lastRenewal.at < RENEWAL_PAUSE_MS)
            return Promise.resolve(lastRenewal.ok);
        }
        renewing ??= (async () => {
          const credentials = await storedCredentials();
          if (!credentials) return false;
          const result = await postSession(credentials.username, credentials.password);
          lastRenewal = { at: Date.now(), ok: result.ok };
          return result.ok;
        })().finally(() => {
          renewing = undefined;
        });
        return renewing;
      },
    },
    signIn: async (username, password) => {
      lastRenewal = undefined;
      const result = await postSession(username, password);
      if (result.ok)
        await options.secrets.set(credentialsKey, JSON.stringify({ username, password }));
      return result;
    },
    remember: (username, password) =>
      options.secrets.set(credentialsKey, JSON.stringify({ username, password })),
    resume: async () => {
      const credentials = await storedCredentials();
      if (!credentials) {
        return {
          ok: false,
          reason: 'wrong_credentials',
          message: 'Nobody is signed in on this machine.',
        };
      }
      return postSession(credentials.username, credentials.password);
    },
    signOut: async () => {
      if (cookie) {
        await options
          .fetch(`${serverUrl}/_session`, { method: 'DELETE', headers: { cookie } })
          .catch(() => undefined);
      }
      cookie = undefined;
      lastRenewal = undefined;
      await options.secrets.delete(credentialsKey);
    },
  };
};
