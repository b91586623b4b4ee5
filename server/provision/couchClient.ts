/**
 * The little of CouchDB's HTTP API provisioning needs, over an injected fetch so it runs against
 * Apache CouchDB 3 or the embedded server alike, and tests can watch the requests.
 */
export type Fetch = typeof fetch;

export interface Credentials {
  readonly username: string;
  readonly password: string;
}

export interface CouchAnswer {
  readonly status: number;
  readonly body: unknown;
}

export interface CouchClient {
  readonly url: string;
  request(method: string, path: string, body?: unknown): Promise<CouchAnswer>;
}

export const basicAuth = ({ username, password }: Credentials): string =>
  `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;

export const createCouchClient = (options: {
  readonly url: string;
  readonly admin: Credentials;
  readonly fetch: Fetch;
}): CouchClient => {
  const url = options.url.replace(/\/+$/, '');
  const authorization = basicAuth(options.admin);
  return {
    url,
    request: async (method, path, body) => {
      const response = await options.fetch(`${url}${path}`, {
        method,
        headers: {
          authorization,
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {
        // Not JSON (a proxy's error page): keep the text for the error message.
      }
      return { status: response.status, body: parsed };
    },
  };
};

/** Throws unless the answer is one of the expected statuses. */
export const expectStatus = (
  answer: CouchAnswer,
  expected: readonly number[],
  what: string,
): CouchAnswer => {
  if (!expected.includes(answer.status)) {
    throw new Error(`${what}: the server answered ${answer.status} ${JSON.stringify(answer.body)}`);
  }
  return answer;
};

/** A document path segment: ids may hold `/` and `:` (`org.couchdb.user:ada`). */
export const docPath = (database: string, id: string): string =>
  `/${encodeURIComponent(database)}/${id.startsWith('_design/') ? `_design/${encodeURIComponent(id.slice(8))}` : encodeURIComponent(id)}`;
