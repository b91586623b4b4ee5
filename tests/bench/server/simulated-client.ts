// One simulated installation for `npm run bench:server`: what the app's sync sends, without the
// app. It signs in once (cookie), holds one live `_changes` longpoll per database it replicates —
// the request the app makes — and writes as the app's push does (read the current revisions with
// `_all_docs`, then `_bulk_docs`). Each write carries a mark with its time, so whoever receives
// it knows how long it took to become visible. `multiplexed`: one `POST /_mmm/changes` for all
// its databases instead (the app's feed where the server offers it, database-feeds.ts).
import { Agent, request as httpRequest } from 'node:http';

export interface Write {
  readonly database: string;
  /** The document as CouchDB holds it (`_id`, no `_rev`): the current revision is read first. */
  readonly doc: Record<string, unknown>;
}

export interface Received {
  /** The mark of a write (`bench:<writer>:<n>:<ms>`) and when it arrived here. */
  readonly mark: string;
  readonly latencyMs: number;
}

export interface ClientEvents {
  received(mark: string, latencyMs: number): void;
  error(what: string): void;
}

/** The app ends a longpoll that the server holds open past this (couch-fetch.ts). */
const LONGPOLL_MS = 90_000;
const MARK = /bench:[^"\s]+:\d+:(\d+)/g;

// Every feed holds a connection open: no pool limit, keep-alive as the app's fetch does. Plain
// node:http rather than fetch: the load generator shares the machine's two cores with the server.
const agent = new Agent({ keepAlive: true, maxSockets: Infinity });

/** The connections this process holds open to the server now, in use or idle. */
export const openConnections = (): number =>
  [...Object.values(agent.sockets), ...Object.values(agent.freeSockets)].reduce(
    (sum, sockets) => sum + (sockets?.length ?? 0),
    0,
  );

class TimeoutError extends Error {
  override name = 'TimeoutError';
}

const send = (
  url: URL,
  method: string,
  headers: Record<string, string>,
  body: string | undefined,
  timeoutMs: number,
  stopped: AbortSignal,
) =>
  new Promise<{ status: number; setCookie: string | undefined; text: string }>(
    (resolve, reject) => {
      const outgoing = httpRequest(url, { method, headers, agent, signal: stopped }, (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => {
          clearTimeout(timer);
          const cookie = response.headers['set-cookie']?.[0];
          resolve({ status: response.statusCode ?? 0, setCookie: cookie, text });
        });
        response.on('error', reject);
      });
      const timer = setTimeout(() => {
        outgoing.destroy(new TimeoutError(`${method} ${url.pathname} took over ${timeoutMs} ms`));
      }, timeoutMs);
      outgoing.on('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      outgoing.end(body);
    },
  );

export const startSimulatedClient = async (options: {
  readonly url: string;
  readonly name: string;
  readonly password: string;
  readonly databases: readonly string[];
  readonly events: ClientEvents;
  /** One request for all its databases' feeds (`POST /_mmm/changes`), not one each. */
  readonly multiplexed?: boolean;
}) => {
  let cookie = '';
  const stopped = new AbortController();
  // A function, not the property: the loop's condition would make the compiler think it fixed.
  const isStopped = (): boolean => stopped.signal.aborted;
  const seen = new Set<string>();

  const request = async (method: string, path: string, body?: unknown, timeoutMs = 30_000) => {
    const answer = await send(
      new URL(`${options.url}${path}`),
      method,
      {
        accept: 'application/json',
        cookie,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body === undefined ? undefined : JSON.stringify(body),
      timeoutMs,
      stopped.signal,
    );
    const fresh = answer.setCookie ? /AuthSession=[^;]*/.exec(answer.setCookie)?.[0] : undefined;
    if (fresh) cookie = fresh;
    if (answer.status < 200 || answer.status >= 300) {
      throw new Error(`${method} ${path.split('?')[0]} answered ${answer.status}`);
    }
    return JSON.parse(answer.text) as Record<string, unknown>;
  };

  /** Start-up requests are tried again: an overloaded server answers late, not never. */
  const patiently = async <T>(what: () => Promise<T>): Promise<T> => {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await what();
      } catch (error) {
        options.events.error(`starting: ${String(error)}`);
        if (attempt >= 10) throw error;
      }
    }
  };
  await patiently(() =>
    request('POST', '/_session', { name: options.name, password: options.password }),
  );

  /** Marks in an answer, each counted once per client (a document comes back in later feeds). */
  const notice = (text: string) => {
    const now = Date.now();
    for (const match of text.matchAll(MARK)) {
      const mark = match[0];
      if (seen.has(mark)) continue;
      seen.add(mark);
      options.events.received(mark, now - Number(match[1]));
    }
  };

  const since = new Map<string, string>();
  for (const database of options.databases) {
    const info = await patiently(() => request('GET', `/${database}`));
    since.set(database, String(info['update_seq']));
  }
  const query = 'style=all_docs&feed=longpoll&include_docs=true&heartbeat=60000&limit=500';
  const multiplexedFeed = async () => {
    while (!isStopped()) {
      try {
        const answer = await request(
          'POST',
          `/_mmm/changes?${query}`,
          { since: Object.fromEntries(since) },
          LONGPOLL_MS,
        );
        const databases = answer['databases'] as Record<string, Record<string, unknown>>;
        for (const [database, entry] of Object.entries(databases)) {
          if (typeof entry['error'] === 'string') {
            options.events.error(`feed ${database}: ${entry['error']}`);
            continue;
          }
          since.set(database, String(entry['last_seq']));
          notice(JSON.stringify(entry['results']));
        }
      } catch (error) {
        if (isStopped()) return;
        if (!(error instanceof TimeoutError)) {
          options.events.error(`multiplexed feed: ${String(error)}`);
          await new Promise((resolve) => setTimeout(resolve, 1_000));
        }
      }
    }
  };
  const feeds = options.multiplexed
    ? [multiplexedFeed()]
    : options.databases.map(async (database) => {
        while (!isStopped()) {
          const from = since.get(database) ?? '0';
          try {
            const answer = await request(
              'GET',
              `/${database}/_changes?${query}&since=${encodeURIComponent(from)}&seq_interval=500`,
              undefined,
              LONGPOLL_MS,
            );
            since.set(database, String(answer['last_seq']));
            notice(JSON.stringify(answer['results']));
          } catch (error) {
            if (isStopped()) return;
            // Our own timeout ends a quiet longpoll, as the app's does: not an error.
            if (!(error instanceof TimeoutError)) {
              options.events.error(`feed ${database}: ${String(error)}`);
              await new Promise((resolve) => setTimeout(resolve, 1_000));
            }
          }
        }
      });

  return {
    write: async ({ database, doc }: Write) => {
      const id = String(doc['_id']);
      const current = await request('POST', `/${database}/_all_docs`, {
        keys: [id],
        include_docs: true,
      });
      const row = (current['rows'] as { value?: { rev?: string } }[] | undefined)?.[0];
      const rev = row?.value?.rev;
      const written = (await request('POST', `/${database}/_bulk_docs`, {
        docs: [{ ...doc, ...(rev ? { _rev: rev } : {}) }],
      })) as unknown as { error?: string; reason?: string }[];
      const failed = written.find((result) => result.error);
      if (failed) throw new Error(`${failed.error ?? ''}: ${failed.reason ?? ''}`);
    },
    stop: async () => {
      stopped.abort();
      await Promise.allSettled(feeds);
    },
  };
};

export type SimulatedClient = Awaited<ReturnType<typeof startSimulatedClient>>;
