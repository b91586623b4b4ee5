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
  /**
   * `timeoutMs`: longer than the default for a request carrying a file (docs/FILES.md).
   * `onSent`: told the bytes of the body written so far, as the request is sent (a file's progress).
   */
  request(
    method: string,
    path: string,
    body?: unknown,
    timeoutMs?: number,
    onSent?: SentListener,
  ): Promise<ServerAnswer>;
  /** A raw answer (a file's bytes), with the same session and the same one sign-in again. */
  readBytes(path: string, timeoutMs?: number): Promise<BytesAnswer>;
}

/** Bytes of a request's body written so far, of `total`. */
export type SentListener = (sent: number, total: number) => void;

/** The piece of a body handed to the connection at a time, when its progress is watched. */
const SENT_CHUNK = 64 * 1024;

/**
 * A body handed over a piece at a time, counting what the connection takes: the stream is pulled
 * as the request is written, so the count follows the bytes sent (and waits when the line does).
 */
const countedBody = (bytes: Buffer, onSent: SentListener): ReadableStream<Uint8Array> => {
  let offset = 0;
  onSent(0, bytes.byteLength);
  return new ReadableStream<Uint8Array>(
    {
      pull: (controller) => {
        if (offset >= bytes.byteLength) {
          controller.close();
          return;
        }
        const end = Math.min(offset + SENT_CHUNK, bytes.byteLength);
        controller.enqueue(bytes.subarray(offset, end));
        offset = end;
        onSent(offset, bytes.byteLength);
      },
    },
    { highWaterMark: 0 },
  );
};

export interface BytesAnswer {
  readonly status: number;
  readonly bytes: Uint8Array;
  readonly contentType: string | null;
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
  const unreachable = () =>
    new HostFailure(
      'unavailable',
      `The server at ${url} cannot be reached. This needs the network; try again when online.`,
    );
  const respond = async (
    method: string,
    path: string,
    body: unknown,
    accept: string,
    timeoutMs: number,
    onSent?: SentListener,
  ): Promise<Response> => {
    let response: Response;
    const text = body === undefined ? undefined : JSON.stringify(body);
    try {
      response = await options.fetch(`${url}${path}`, {
        method,
        headers: {
          accept,
          ...(text === undefined ? {} : { 'content-type': 'application/json' }),
          ...(options.auth?.headers() ?? {}),
        },
        ...(text === undefined
          ? {}
          : onSent === undefined
            ? { body: text }
            : // A streamed body must say it is sent before the answer comes (fetch's `duplex`).
              { body: countedBody(Buffer.from(text), onSent), duplex: 'half' }),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch {
      throw unreachable();
    }
    const setCookie = response.headers.get('set-cookie');
    if (setCookie) options.auth?.onSetCookie(setCookie);
    return response;
  };
  const send = async (
    method: string,
    path: string,
    body: unknown,
    timeoutMs = options.timeoutMs ?? 15_000,
    onSent?: SentListener,
  ): Promise<ServerAnswer> => {
    const response = await respond(method, path, body, 'application/json', timeoutMs, onSent);
    const text = await response.text().catch(() => '');
    return { status: response.status, body: parseJson(text) };
  };
  const sendForBytes = async (path: string, timeoutMs: number): Promise<BytesAnswer> => {
    const response = await respond('GET', path, undefined, '*/*', timeoutMs);
    try {
      // A connection cut halfway throws here: nothing of a partial answer is returned.
      const bytes = new Uint8Array(await response.arrayBuffer());
      return { status: response.status, bytes, contentType: response.headers.get('content-type') };
    } catch {
      throw unreachable();
    }
  };
  return {
    url,
    request: async (method, path, body, timeoutMs, onSent) => {
      const sentAt = options.auth?.signIns?.();
      const answer = await send(method, path, body, timeoutMs, onSent);
      // The session cookie expires: sign in again with the stored credentials, once.
      if (answer.status === 401 && options.auth && (await options.auth.reauthenticate(sentAt))) {
        return send(method, path, body, timeoutMs, onSent);
      }
      return answer;
    },
    readBytes: async (path, timeoutMs = 60_000) => {
      const sentAt = options.auth?.signIns?.();
      const answer = await sendForBytes(path, timeoutMs);
      if (answer.status === 401 && options.auth && (await options.auth.reauthenticate(sentAt))) {
        return sendForBytes(path, timeoutMs);
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
