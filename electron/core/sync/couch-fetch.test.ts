import { describe, expect, it, vi } from 'vitest';
import { createCouchFetch, RetryableSyncError, UNKNOWN_ERROR } from './couch-fetch';
import type { CouchFetchOptions, ServerRejection } from './couch-fetch';

const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(typeof body === 'string' ? body : JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });

type Handler = (url: URL, init?: RequestInit) => Response | Promise<Response>;

const setup = (handler: Handler, overrides: Partial<CouchFetchOptions> = {}) => {
  const rejections: ServerRejection[] = [];
  const reachable: boolean[] = [];
  const onUnauthorised = vi.fn();
  const calls: URL[] = [];
  const couchFetch = createCouchFetch({
    fetch: (input, init) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      calls.push(url);
      return Promise.resolve(handler(url, init));
    },
    auth: {
      headers: () => ({ cookie: 'AuthSession=abc' }),
      onSetCookie: () => undefined,
      reauthenticate: () => Promise.resolve(false),
    },
    timeoutMs: 1000,
    longpollTimeoutMs: 1000,
    onRejected: (r) => rejections.push(r),
    onUnauthorised,
    onReachable: (r) => reachable.push(r),
    ...overrides,
  });
  return { couchFetch, rejections, reachable, onUnauthorised, calls };
};

const row = (id: string) => ({
  id,
  seq: id,
  changes: [],
  doc: { _id: id, _rev: '1-a', title: id },
});

describe('the replication fetch wrapper', () => {
  it('drops design documents and tops the batch up, since RxDB ends a pull on a short batch', async () => {
    const { couchFetch, calls } = setup((url) => {
      const since = url.searchParams.get('since');
      if (since === '0')
        return json({ results: [row('_design/mmm'), row('a'), row('b')], last_seq: '3' });
      return json({ results: [row('c')], last_seq: '4' });
    });
    const response = await couchFetch('http://s/mmm-tasks/_changes?feed=normal&since=0&limit=3');
    const body = (await response.json()) as { results: { id: string }[]; last_seq: string };
    expect(body.results.map((r) => r.id)).toEqual(['a', 'b', 'c']);
    expect(body.last_seq).toBe('4');
    expect(calls[1]?.searchParams.get('limit')).toBe('1');
    expect(calls[1]?.searchParams.get('since')).toBe('3');
  });

  it('drops documents the caller refuses, and says why through the hook', async () => {
    const checkIncoming = vi.fn((_db: string, doc: Record<string, unknown>) =>
      doc['title'] === 'bad' ? 'schema' : null,
    );
    const { couchFetch } = setup(
      () =>
        json({
          results: [row('a'), { ...row('x'), doc: { _id: 'x', title: 'bad' } }],
          last_seq: '2',
        }),
      { checkIncoming },
    );
    const body = (await (
      await couchFetch('http://s/mmm-tasks/_changes?feed=longpoll&since=now&limit=500')
    ).json()) as { results: { id: string }[] };
    expect(body.results.map((r) => r.id)).toEqual(['a']);
    expect(checkIncoming).toHaveBeenCalledWith('mmm-tasks', expect.objectContaining({ _id: 'x' }));
  });

  it('turns non-2xx and garbage changes answers into retryable errors, never a crash', async () => {
    for (const answer of [
      () => json({ error: 'boom' }, 500),
      () => json('<html>proxy</html>'),
      () => json({ nothing: true }),
      () => json({ results: 'no', last_seq: 1 }),
    ]) {
      const { couchFetch } = setup(answer);
      await expect(
        couchFetch('http://s/db/_changes?feed=longpoll&since=now'),
      ).rejects.toBeInstanceOf(RetryableSyncError);
    }
  });

  it('reports an unreachable server as offline and a later answer as online', async () => {
    let up = false;
    const { couchFetch, reachable } = setup(() => {
      if (!up) throw new TypeError('fetch failed');
      return json({ rows: [] });
    });
    await expect(couchFetch('http://s/db/_all_docs')).rejects.toBeInstanceOf(RetryableSyncError);
    up = true;
    await couchFetch('http://s/db/_all_docs');
    expect(reachable).toEqual([false, true]);
  });

  it('records refused rows and tells RxDB they are done, so later writes are not blocked', async () => {
    const { couchFetch, rejections } = setup(() =>
      json([
        { id: 'ok1', ok: true, rev: '1-a' },
        { id: 'bad', error: 'forbidden', reason: 'createdBy must be the person creating it.' },
        { id: 'conflicted', error: 'conflict', reason: 'Document update conflict.' },
      ]),
    );
    const response = await couchFetch('http://s/mmm-programmes/_bulk_docs', {
      method: 'POST',
      body: JSON.stringify({
        docs: [{ _id: 'ok1' }, { _id: 'bad', name: 'Forged' }, { _id: 'conflicted' }],
      }),
    });
    const rows = (await response.json()) as { id: string; ok?: boolean; error?: string }[];
    expect(rows.map((r) => [r.id, r.ok ?? r.error])).toEqual([
      ['ok1', true],
      ['bad', true],
      ['conflicted', 'conflict'],
    ]);
    expect(rejections).toEqual([
      {
        database: 'mmm-programmes',
        docId: 'bad',
        reason: 'createdBy must be the person creating it.',
        doc: { _id: 'bad', name: 'Forged' },
      },
    ]);
  });

  it('takes each document’s answer from the row that names it: none, or two, is no answer', async () => {
    // As the embedded server once answered a write of four with part of it stale: the first two
    // ids twice (a conflict, then an ok), the last two not at all. By position, c and d were "ok".
    const { couchFetch } = setup(() =>
      json([
        { id: 'a', error: 'conflict', reason: 'Document update conflict.' },
        { id: 'b', error: 'conflict', reason: 'Document update conflict.' },
        { id: 'a', ok: true, rev: '1-a' },
        { id: 'b', ok: true, rev: '1-b' },
      ]),
    );
    const response = await couchFetch('http://s/mmm-programmes/_bulk_docs', {
      method: 'POST',
      body: JSON.stringify({ docs: [{ _id: 'a' }, { _id: 'b' }, { _id: 'c' }, { _id: 'd' }] }),
    });
    const rows = (await response.json()) as { id: string; ok?: boolean; error?: string }[];
    expect(rows.map((r) => [r.id, r.ok ?? r.error])).toEqual([
      ['a', UNKNOWN_ERROR],
      ['b', UNKNOWN_ERROR],
      ['c', UNKNOWN_ERROR],
      ['d', UNKNOWN_ERROR],
    ]);
  });

  it('does not write again what the server holds already (a conflict resolved to the server’s version)', async () => {
    const bulkBodies: unknown[] = [];
    const { couchFetch } = setup((url, init) => {
      if (url.pathname.endsWith('/_all_docs')) {
        return json({
          rows: [
            { id: 'same', value: { rev: '2-s' }, doc: { _id: 'same', _rev: '2-s', title: 'A' } },
            { id: 'new', value: { rev: '1-n' }, doc: { _id: 'new', _rev: '1-n', title: 'B' } },
          ],
        });
      }
      bulkBodies.push(JSON.parse(typeof init?.body === 'string' ? init.body : ''));
      return json([{ id: 'new', ok: true, rev: '2-n' }], 201);
    });
    await couchFetch('http://s/mmm-tasks/_all_docs', {
      method: 'POST',
      body: JSON.stringify({ keys: ['same', 'new'], include_docs: true }),
    });
    const answer = await couchFetch('http://s/mmm-tasks/_bulk_docs', {
      method: 'POST',
      body: JSON.stringify({
        docs: [
          { _id: 'same', _rev: '2-s', title: 'A', _deleted: false },
          { _id: 'new', _rev: '1-n', title: 'B changed', _deleted: false },
        ],
      }),
    });
    expect(await answer.json()).toEqual([
      { id: 'same', ok: true, rev: '2-s' },
      { id: 'new', ok: true, rev: '2-n' },
    ]);
    expect(bulkBodies).toEqual([
      { docs: [{ _id: 'new', _rev: '1-n', title: 'B changed', _deleted: false }] },
    ]);
  });

  it('drops a change older than a revision this client wrote, so RxDB never puts it over a newer one', async () => {
    let generation = '2';
    const { couchFetch } = setup((url) => {
      if (url.pathname.endsWith('/_bulk_docs'))
        return json([{ id: 'r1', ok: true, rev: '3-c' }], 201);
      const doc = { _id: 'r1', _rev: `${generation}-x`, title: `version ${generation}` };
      return json({
        results: [{ id: 'r1', seq: generation, changes: [], doc }],
        last_seq: generation,
      });
    });
    await couchFetch('http://s/mmm-reports/_bulk_docs', {
      method: 'POST',
      body: JSON.stringify({ docs: [{ _id: 'r1', _rev: '2-b', title: 'version 3' }] }),
    });
    const poll = async () =>
      (
        (await (
          await couchFetch('http://s/mmm-reports/_changes?feed=longpoll&since=1&limit=500')
        ).json()) as {
          results: { id: string }[];
        }
      ).results.map((row) => row.id);
    // The echo of the previous write, answered before this client's newer write landed.
    expect(await poll()).toEqual([]);
    generation = '3';
    expect(await poll()).toEqual(['r1']);
    generation = '4';
    expect(await poll()).toEqual(['r1']);
    generation = '3';
    expect(await poll()).toEqual([]);
  });

  it('holds a changes answer while a write of the same database is under way, then drops what it made old', async () => {
    let answerWrite: (response: Response) => void = () => undefined;
    const { couchFetch } = setup((url) => {
      if (url.pathname.endsWith('/_bulk_docs')) {
        return new Promise<Response>((resolve) => {
          answerWrite = resolve;
        });
      }
      const doc = { _id: 'r1', _rev: '2-x', title: 'version 2' };
      return json({ results: [{ id: 'r1', seq: '2', changes: [], doc }], last_seq: '2' });
    });
    const write = couchFetch('http://s/mmm-reports/_bulk_docs', {
      method: 'POST',
      body: JSON.stringify({ docs: [{ _id: 'r1', _rev: '2-x', title: 'version 3' }] }),
    });
    const poll = couchFetch('http://s/mmm-reports/_changes?feed=longpoll&since=1&limit=500');
    await new Promise((resolve) => setTimeout(resolve, 20));
    answerWrite(json([{ id: 'r1', ok: true, rev: '3-y' }], 201));
    await write;
    const body = (await (await poll).json()) as { results: unknown[]; last_seq: string };
    expect(body).toEqual({ results: [], last_seq: '2', mmm_complete: true });
  });

  it('fetches tombstones for deleted rows of _all_docs, so a remote delete meets the conflict handler', async () => {
    const { couchFetch } = setup((url) => {
      if (url.pathname.endsWith('/_bulk_get')) {
        return json({
          results: [{ id: 'gone', docs: [{ ok: { _id: 'gone', _rev: '2-b', _deleted: true } }] }],
        });
      }
      return json({
        rows: [
          { key: 'gone', id: 'gone', value: { rev: '2-b', deleted: true }, doc: null },
          { key: 'new', error: 'not_found' },
        ],
      });
    });
    const response = await couchFetch('http://s/mmm-tasks/_all_docs', {
      method: 'POST',
      body: '{"keys":["gone","new"]}',
    });
    const body = (await response.json()) as { rows: { key: string; doc?: unknown }[] };
    expect(body.rows[0]?.doc).toEqual({ _id: 'gone', _rev: '2-b', _deleted: true });
    expect(body.rows[1]?.doc).toBeUndefined();
  });

  it('signs in again once on 401, and reports unauthorised when that fails', async () => {
    let status = 401;
    const reauthenticate = vi.fn(() => {
      status = 200;
      return Promise.resolve(true);
    });
    const { couchFetch, onUnauthorised } = setup(() => json({ rows: [] }, status), {
      auth: { headers: () => ({}), onSetCookie: () => undefined, reauthenticate },
    });
    await expect(couchFetch('http://s/db/_all_docs')).resolves.toBeInstanceOf(Response);
    expect(reauthenticate).toHaveBeenCalledOnce();
    expect(onUnauthorised).not.toHaveBeenCalled();

    const denied = setup(() => json({ error: 'unauthorized' }, 401));
    await expect(denied.couchFetch('http://s/db/_changes?feed=longpoll')).rejects.toMatchObject({
      status: 401,
    });
    expect(denied.onUnauthorised).toHaveBeenCalledOnce();
  });
});

describe('the live changes feed', () => {
  /** A longpoll the server holds open until the client gives up, as express-pouchdb does. */
  const heldOpen = (init?: RequestInit) =>
    new Response(
      new ReadableStream({
        start(controller) {
          init?.signal?.addEventListener('abort', () => {
            controller.error(init.signal?.reason);
          });
        },
      }),
      { status: 200, headers: { 'content-type': 'application/json' } },
    );

  it('answers a quiet poll as no changes, carrying on from the database’s own sequence', async () => {
    const { couchFetch, calls, reachable } = setup(
      (url, init) =>
        url.pathname === '/mmm-tasks' ? json({ update_seq: '42-x' }) : heldOpen(init),
      { longpollTimeoutMs: 50 },
    );
    const response = await couchFetch(
      'http://s/mmm-tasks/_changes?feed=longpoll&since=now&limit=500',
    );
    expect(await response.json()).toEqual({ results: [], last_seq: '42-x' });
    expect(calls.map((url) => url.pathname)).toEqual(['/mmm-tasks', '/mmm-tasks/_changes']);
    expect(calls[1]?.searchParams.get('since')).toBe('42-x');
    // A quiet server is still a reachable one.
    expect(reachable).not.toContain(false);
  });

  it('asks again from the same place when a poll is cut off mid-answer, and reports nothing', async () => {
    const cutOff = () =>
      new Response(
        new ReadableStream({
          start(controller) {
            controller.enqueue(new TextEncoder().encode('{"results":[{"id":"a",'));
            controller.error(new TypeError('terminated'));
          },
        }),
        { status: 200, headers: { 'content-type': 'application/json' } },
      );
    const { couchFetch, calls, reachable } = setup(cutOff);
    const response = await couchFetch(
      'http://s/mmm-tasks/_changes?feed=longpoll&since=7-y&limit=500',
    );
    expect(await response.json()).toEqual({ results: [], last_seq: '7-y' });
    expect(calls).toHaveLength(1);
    expect(reachable).not.toContain(false);
    // A catch-up read cut off the same way is a failure RxDB retries, never an empty batch.
    await expect(
      couchFetch('http://s/mmm-tasks/_changes?feed=normal&since=0&limit=500'),
    ).rejects.toThrow('cut off');
  });

  it('keeps a known sequence when a later poll is quiet', async () => {
    const { couchFetch, calls } = setup((_url, init) => heldOpen(init), { longpollTimeoutMs: 50 });
    const response = await couchFetch(
      'http://s/mmm-tasks/_changes?feed=longpoll&since=7-y&limit=500',
    );
    expect(await response.json()).toEqual({ results: [], last_seq: '7-y' });
    expect(calls).toHaveLength(1);
  });
});

describe('the live feed after a catch-up pull', () => {
  it('starts from the end of what was pulled, not from the server’s "now"', async () => {
    const { couchFetch, calls } = setup((url) =>
      url.searchParams.get('feed') === 'longpoll'
        ? json({ results: [row('late')], last_seq: '9' })
        : json({ results: [row('a')], last_seq: '5' }),
    );
    await couchFetch('http://s/mmm-tasks/_changes?feed=normal&since=0&limit=500');
    // The live feed starts (or restarts after a failure) with since=now.
    const live = await couchFetch('http://s/mmm-tasks/_changes?feed=longpoll&since=now&limit=500');
    expect(((await live.json()) as { results: { id: string }[] }).results.map((r) => r.id)).toEqual(
      ['late'],
    );
    expect(calls.map((url) => url.pathname)).toEqual([
      '/mmm-tasks/_changes',
      '/mmm-tasks/_changes',
    ]);
    expect(calls[1]?.searchParams.get('since')).toBe('5');
    // And again from the last answer after that.
    await couchFetch('http://s/mmm-tasks/_changes?feed=longpoll&since=now&limit=500');
    expect(calls[2]?.searchParams.get('since')).toBe('9');
  });
});
