// The changes fan-out (server/embedded/changes-fanout.ts) over HTTP against the embedded server:
// members' longpolls wait in memory and are answered together when a write comes, with the page
// express-pouchdb gives (a server admin's request, which goes to express-pouchdb, is the
// reference); an idle longpoll ends empty at its timeout; other forms and non-members are
// untouched.
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import express from 'express';
import PouchDB from 'pouchdb-core';
import memoryAdapter from 'pouchdb-adapter-memory';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedServer } from '../../server/embedded/startEmbeddedServer';
import {
  changesFanOut,
  MEMBER_READ,
  plainChanges,
  type ChangesPage,
  type FanOutDatabase,
} from '../../server/embedded/changes-fanout';
import {
  answerMultiplexed,
  MULTIPLEXED_READ,
  parseMultiplexedRequest,
} from '../../server/embedded/multiplexed-changes';
import { databaseOf, programmeScope } from '../../shared/sync/layout';
import { membership, programme, task } from './docs';
import { createAccount, http, place, startTestServer, waitFor } from './harness';

let server: EmbeddedServer;
const P1 = databaseOf(programmeScope('p1'));

beforeAll(async () => {
  server = await startTestServer();
  await createAccount(server, 'manager1', ['manager']);
  for (const name of ['mentor1', 'mentor2', 'mentor3'])
    await createAccount(server, name, ['mentor']);
  await place(server, 'manager1', 'programmes', programme('p1', 'manager1'));
  for (const mentor of ['mentor1', 'mentor2']) {
    await place(server, 'manager1', 'programmeMembers', membership('p1', mentor, 'manager1'));
  }
  await waitFor('p1’s members', async () => {
    const members = (await http(server, 'server-admin', 'GET', `/${P1}/_security`)).body.members as
      { names?: string[] } | undefined;
    return ['mentor1', 'mentor2'].every((name) => members?.names?.includes(name) === true);
  });
});
afterAll(async () => {
  await server.close();
});

const seqOf = async () =>
  Number((await http(server, 'server-admin', 'GET', `/${P1}`)).body.update_seq);

describe('the changes fan-out', () => {
  it('wakes every waiting member with the page express-pouchdb gives', async () => {
    const since = await seqOf();
    const query = `style=all_docs&feed=longpoll&since=${String(since)}&include_docs=true&limit=500`;
    const waiting = ['mentor1', 'mentor2', 'manager1'].map((name) =>
      http(server, name, 'GET', `/${P1}/_changes?${query}`),
    );
    // Nothing yet: they wait.
    const early = await Promise.race([
      Promise.all(waiting).then(() => 'answered'),
      new Promise((resolve) => setTimeout(() => resolve('waiting'), 300)),
    ]);
    expect(early).toBe('waiting');
    expect(
      (
        await place(
          server,
          'manager1',
          'tasks',
          task('t1', 'manager1', ['mentor1'], { programmeId: 'p1' }),
        )
      ).status,
    ).toBe(201);
    const answers = await Promise.all(waiting);
    // The reference: express-pouchdb's own page for the same request (a server admin's).
    const reference = await http(server, 'server-admin', 'GET', `/${P1}/_changes?${query}`);
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual(reference.body);
    }
    const results = reference.body.results as { id: string }[];
    expect(results.map((row) => row.id)).toEqual(['tasks:t1']);
  });

  it('answers a longpoll with nothing new, empty, when its timeout ends', async () => {
    const since = await seqOf();
    const started = Date.now();
    const answer = await http(
      server,
      'mentor1',
      'GET',
      `/${P1}/_changes?feed=longpoll&since=${String(since)}&timeout=400`,
    );
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ results: [], last_seq: since });
    expect(Date.now() - started).toBeGreaterThanOrEqual(350);
  });

  it('answers a catch-up at once, and leaves other forms and non-members as they were', async () => {
    const all = await http(server, 'mentor2', 'GET', `/${P1}/_changes?since=0&include_docs=true`);
    expect(all.status).toBe(200);
    expect((all.body.results as { id: string }[]).map((row) => row.id)).toContain('tasks:t1');
    const byIds = await http(
      server,
      'mentor2',
      'GET',
      `/${P1}/_changes?filter=_doc_ids&doc_ids=${encodeURIComponent('["tasks:t1"]')}`,
    );
    expect(byIds.status).toBe(200);
    expect((byIds.body.results as { id: string }[]).map((row) => row.id)).toEqual(['tasks:t1']);
    const outsider = await http(server, 'mentor3', 'GET', `/${P1}/_changes?feed=longpoll`);
    expect(outsider.status).toBe(403);
  });

  it('takes only the plain forms', () => {
    expect(plainChanges({ feed: 'longpoll', since: '12', include_docs: 'true' })).toMatchObject({
      longpoll: true,
      since: 12,
      includeDocs: true,
    });
    expect(plainChanges({})).toMatchObject({ longpoll: false, since: 0 });
    for (const query of [
      { feed: 'continuous' },
      { since: 'now' },
      { filter: '_doc_ids' },
      { descending: 'true' },
      { limit: '-1' },
      { include_docs: 'yes' },
      { since: '1-abc' },
    ]) {
      expect(plainChanges(query), JSON.stringify(query)).toBeUndefined();
    }
  });
});

/**
 * The fan-out alone in front of a fallback that stands for express-pouchdb, on a PouchDB memory
 * database whose `changes()` reads are counted and can be held: whether the fan-out answered a
 * woken longpoll itself, and which reads it shared.
 */
describe('the changes fan-out’s own reads', () => {
  const Pouch = PouchDB.plugin(memoryAdapter).defaults({
    adapter: 'memory',
    prefix: `fanout-${randomUUID()}-`,
  }) as unknown as new (name: string) => FanOutDatabase & {
    put(doc: object): Promise<unknown>;
  };
  const database = new Pouch('p');
  let reads = 0;
  let gate: Promise<void> | undefined;
  const plainChangesOf = database.changes.bind(database);
  /** While set, the live listener's changes are kept back (as when it lags behind a big write). */
  let liveHeld: (() => void)[] | undefined;
  const lagging = (live: ReturnType<typeof plainChangesOf>) => {
    const on = (live as { on: (event: string, listener: (change: unknown) => void) => unknown }).on;
    (live as { on: unknown }).on = (event: string, listener: (change: unknown) => void) =>
      on.call(live, event, (change: unknown) => {
        if (event === 'change' && liveHeld) liveHeld.push(() => listener(change));
        else listener(change);
      });
    return live;
  };
  database.changes = (options: Record<string, unknown>) => {
    if (options['live'] === true) return lagging(plainChangesOf(options));
    // PouchDB's own listeners read with `return_docs: false`; the fan-out's reads ask for them.
    if (options['return_docs'] !== true) return plainChangesOf(options);
    reads += 1;
    const held = gate;
    // PouchDB's own object (a thenable with no `finally`), when nothing holds the read.
    return held ? held.then(() => plainChangesOf(options)) : plainChangesOf(options);
  };
  let fellThrough = 0;
  let url = '';
  let close: () => Promise<void> = () => Promise.resolve();

  beforeAll(async () => {
    const fanOut = changesFanOut({ open: () => database, log: () => undefined });
    const app = express();
    app.use((_req, res, next) => {
      res.locals[MEMBER_READ] = true;
      next();
    });
    app.use(fanOut.handler);
    // The multiplexed feed on the same fan-out, as the guard hands it on (checked, none refused).
    app.post('/_mmm/changes', express.json(), (req, res, next) => {
      const parsed = parseMultiplexedRequest(req.query, req.body);
      if (!parsed.ok) throw new Error(parsed.reason);
      res.locals[MULTIPLEXED_READ] = { request: parsed.value, refused: new Map() };
      next();
    });
    app.use(answerMultiplexed(fanOut, () => undefined));
    app.use((_req, res) => {
      fellThrough += 1;
      res.status(599).json({ error: 'fell_through' });
    });
    const listening = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => listening.once('listening', resolve));
    url = `http://127.0.0.1:${(listening.address() as AddressInfo).port}`;
    close = async () => {
      await fanOut.close();
      listening.closeAllConnections();
      await new Promise((resolve) => listening.close(resolve));
    };
  });
  afterAll(() => close());

  const get = async (query: string) => {
    const response = await fetch(`${url}/p/_changes?${query}`);
    return { status: response.status, body: (await response.json()) as ChangesPage };
  };
  const seq = async () => Number((await database.info()).update_seq);
  const post = async (since: number) => {
    const response = await fetch(`${url}/_mmm/changes?feed=longpoll&include_docs=true`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ since: { p: since } }),
    });
    return (await response.json()) as { databases: Record<string, ChangesPage> };
  };

  it('answers woken longpolls itself, with one read for all of them', async () => {
    const since = await seq();
    const query = `feed=longpoll&since=${String(since)}&include_docs=true`;
    const waiting = [get(query), get(query), get(query)];
    await new Promise((resolve) => setTimeout(resolve, 200));
    const before = reads;
    await database.put({ _id: 'a' });
    const answers = await Promise.all(waiting);
    expect(fellThrough).toBe(0);
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(answer.body.results.map((row) => (row as { id: string }).id)).toEqual(['a']);
    }
    expect(reads - before).toBe(1);
  });

  it('never shares a read begun before a change with those the change woke', async () => {
    const since = await seq();
    let open: () => void = () => undefined;
    gate = new Promise((resolve) => (open = resolve));
    await database.put({ _id: 'b' });
    // A read from `since` begins (held), knowing only of b.
    const early = get(`since=${String(since)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const before = reads;
    await database.put({ _id: 'c' });
    const late = get(`since=${String(since)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    gate = undefined;
    open();
    const [first, second] = await Promise.all([early, late]);
    expect(reads - before).toBe(1);
    expect(second.body.results.map((row) => (row as { id: string }).id)).toEqual(['b', 'c']);
    expect(first.status).toBe(200);
    expect(fellThrough).toBe(0);
  });

  it('waits on while its listener reports changes the caller already has', async () => {
    liveHeld = [];
    // Five writes the listener has not reported yet; the callers ask from after them.
    for (const id of ['l1', 'l2', 'l3', 'l4', 'l5']) await database.put({ _id: id });
    const since = await seq();
    const longpoll = get(`feed=longpoll&since=${String(since)}&include_docs=true`);
    const multiplexed = post(since);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const held = liveHeld;
    liveHeld = undefined;
    // Each reported change used to answer both an empty page at once (and they asked again).
    for (const report of held) {
      report();
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const early = await Promise.race([
      Promise.any([longpoll, multiplexed]).then(() => 'answered'),
      new Promise((resolve) => setTimeout(() => resolve('waiting'), 300)),
    ]);
    expect(early).toBe('waiting');
    await database.put({ _id: 'l6' });
    const ids = (page: ChangesPage | undefined) =>
      page?.results.map((row) => (row as { id: string }).id);
    expect(ids((await longpoll).body)).toEqual(['l6']);
    expect(ids((await multiplexed).databases['p'])).toEqual(['l6']);
    expect(fellThrough).toBe(0);
  });
});
