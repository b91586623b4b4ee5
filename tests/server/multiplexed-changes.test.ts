// `POST /_mmm/changes` (server/embedded/multiplexed-changes.ts) over HTTP against the embedded
// server: one request waits on many databases and answers each moved one with the page its plain
// `_changes` gives; every database is checked as its own `_changes` is, alone; hostile bodies are
// refused with a reason; the server closes with such requests open.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MULTIPLEXED_FEATURE } from '../../server/embedded/multiplexed-changes';
import type { EmbeddedServer } from '../../server/embedded/startEmbeddedServer';
import { databaseOf, orgScope, personScope, programmeScope } from '../../shared/sync/layout';
import { membership, programme, task } from './docs';
import {
  createAccount,
  databaseExists,
  http,
  place,
  raw,
  startTestServer,
  waitFor,
} from './harness';

let server: EmbeddedServer;
const P1 = databaseOf(programmeScope('p1'));
const P2 = databaseOf(programmeScope('p2'));
const ORG = databaseOf(orgScope);
const MENTOR = databaseOf(personScope('mentor1'));
const ROUTE = '/_mmm/changes';
const LIVE = `${ROUTE}?style=all_docs&feed=longpoll&include_docs=true&limit=500`;

const seqOf = async (database: string) =>
  Number((await http(server, 'server-admin', 'GET', `/${database}`)).body.update_seq);
const databasesOf = (answer: { body: Record<string, unknown> }) =>
  answer.body['databases'] as Record<string, Record<string, unknown>>;

beforeAll(async () => {
  server = await startTestServer();
  await createAccount(server, 'manager1', ['manager']);
  await createAccount(server, 'manager2', ['manager']);
  await createAccount(server, 'mentor1', ['mentor']);
  await place(server, 'manager1', 'programmes', programme('p1', 'manager1'));
  await place(server, 'manager2', 'programmes', programme('p2', 'manager2'));
  await place(server, 'manager1', 'programmeMembers', membership('p1', 'mentor1', 'manager1'));
  await waitFor('p1’s members and p2', async () => {
    const members = (await http(server, 'server-admin', 'GET', `/${P1}/_security`)).body.members as
      { names?: string[] } | undefined;
    return members?.names?.includes('mentor1') === true && (await databaseExists(server, P2));
  });
});
afterAll(async () => {
  await server.close();
});

describe('POST /_mmm/changes', () => {
  it('is listed in the welcome', async () => {
    const welcome = await http(server, 'anonymous', 'GET', '/');
    expect(welcome.status).toBe(200);
    expect(welcome.body['features']).toContain(MULTIPLEXED_FEATURE);
    expect(welcome.body['version']).toBeDefined();
  });

  it('refuses anonymous callers, other methods and streaming feeds', async () => {
    const body = { since: { [P1]: 0 } };
    expect((await http(server, 'anonymous', 'POST', ROUTE, body)).status).toBe(401);
    expect((await http(server, 'mentor1', 'GET', ROUTE)).status).toBe(403);
    for (const method of ['PUT', 'DELETE', 'PATCH']) {
      expect((await http(server, 'mentor1', method, ROUTE, body)).status, method).toBe(403);
    }
    for (const feed of ['continuous', 'eventsource']) {
      const answer = await http(server, 'mentor1', 'POST', `${ROUTE}?feed=${feed}`, body);
      expect(answer.status, feed).toBe(403);
    }
    expect((await http(server, 'mentor1', 'POST', '/_mmm/other', body)).status).toBe(403);
  });

  it('refuses a database the caller may not read for itself alone', async () => {
    const answer = await http(server, 'mentor1', 'POST', LIVE, {
      since: { [P1]: 0, [P2]: 0, _users: 0, 'MMM-ORG': 0, 'mmm%2Dorg': '0' },
    });
    expect(answer.status).toBe(200);
    const databases = databasesOf(answer);
    expect(databases[P2]).toMatchObject({ error: 'forbidden' });
    for (const name of ['_users', 'MMM-ORG', 'mmm%2Dorg']) {
      expect(databases[name], name).toMatchObject({ error: 'illegal_database_name' });
    }
    // The readable one is answered as its own _changes answers it.
    const plain = await http(
      server,
      'mentor1',
      'GET',
      `/${P1}/_changes?style=all_docs&since=0&include_docs=true&limit=500`,
    );
    expect(databases[P1]).toEqual(plain.body);
    expect(Object.keys(databases).sort()).toEqual(
      [P1, P2, '_users', 'MMM-ORG', 'mmm%2Dorg'].sort(),
    );
  });

  it('never makes a database it is asked about', async () => {
    const answer = await http(server, 'mentor1', 'POST', LIVE, {
      since: { 'mmm-nothing-here': 0 },
    });
    expect(databasesOf(answer)['mmm-nothing-here']).toMatchObject({ error: 'forbidden' });
    expect(await databaseExists(server, 'mmm-nothing-here')).toBe(false);
  });

  it('refuses hostile bodies with a reason', async () => {
    const tooMany = Object.fromEntries(
      Array.from({ length: 501 }, (_, i) => [`mmm-db-${String(i)}`, 0]),
    );
    const bodies: [string, unknown][] = [
      ['not JSON', '{"since": {'],
      ['an array', [{ since: {} }]],
      ['a string', '"since"'],
      ['null', 'null'],
      ['no since', {}],
      ['since an array', { since: [P1] }],
      ['since empty', { since: {} }],
      ['another key', { since: { [P1]: 0 }, feed: 'continuous' }],
      ['too many databases', { since: tooMany }],
      ['a negative sequence', { since: { [P1]: -1 } }],
      ['a fractional sequence', { since: { [P1]: 1.5 } }],
      ['a sequence object', { since: { [P1]: { $gt: 0 } } }],
      ['a sequence of letters', { since: { [P1]: 'now' } }],
      ['a null sequence', { since: { [P1]: null } }],
      ['a huge sequence', { since: { [P1]: '9'.repeat(100_000) } }],
      ['a huge name', { since: { ['a'.repeat(100_000)]: 0 } }],
      ['a prototype key', `{"since": {"__proto__": 0, "${P1}": 0}}`],
      ['since in the query too', { since: { [P1]: 0 } }],
    ];
    for (const [what, body] of bodies) {
      const path = what === 'since in the query too' ? `${LIVE}&since=0` : LIVE;
      const answer = await raw(server, 'mentor1', 'POST', path, body);
      expect(answer.status, what).toBe(400);
      expect(answer.body['error'], what).toBe('bad_request');
      expect(String(answer.body['reason']).length, what).toBeGreaterThan(10);
      expect(answer.text, what).not.toMatch(/\n\s+at /);
    }
    const text = await raw(server, 'mentor1', 'POST', LIVE, 'since', {
      'content-type': 'text/plain',
    });
    expect(text.status).toBe(415);
    const large = await raw(server, 'mentor1', 'POST', LIVE, {
      since: { [P1]: 0 },
      pad: 'x'.repeat(400_000),
    });
    expect(large.status).toBe(413);
  });

  it('waits on every database and answers the one a write moved, as its _changes would', async () => {
    const since = { [P1]: await seqOf(P1), [ORG]: await seqOf(ORG), [MENTOR]: await seqOf(MENTOR) };
    const waiting = http(server, 'mentor1', 'POST', LIVE, { since });
    const early = await Promise.race([
      waiting.then(() => 'answered'),
      new Promise((resolve) => setTimeout(() => resolve('waiting'), 400)),
    ]);
    expect(early).toBe('waiting');
    const written = await place(
      server,
      'manager1',
      'tasks',
      task('t-multi', 'manager1', ['mentor1'], { programmeId: 'p1' }),
    );
    expect(written.status).toBe(201);
    const answer = await waiting;
    expect(answer.status).toBe(200);
    const databases = databasesOf(answer);
    expect(Object.keys(databases)).toEqual([P1]);
    const plain = await http(
      server,
      'mentor1',
      'GET',
      `/${P1}/_changes?style=all_docs&since=${String(since[P1])}&include_docs=true&limit=500`,
    );
    expect(databases[P1]).toEqual(plain.body);
    expect((plain.body['results'] as { id: string }[]).map((row) => row.id)).toEqual([
      'tasks:t-multi',
    ]);
  });

  it('answers nothing moved, empty, when its timeout ends', async () => {
    const since = { [P1]: await seqOf(P1), [MENTOR]: await seqOf(MENTOR) };
    const started = Date.now();
    const answer = await http(server, 'mentor1', 'POST', `${LIVE}&timeout=300`, { since });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ databases: {} });
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
  });
});

describe('a server with multiplexed requests open', () => {
  it('closes, whether their clients dropped them or still wait', async () => {
    const own = await startTestServer();
    await createAccount(own, 'mentor9', ['mentor']);
    const database = databaseOf(personScope('mentor9'));
    await waitFor('mentor9’s database', () => databaseExists(own, database));
    const seq = Number((await http(own, 'server-admin', 'GET', `/${database}`)).body.update_seq);
    const dropped = new AbortController();
    const ask = (signal?: AbortSignal) =>
      fetch(`${own.url}${LIVE}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Basic ${Buffer.from('mentor9:mentor9-password').toString('base64')}`,
        },
        body: JSON.stringify({ since: { [database]: seq } }),
        ...(signal ? { signal } : {}),
      });
    const first = ask(dropped.signal).catch(() => undefined);
    const second = ask().then(
      (response) => response.status,
      () => 'cut',
    );
    await new Promise((resolve) => setTimeout(resolve, 400));
    dropped.abort();
    await first;
    const started = Date.now();
    await own.close();
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(await second).toBe(200);
  });
});
