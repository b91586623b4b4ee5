import { describe, expect, it } from 'vitest';
import { MULTIPLEXED_FEATURE, MULTIPLEXED_PATH } from '../../../shared/sync/multiplexed-changes';
import { createDatabaseFeeds } from './database-feeds';
import type { FeedHandlers } from './database-feeds';

/**
 * The multiplexed feed against a scripted server: what each request asks, and what each
 * database's feed is told. (tests/sync/multiplexed-feeds.test.ts runs it against the real one.)
 */
const SERVER = 'http://server';
const urlOf = (input: Parameters<typeof fetch>[0]) =>
  new URL(input instanceof Request ? input.url : input instanceof URL ? input.href : input);
const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

/** A server whose multiplexed answers are scripted, one per request; then it holds the request. */
const scriptedServer = (answers: ((since: Record<string, string>) => Response | Error)[]) => {
  const asked: Record<string, string>[] = [];
  const fetch: typeof globalThis.fetch = (input, init) => {
    const url = urlOf(input);
    if (url.pathname === '/') return Promise.resolve(json({ features: [MULTIPLEXED_FEATURE] }));
    if (url.pathname === MULTIPLEXED_PATH) {
      const body = typeof init?.body === 'string' ? init.body : '{}';
      const since = (JSON.parse(body) as { since: Record<string, string> }).since;
      asked.push(since);
      const next = answers.shift();
      if (next) {
        const answer = next(since);
        return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer);
      }
      // Nothing scripted: held until the feed ends it.
      return new Promise((_resolve, reject) => {
        init?.signal?.addEventListener('abort', () => {
          reject(new DOMException('aborted', 'AbortError'));
        });
      });
    }
    return Promise.resolve(json({ update_seq: 5 }));
  };
  return { fetch, asked };
};

const recorder = () => {
  const told: string[] = [];
  const handlers = (database: string): FeedHandlers => ({
    onStarted: () => told.push(`${database} started`),
    onChanges: (docs, lastSeq) => {
      told.push(`${database} ${docs.map((doc) => String(doc['_id'])).join(',')} @${lastSeq}`);
      return Promise.resolve();
    },
    onError: (error) => told.push(`${database} error ${(error as Error).message}`),
  });
  return { told, handlers };
};

const until = async (check: () => boolean) => {
  const deadline = Date.now() + 5_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('Timed out.');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

describe('the multiplexed feed', () => {
  it('hands each database its page, reports a refused one alone and asks it again later', async () => {
    const server = scriptedServer([
      () =>
        json({
          databases: {
            a: { results: [{ id: 'x', doc: { _id: 'x' } }], last_seq: 7 },
            b: { error: 'forbidden', reason: 'You are not a member of this database.' },
          },
        }),
    ]);
    const { told, handlers } = recorder();
    const feeds = createDatabaseFeeds({ serverUrl: SERVER, fetch: server.fetch, retryTimeMs: 300 });
    const a = feeds.add('a', handlers('a'));
    const b = feeds.add('b', handlers('b'));
    await until(() => server.asked.length >= 3);
    expect(server.asked[0]).toEqual({ a: '5', b: '5' });
    // b left out until its retry time, a asked from where its page brought it; then b again.
    expect(server.asked[1]).toEqual({ a: '7' });
    expect(server.asked[2]).toEqual({ a: '7', b: '5' });
    expect(told).toEqual([
      'a started',
      'b started',
      'a x @7',
      'b error b/_changes answered 403 (You are not a member of this database.).',
    ]);
    await Promise.all([a.stop(), b.stop()]);
  });

  it('asks again from the same sequences after a failure, and restarts when the set changes', async () => {
    const server = scriptedServer([() => new Error('fetch failed')]);
    const { told, handlers } = recorder();
    const feeds = createDatabaseFeeds({ serverUrl: SERVER, fetch: server.fetch, retryTimeMs: 50 });
    const a = feeds.add('a', handlers('a'));
    await until(() => server.asked.length >= 2);
    expect(server.asked[1]).toEqual({ a: '5' });
    expect(told).toContain('a error fetch failed');
    const c = feeds.add('c', handlers('c'));
    await until(() => server.asked.length >= 3);
    expect(server.asked[2]).toEqual({ a: '5', c: '5' });
    await c.stop();
    await until(() => server.asked.length >= 4);
    expect(server.asked[3]).toEqual({ a: '5' });
    await a.stop();
  });

  it('keeps one longpoll per database where the server does not offer it', async () => {
    const paths: string[] = [];
    const fetch: typeof globalThis.fetch = (input, init) => {
      const url = urlOf(input);
      paths.push(url.pathname);
      if (url.pathname === '/') return Promise.resolve(json({ couchdb: 'Welcome' }));
      if (url.pathname.endsWith('/_changes')) {
        return new Promise((_resolve, reject) => {
          init?.signal?.addEventListener('abort', () => {
            reject(new DOMException('aborted', 'AbortError'));
          });
        });
      }
      return Promise.resolve(json({ update_seq: 1 }));
    };
    const { handlers } = recorder();
    const feeds = createDatabaseFeeds({ serverUrl: SERVER, fetch, retryTimeMs: 50 });
    const running = ['a', 'b'].map((name) => feeds.add(name, handlers(name)));
    await until(() => paths.filter((path) => path.endsWith('/_changes')).length >= 2);
    expect(paths).not.toContain(MULTIPLEXED_PATH);
    expect(paths).toEqual(expect.arrayContaining(['/a/_changes', '/b/_changes']));
    await Promise.all(running.map((feed) => feed.stop()));
  });
});
