import { HostFailure } from '../../../shared/contract';
import type { CouchAuth } from './couch-fetch';

export interface ServerAnswer {
  readonly status: number;
  /** The parsed JSON body, or null when there was none or it was not JSON. */
  readonly body: unknown;
}

/**
 * Plain requests to the sync server outside replication: the user store (`_users`) for accounts
 * and roles, and reading a document's server version. Needs the network: a failure to reach the
 * server is an `unavailable` answer the screens can show, never a crash.
 */
export interface ServerAccess {
  readonly url: string;
  request(method: string, path: string, body?: unknown): Promise<ServerAnswer>;
}

const parseJson = (text: string): unknown => {
  if (!text) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
};

export const createServerAccess = (options: {
  readonly serverUrl: string;
  readonly fetch: typeof fetch;
  /** The session's credentials; omit for anonymous requests (sign-up). */
  readonly auth?: CouchAuth;
  readonly timeoutMs?: number;
}): ServerAccess => {
  const url = options.serverUrl.replace(/\/+$/, '');
  const send = async (method: string, path: string, body: unknown): Promise<ServerAnswer> => {
    let response: Response;
    try {
      response = await options.fetch(`${url}${path}`, {
        method,
        headers: {
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...(options.auth?.headers() ?? {}),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
      });
    } catch {
      throw new HostFailure(
        'unavailable',
        `The server at ${url} cannot be reached. This needs the network; try again when online.`,
      );
    }
    const setCookie = response.headers.get('set-cookie');
    if (setCookie) options.auth?.onSetCookie(setCookie);
    const text = await response.text().catch(() => '');
    return { status: response.status, body: parseJson(text) };
  };
  return {
    url,
    request: async (method, path, body) => {
      const sentAt = options.auth?.signIns?.();
      const answer = await send(method, path, body);
      // The session cookie expires: sign in again with the stored credentials, once.
      if (answer.status === 401 && options.auth && (await options.auth.reauthenticate(sentAt))) {
        return send(method, path, body);
      }
      return answer;
    },
  };
};

/** The server's reason in an error answer (`{ error, reason }`), for messages. */
export const reasonOf = (answer: ServerAnswer): string => {
  const body = answer.body as { reason?: unknown; error?: unknown } | null;
  if (body && typeof body.reason === 'string') return body.reason;
  if (body && typeof body.error === 'string') return body.error;
  return `status ${answer.status}`;
};
