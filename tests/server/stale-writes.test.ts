import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createKeyedLock,
  inSentOrder,
  isStale,
  refuseStaleWrites,
} from '../../server/embedded/stale-writes';
import type { EmbeddedServer } from '../../server/embedded/startEmbeddedServer';
import { couchIdOf, databaseOf, programmeScope } from '../../shared/sync/layout';
import { programme, task as taskOf } from './docs';
import { ADMIN, T0, createAccount, http, place, put, startTestServer, waitFor } from './harness';

/**
 * A write based on an old revision gets CouchDB's 409 conflict on the embedded server too, before
 * validate_doc_update judges it against someone else's newer version (issue 12, defect 3).
 */
let server: EmbeddedServer;
const CONFLICT_BODY = { error: 'conflict', reason: 'Document update conflict.' };
/** The programme's database, where its tasks live as `tasks:<id>`. */
const tasks = databaseOf(programmeScope('p1'));
const task = (...args: Parameters<typeof taskOf>) => {
  const doc = taskOf(...args);
  return { ...doc, _id: couchIdOf('tasks', doc._id) };
};

const read = async (id: string) => {
  const answer = await http(
    server,
    'server-admin',
    'GET',
    `/${tasks}/${encodeURIComponent(couchIdOf('tasks', id))}`,
  );
  expect(answer.status).toBe(200);
  return answer.body as Record<string, unknown> & { _id: string; _rev: string };
};

beforeAll(async () => {
  server = await startTestServer();
  await createAccount(server, 'manager1', ['manager']);
  await createAccount(server, 'mentor1', ['mentor']);
  await createAccount(server, 'mentor2', ['mentor']);
  await place(server, 'manager1', 'programmes', programme('p1', 'manager1'));
  for (const mentor of ['mentor1', 'mentor2']) {
    await place(server, 'manager1', 'programmeMembers', {
      _id: `p1~${mentor}`,
      programmeId: 'p1',
      userId: mentor,
      role: 'mentor',
      createdBy: 'manager1',
      createdAt: T0,
      updatedAt: T0,
    });
  }
  await waitFor(
    'the programme’s members',
    async () => (await http(server, 'mentor2', 'GET', `/${tasks}`)).status === 200,
  );
});
afterAll(async () => {
  await server.close();
});

describe('a write based on an old revision', () => {
  it('gets 409 conflict, not a refusal judged against the newer version', async () => {
    expect((await put(server, 'manager1', tasks, task('t1', 'manager1', ['mentor1']))).status).toBe(
      201,
    );
    const seenByMentor = await read('t1');
    const edited = await put(server, 'manager1', tasks, { ...seenByMentor, title: 'Renamed' });
    expect(edited.status).toBe(201);

    const started = await put(server, 'mentor1', tasks, {
      ...seenByMentor,
      status: 'in_progress',
    });
    // Judged against the manager's version, this was 403 "A mentor may not edit or delete a task."
    expect(started).toEqual({
      status: 409,
      body: { error: 'conflict', reason: 'Document update conflict.' },
    });

    // On the current revision the same move is accepted.
    const current = await read('t1');
    expect(
      (await put(server, 'mentor1', tasks, { ...current, status: 'in_progress' })).status,
    ).toBe(201);
  });

  it('a new document over a live one, or a revision of a document that does not exist, is a conflict', async () => {
    const again = await put(server, 'manager1', tasks, task('t1', 'manager1', ['mentor1']));
    expect(again.status).toBe(409);
    const invented = await put(server, 'manager1', tasks, {
      ...task('t-none', 'manager1', []),
      _rev: '1-0123456789abcdef0123456789abcdef',
    });
    expect(invented.status).toBe(409);
  });

  it('a stale deletion is a conflict; a current one goes through', async () => {
    await put(server, 'manager1', tasks, task('t-del', 'manager1', []));
    const first = await read('t-del');
    await put(server, 'manager1', tasks, { ...first, title: 'Edited' });
    // Deletions travel as tombstones (the guard refuses DELETE on documents: the app never sends it).
    const stale = await put(server, 'manager1', tasks, { ...first, _deleted: true });
    expect(stale.status).toBe(409);
    const current = await read('t-del');
    const deleted = await put(server, 'manager1', tasks, { ...current, _deleted: true });
    expect(deleted.status).toBe(201);
    // A new document over the tombstone is a new life, as on CouchDB.
    expect((await put(server, 'manager1', tasks, task('t-del', 'manager1', []))).status).toBe(201);
  });

  it('in _bulk_docs, stale rows get a conflict row in their place and the others are written', async () => {
    await put(server, 'manager1', tasks, task('b1', 'manager1', []));
    await put(server, 'manager1', tasks, task('b2', 'manager1', []));
    const b1 = await read('b1');
    const b2 = await read('b2');
    await put(server, 'manager1', tasks, { ...b1, title: 'Someone else' });

    const answer = await http(server, 'manager1', 'POST', `/${tasks}/_bulk_docs`, {
      docs: [
        { ...b1, title: 'Mine, on the old revision' },
        task('b3', 'manager1', []),
        { ...b2, title: 'Mine, on the current revision' },
      ],
    });
    expect(answer.status).toBe(201);
    const rows = answer.body as unknown as Record<string, unknown>[];
    expect(rows.map((row) => [row['id'], row['ok'] ?? row['error']])).toEqual([
      ['tasks:b1', 'conflict'],
      ['tasks:b3', true],
      ['tasks:b2', true],
    ]);
    expect((await read('b1'))['title']).toBe('Someone else');
    expect((await read('b2'))['title']).toBe('Mine, on the current revision');
    expect((await read('b3'))._rev).toMatch(/^1-/);

    const allStale = await http(server, 'manager1', 'POST', `/${tasks}/_bulk_docs`, {
      docs: [{ ...b1, title: 'Again' }],
    });
    expect(allStale).toEqual({
      status: 201,
      body: [{ id: 'tasks:b1', error: 'conflict', reason: 'Document update conflict.' }],
    });
  });

  it('in _bulk_docs, each row answers the document it names, in the order sent, refusals too', async () => {
    // PouchDB's validation wrapper answers refusals first, then the written rows: an answer read
    // by position named written documents twice and refused ones not at all (convergence seed
    // 1026867003: notices the relation rule refused were never recorded as refused).
    await put(server, 'manager1', tasks, task('o1', 'manager1', []));
    const o1 = await read('o1');
    const answer = await http(server, 'manager1', 'POST', `/${tasks}/_bulk_docs`, {
      docs: [
        task('o2', 'manager1', []),
        task('o3', 'mentor1', []),
        { ...o1, _rev: '1-0123456789abcdef0123456789abcdef', title: 'Stale' },
        task('o4', 'manager1', []),
        task('o5', 'mentor2', []),
      ],
    });
    expect(answer.status).toBe(201);
    const rows = answer.body as unknown as Record<string, unknown>[];
    expect(rows.map((row) => [row['id'], row['ok'] ?? row['error']])).toEqual([
      ['tasks:o2', true],
      ['tasks:o3', 'forbidden'],
      ['tasks:o1', 'conflict'],
      ['tasks:o4', true],
      ['tasks:o5', 'forbidden'],
    ]);
  });

  it('leaves new_edits:false (replication of known revisions) alone', async () => {
    const answer = await http(server, 'server-admin', 'POST', `/${tasks}/_bulk_docs`, {
      new_edits: false,
      docs: [{ ...task('r1', 'manager1', []), _rev: '3-0123456789abcdef0123456789abcdef' }],
    });
    expect(answer.status).toBe(201);
    expect((await read('r1'))._rev).toBe('3-0123456789abcdef0123456789abcdef');
  });

  it('two writes on the same revision at once: one is written, the other gets 409, never 403', async () => {
    for (let round = 0; round < 10; round++) {
      const id = `race-${round}`;
      await put(server, 'manager1', tasks, task(id, 'manager1', ['mentor1', 'mentor2']));
      const base = await read(id);
      const answers = await Promise.all([
        put(server, 'manager1', tasks, { ...base, title: `Title ${round}` }),
        put(server, 'mentor1', tasks, { ...base, status: 'in_progress' }),
        put(server, 'mentor2', tasks, { ...base, status: 'in_progress' }),
      ]);
      const statuses = answers.map((answer) => answer.status).sort();
      expect(statuses, JSON.stringify(answers)).toEqual([201, 409, 409]);
    }
  });
});

describe('a write overtaken by the server’s own replication', () => {
  /**
   * `_replicator` writes inside the server process, past the HTTP lock: one landing between the
   * check and PouchDB's validation makes a write stale after the check. Here it lands there for
   * sure: the middleware is put in front of a stand-in for PouchDB that first lets a newer
   * version in, then refuses the write as PouchDB's validation would (judged against it).
   */
  const overtaken = async (
    path: string,
    body: unknown,
    replicate: () => Promise<unknown>,
    refusal: (status: number) => unknown,
  ) => {
    const app = express();
    app.use(refuseStaleWrites({ url: () => server.url, admin: ADMIN }));
    app.use((req, res) => {
      void replicate().then(() => {
        const bulk = req.path.endsWith('/_bulk_docs');
        res.status(bulk ? 201 : 403).json(refusal(bulk ? 201 : 403));
      });
    });
    const listener = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => listener.once('listening', resolve));
    const { port } = listener.address() as AddressInfo;
    try {
      const answer = await fetch(`http://127.0.0.1:${port}${path}`, {
        method: path.endsWith('/_bulk_docs') ? 'POST' : 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return { status: answer.status, body: (await answer.json()) as unknown };
    } finally {
      listener.close();
    }
  };
  /** The newer version lands on the server (this stand-in's lock is not the server's). */
  const replicatedOver = (base: Record<string, unknown> & { _id: string }) => () =>
    put(server, 'server-admin', tasks, { ...base, title: 'Renamed on the hub' });
  const forbidden = { error: 'forbidden', reason: 'A mentor may not edit or delete a task.' };

  it('a refusal of a write the replication made stale is answered 409', async () => {
    await put(server, 'manager1', tasks, task('rep-1', 'manager1', ['mentor1']));
    const base = await read('rep-1');
    const answer = await overtaken(
      `/${tasks}/${encodeURIComponent(couchIdOf('tasks', 'rep-1'))}`,
      { ...base, status: 'in_progress' },
      replicatedOver(base),
      () => forbidden,
    );
    expect(answer).toEqual({ status: 409, body: CONFLICT_BODY });
  });

  it('in _bulk_docs, such a row gets a conflict row; a refusal on the current revision stands', async () => {
    await put(server, 'manager1', tasks, task('rep-2', 'manager1', ['mentor1']));
    await put(server, 'manager1', tasks, task('rep-3', 'manager1', ['mentor1']));
    const [two, three] = [await read('rep-2'), await read('rep-3')];
    const answer = await overtaken(
      `/${tasks}/_bulk_docs`,
      {
        docs: [
          { ...two, status: 'in_progress' },
          { ...three, title: 'Mine' },
        ],
      },
      replicatedOver(two),
      () => [
        { id: 'tasks:rep-2', ...forbidden },
        { id: 'tasks:rep-3', ...forbidden },
      ],
    );
    expect(answer).toEqual({
      status: 201,
      body: [
        { id: 'tasks:rep-2', ...CONFLICT_BODY },
        { id: 'tasks:rep-3', ...forbidden },
      ],
    });
  });
});

describe('the rule and the lock', () => {
  it('is CouchDB’s: the current revision of a live document, nothing for a new one', () => {
    const live = { rev: '2-b', deleted: false };
    const tombstone = { rev: '3-c', deleted: true };
    expect(isStale({ id: 'x', rev: '2-b' }, live)).toBe(false);
    expect(isStale({ id: 'x', rev: '1-a' }, live)).toBe(true);
    expect(isStale({ id: 'x', rev: undefined }, live)).toBe(true);
    expect(isStale({ id: 'x', rev: undefined }, undefined)).toBe(false);
    expect(isStale({ id: 'x', rev: '1-a' }, undefined)).toBe(true);
    expect(isStale({ id: 'x', rev: undefined }, tombstone)).toBe(false);
    expect(isStale({ id: 'x', rev: '3-c' }, tombstone)).toBe(false);
    expect(isStale({ id: 'x', rev: '2-b' }, tombstone)).toBe(true);
  });

  it('puts rows back in the order sent: by the id each names, in turn for an id sent twice', () => {
    const targets = [
      { id: 'a', rev: undefined },
      { id: 'b', rev: '1-x' },
      { id: 'a', rev: '1-y' },
      { id: '', rev: undefined },
      { id: 'c', rev: undefined },
    ];
    const stale = [undefined, targets[1], undefined, undefined, undefined];
    const answer = [
      { id: 'c', error: 'forbidden' },
      { id: 'a', ok: true, rev: '1-a' },
      { id: 'a', error: 'conflict' },
      { id: 'chosen-by-the-server', ok: true },
    ];
    expect(inSentOrder(answer, targets, stale)).toEqual([
      { id: 'a', ok: true, rev: '1-a' },
      { id: 'b', error: 'conflict', reason: 'Document update conflict.' },
      { id: 'a', error: 'conflict' },
      { id: 'chosen-by-the-server', ok: true },
      { id: 'c', error: 'forbidden' },
    ]);
  });

  it('runs holders of a key one after the other, in arrival order, and others at once', async () => {
    const lock = createKeyedLock();
    const order: string[] = [];
    const first = await lock(['a', 'b']);
    const second = lock(['b']).then((release) => {
      order.push('second');
      release();
    });
    const third = lock(['c']).then((release) => {
      order.push('third');
      release();
    });
    await third;
    expect(order).toEqual(['third']);
    first();
    await second;
    expect(order).toEqual(['third', 'second']);
  });
});
