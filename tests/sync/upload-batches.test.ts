// Small files go to the server several to a request (electron/core/files/upload-queue.ts): fewer
// round trips, and still each file once, intact, with a refusal of one never costing the others.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFileStore } from '../../electron/core/files/file-store';
import { fetchFile, fetchFiles } from '../../electron/core/files/file-transfer';
import { createUploadQueue } from '../../electron/core/files/upload-queue';
import type { UploadQueue } from '../../electron/core/files/upload-queue';
import { silentLogger } from '../../electron/core/platform/logger';
import { createServerAccess } from '../../electron/core/sync/server-access';
import type { EmbeddedServer } from '../../server/embedded/startEmbeddedServer';
import { basicAuth } from '../../server/provision/couchClient';
import { hexOfRef } from '../../shared/domain/files';
import { databaseOf, personScope } from '../../shared/sync/layout';
import {
  createAccount,
  databaseExists,
  passwordOf,
  startTestServer,
  waitFor,
} from '../server/harness';

const MENTOR = 'mentor-batches';
const DATABASE = databaseOf(personScope(MENTOR));

/** A PDF of `size` bytes, different for every seed. */
const pdfOf = (seed: number, size: number) => {
  const head = Buffer.from(`%PDF-1.7\n% ${seed}\n`);
  const body = Buffer.alloc(size - head.byteLength, seed % 251);
  return Buffer.concat([head, body]);
};

/** The requests that carried files, by kind; the line can drop the next batch's answer. */
const line = () => {
  const state = { batches: 0, singles: 0, dropNextBatchAnswer: false };
  const wrapped: typeof fetch = async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const batch = init?.method === 'POST' && url.endsWith('/_bulk_docs');
    if (batch) state.batches += 1;
    if (init?.method === 'PUT' && /\/files(:|%3A)[0-9a-f]{64}$/.test(url)) state.singles += 1;
    const response = await fetch(input, init);
    if (batch && state.dropNextBatchAnswer) {
      // The server took the batch; the connection dropped before its answer came.
      state.dropNextBatchAnswer = false;
      throw new TypeError('fetch failed');
    }
    return response;
  };
  return { state, fetch: wrapped };
};

describe('small files sent several to a request', () => {
  let server: EmbeddedServer;
  let folder: string;
  beforeAll(async () => {
    server = await startTestServer();
    await createAccount(server, MENTOR, ['mentor']);
    await waitFor('the mentor’s database', () => databaseExists(server, DATABASE));
    folder = mkdtempSync(join(tmpdir(), 'mmm-upload-batches-'));
  });
  afterAll(async () => {
    await server.close();
    rmSync(folder, { recursive: true, force: true });
  });

  /** A machine's file store and upload queue, and a way to the server over `fetch`. */
  const machine = (name: string, fetchOver: typeof fetch) => {
    const store = createFileStore(join(folder, name));
    const queue = createUploadQueue({
      directory: join(folder, name, 'outbox'),
      store,
      logger: silentLogger,
    });
    const server_ = createServerAccess({
      serverUrl: server.url,
      fetch: fetchOver,
      auth: {
        headers: () => ({
          authorization: basicAuth({ username: MENTOR, password: passwordOf(MENTOR) }),
        }),
        onSetCookie: () => undefined,
        reauthenticate: () => Promise.resolve(false),
      },
    });
    const keep = async (bytes: Buffer, mimeType = 'application/pdf', database = DATABASE) => {
      const stored = await store.put(bytes, 'file.pdf', mimeType);
      await queue.add({
        ref: stored.ref,
        database,
        serverUrl: server.url,
        createdBy: MENTOR,
        name: stored.name,
        mimeType,
        size: stored.size,
        queuedAt: new Date().toISOString(),
      });
      return hexOfRef(stored.ref) ?? '';
    };
    const drain = (queue_: UploadQueue = queue) =>
      queue_.drain(server_, { serverUrl: server.url, name: MENTOR });
    return { store, queue, server: server_, keep, drain };
  };

  it('thirty small files go in two requests and a big one alone, each intact', async () => {
    const wire = line();
    const a = machine('thirty', wire.fetch);
    const small = Array.from({ length: 30 }, (_, index) => pdfOf(index + 1, 4_000 + index));
    const big = pdfOf(99, 400_000);
    const hexes = [];
    for (const bytes of small) hexes.push(await a.keep(bytes));
    const bigHex = await a.keep(big);

    expect(await a.drain()).toBe(true);
    // 25 and 5 in two batches; the big file alone, where its progress is shown.
    expect(wire.state).toMatchObject({ batches: 2, singles: 1 });
    expect(await a.queue.list()).toEqual([]);
    for (const [index, hex] of hexes.entries()) {
      const fetched = await fetchFile(a.server, DATABASE, hex);
      expect(
        fetched.kind === 'fetched' &&
          Buffer.from(fetched.bytes).equals(small[index] ?? Buffer.alloc(0)),
      ).toBe(true);
    }
    const fetchedBig = await fetchFile(a.server, DATABASE, bigHex);
    expect(fetchedBig.kind === 'fetched' && Buffer.from(fetchedBig.bytes).equals(big)).toBe(true);
  });

  it('one file the server refuses costs the others nothing: they go, it is kept as refused', async () => {
    const wire = line();
    const a = machine('one-refused', wire.fetch);
    const good = [pdfOf(201, 3_000), pdfOf(202, 3_000)];
    const goodHexes = [
      await a.keep(good[0] ?? Buffer.alloc(0)),
      await a.keep(good[1] ?? Buffer.alloc(0)),
    ];
    // Said to be a PNG; its bytes are a PDF's. The server refuses the whole batch for it.
    const notPng = await a.keep(pdfOf(203, 3_000), 'image/png');

    expect(await a.drain()).toBe(true);
    expect(wire.state.batches).toBe(1);
    for (const hex of goodHexes) {
      expect((await fetchFile(a.server, DATABASE, hex)).kind).toBe('fetched');
    }
    expect((await fetchFile(a.server, DATABASE, notPng)).kind).toBe('missing');
    const left = await a.queue.list();
    expect(left).toHaveLength(1);
    expect(left[0]).toMatchObject({ ref: `sha256-${notPng}`, tried: true });
    expect(left[0]?.refused).toMatch(/not image\/png/);
  });

  it('files that must wait for a database hold back none queued after them', async () => {
    // Another person's database: not open to this mentor, as a chat's is before the server has
    // the chat. More of them than requests go at once, queued first.
    await createAccount(server, 'mentor-other', ['mentor']);
    const closed = databaseOf(personScope('mentor-other'));
    await waitFor('the other database', () => databaseExists(server, closed));
    const wire = line();
    const a = machine('waiting-first', wire.fetch);
    for (let index = 0; index < 5; index += 1) {
      await a.keep(pdfOf(401 + index, 300_000), 'application/pdf', closed);
    }
    const after = pdfOf(499, 3_000);
    const afterHex = await a.keep(after);

    expect(await a.drain()).toBe(false);
    const fetched = await fetchFile(a.server, DATABASE, afterHex);
    expect(fetched.kind === 'fetched' && Buffer.from(fetched.bytes).equals(after)).toBe(true);
    const left = await a.queue.list();
    expect(left.map((entry) => entry.database)).toEqual(Array(5).fill(closed));
    expect(left.every((entry) => entry.refused === undefined)).toBe(true);
  });

  it('fetched several to a request: each checked, a corrupted one and a missing one told apart', async () => {
    const a = machine('fetched-together', line().fetch);
    const files = Array.from({ length: 6 }, (_, index) => pdfOf(601 + index, 5_000));
    const hexes = [];
    for (const bytes of files) hexes.push(await a.keep(bytes));
    expect(await a.drain()).toBe(true);
    const absent = 'f'.repeat(64);

    // B's line spoils one file's bytes on the way (one base64 character changed).
    const spoilt = hexes[2] ?? '';
    const spoiling: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      if (!url.includes('/_all_docs')) return response;
      const body = (await response.json()) as {
        rows: { key: string; doc?: Record<string, never> }[];
      };
      for (const row of body.rows) {
        const attachment = (
          row.doc?.['_attachments'] as Record<string, { data: string }> | undefined
        )?.['file'];
        if (row.key === `files:${spoilt}` && attachment) {
          attachment.data = `${attachment.data.startsWith('A') ? 'B' : 'A'}${attachment.data.slice(1)}`;
        }
      }
      return new Response(JSON.stringify(body), {
        status: response.status,
        headers: response.headers,
      });
    };
    const b = machine('fetched-together-b', spoiling);
    const outcomes = await fetchFiles(b.server, DATABASE, [...hexes, absent]);
    for (const [index, hex] of hexes.entries()) {
      const outcome = outcomes.get(hex);
      if (hex === spoilt) expect(outcome).toEqual({ kind: 'corrupt' });
      else
        expect(
          outcome?.kind === 'fetched' &&
            Buffer.from(outcome.bytes).equals(files[index] ?? Buffer.alloc(0)),
        ).toBe(true);
    }
    expect(outcomes.get(absent)).toEqual({ kind: 'missing' });

    // Another mentor asking for them gets none.
    await createAccount(server, 'mentor-stranger', ['mentor']);
    const stranger = createServerAccess({
      serverUrl: server.url,
      fetch,
      auth: {
        headers: () => ({
          authorization: basicAuth({
            username: 'mentor-stranger',
            password: passwordOf('mentor-stranger'),
          }),
        }),
        onSetCookie: () => undefined,
        reauthenticate: () => Promise.resolve(false),
      },
    });
    const refused = await fetchFiles(stranger, DATABASE, hexes);
    expect([...refused.values()].every((outcome) => outcome.kind === 'missing')).toBe(true);
  });

  it('a batch whose answer was lost is finished later without sending its files again', async () => {
    const wire = line();
    const a = machine('answer-lost', wire.fetch);
    const files = [pdfOf(301, 2_000), pdfOf(302, 2_000), pdfOf(303, 2_000)];
    const hexes = [];
    for (const bytes of files) hexes.push(await a.keep(bytes));
    wire.state.dropNextBatchAnswer = true;
    expect(await a.drain()).toBe(false);
    expect(await a.queue.list()).toHaveLength(3);

    // The app restarts on the same folder: each file was tried, so the server is asked first.
    const again = createUploadQueue({
      directory: join(folder, 'answer-lost', 'outbox'),
      store: a.store,
      logger: silentLogger,
    });
    const before = { ...wire.state };
    expect(await a.drain(again)).toBe(true);
    expect(wire.state.batches).toBe(before.batches);
    expect(wire.state.singles).toBe(before.singles);
    expect(await again.list()).toEqual([]);
    for (const [index, hex] of hexes.entries()) {
      const fetched = await fetchFile(a.server, DATABASE, hex);
      expect(
        fetched.kind === 'fetched' &&
          Buffer.from(fetched.bytes).equals(files[index] ?? Buffer.alloc(0)),
      ).toBe(true);
    }
  });
});
