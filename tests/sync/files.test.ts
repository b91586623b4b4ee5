// Files that travel (docs/FILES.md): three installations on one embedded server. A mentor uploads
// their CV offline; a manager on another machine opens it byte for byte; another mentor is refused
// by the app and by the server. An upload cut short is sent later, once, intact.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedServer } from '../../server/embedded/startEmbeddedServer';
import { basicAuth } from '../../server/provision/couchClient';
import { hexOfRef } from '../../shared/domain/files';
import { databaseOf, decisionsScope, personScope } from '../../shared/sync/layout';
import { ADMIN, createAccount, passwordOf, startTestServer, waitFor } from '../server/harness';
import { startAppHarness } from '../support/app-harness';
import type { AppHarness } from '../support/app-harness';
import { carriesFiles, detailsWith, pdfUpload } from './file-uploads';

const DECISIONS = databaseOf(decisionsScope);
const personDb = (name: string) => databaseOf(personScope(name));

/** A PDF of some size, different for every `seed`. */
const pdfOf = (seed: string, size = 200_000) => {
  const head = Buffer.from(`%PDF-1.7\n% ${seed}\n`);
  const body = Buffer.alloc(size - head.byteLength);
  for (let index = 0; index < body.byteLength; index += 1)
    body[index] = (index * 31 + seed.length) % 251;
  return Buffer.concat([head, body]);
};
/** What a data folder's file store holds (nothing when it was never made). */
const kept = (dataDir: string) =>
  existsSync(join(dataDir, 'files')) ? readdirSync(join(dataDir, 'files')) : [];
const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** A fetch that can be cut (offline), and counts the file uploads that reached the server. */
const line = () => {
  const state = { online: true, filePuts: 0, dropAnswerOfNextFilePut: false };
  const wrapped: typeof fetch = async (input, init) => {
    if (!state.online) throw new TypeError('fetch failed');
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const filePut = carriesFiles(url, init);
    if (filePut) state.filePuts += 1;
    const response = await fetch(input, init);
    if (filePut && state.dropAnswerOfNextFilePut) {
      // The server took it; the connection dropped before the answer came back.
      state.dropAnswerOfNextFilePut = false;
      state.online = false;
      throw new TypeError('fetch failed');
    }
    return response;
  };
  return { state, fetch: wrapped };
};

const bytesOver = async (server: EmbeddedServer, who: string, database: string, hex: string) => {
  const response = await fetch(`${server.url}/${database}/files:${hex}/file`, {
    headers: {
      authorization:
        who === 'server-admin'
          ? basicAuth(ADMIN)
          : basicAuth({ username: who, password: passwordOf(who) }),
    },
  });
  return { status: response.status, bytes: Buffer.from(await response.arrayBuffer()) };
};

/** A PDF uploaded as a mentor's document (a CV), through the host contract. */
const uploadPdf = (machine: AppHarness, name: string, bytes: Buffer) =>
  machine.call('files.upload', pdfUpload(name, bytes));
const details = detailsWith;

describe('a CV uploaded offline', () => {
  let server: EmbeddedServer;
  /** Closed by the end (each test closes its machines as it goes, but for a failure). */
  const opened: AppHarness[] = [];
  beforeAll(async () => {
    server = await startTestServer();
    await createAccount(server, 'manager1', ['manager']);
    await createAccount(server, 'mentor01', ['mentor']);
    await createAccount(server, 'mentor02', ['mentor']);
  });
  afterAll(async () => {
    for (const machine of opened) await machine.close().catch(() => undefined);
    await server.close();
  });

  it('reaches the manager on another machine byte for byte, and no other mentor', async () => {
    const a = line();
    const machineA = await startAppHarness({ server, fetch: a.fetch });
    opened.push(machineA);
    await machineA.signIn('mentor01');
    a.state.online = false;

    const cv = pdfOf('mentor01 CV');
    const stored = await uploadPdf(machineA, 'CV.pdf', cv);
    await machineA.call('userDetails.submit', details(stored));
    const hex = hexOfRef(stored.ref) ?? '';
    expect(readdirSync(join(machineA.dataDir, 'files', 'outbox'))).toHaveLength(1);
    expect(await machineA.first('files.outbox', {})).toEqual([
      {
        ref: stored.ref,
        name: 'CV.pdf',
        size: cv.byteLength,
        state: 'waiting',
        reason: null,
        progress: null,
      },
    ]);
    expect((await bytesOver(server, 'server-admin', personDb('mentor01'), hex)).status).toBe(404);

    a.state.online = true;
    await machineA.synced(60_000);
    await waitFor(
      'the CV on the server',
      async () => (await bytesOver(server, 'server-admin', DECISIONS, hex)).status === 200,
      20_000,
    );
    expect(readdirSync(join(machineA.dataDir, 'files', 'outbox'))).toHaveLength(0);
    await machineA.until('files.outbox', {}, (rows) => rows.length === 0);
    expect(a.state.filePuts).toBe(1);

    // RxDB's open-source build opens 13 collections per process: one machine at a time here.
    await machineA.close();
    const b = line();
    const machineB = await startAppHarness({ server, fetch: b.fetch });
    opened.push(machineB);
    await machineB.signIn('manager1');
    const rows = await machineB.until('userDetails.list', {}, (list) =>
      list.some((row) => row.details.userId === 'mentor01' && row.details.document !== undefined),
    );
    const ref = rows.find((row) => row.details.userId === 'mentor01')?.details.document?.ref ?? '';
    // Fetched ahead (it is in the manager's approvals inbox): there before anyone opens it, so it
    // opens with the line cut.
    await waitFor('the CV fetched ahead', () =>
      Promise.resolve(kept(machineB.dataDir).includes(hex)),
    );
    b.state.online = false;
    const read = await machineB.call('files.read', { ref });
    expect(sha(Buffer.from(read.dataBase64, 'base64'))).toBe(sha(cv));
    expect(Buffer.from(read.dataBase64, 'base64').equals(cv)).toBe(true);

    await machineB.close();
    const machineC = await startAppHarness({ server });
    opened.push(machineC);
    await machineC.signIn('mentor02');
    const refused = await machineC.attempt('files.read', { ref });
    expect(refused).toMatchObject({ ok: false, error: { code: 'not_found' } });
    for (const database of [personDb('mentor01'), DECISIONS]) {
      expect((await bytesOver(server, 'mentor02', database, hex)).status).toBe(403);
    }
    await machineC.close();
  });

  it('shows how far a large file is while it is sent, rising to 100 %', async () => {
    const a = line();
    const machine = await startAppHarness({ server, fetch: a.fetch });
    opened.push(machine);
    await machine.signIn('mentor01');
    a.state.online = false;
    const cv = pdfOf('mentor01 large CV', 4_000_000);
    const stored = await uploadPdf(machine, 'Large CV.pdf', cv);
    const seen: number[] = [];
    const watching = machine.until(
      'files.outbox',
      {},
      (rows) => {
        const row = rows.find((each) => each.ref === stored.ref);
        if (row?.state === 'sending' && row.progress !== null) seen.push(row.progress);
        return row === undefined;
      },
      60_000,
    );
    a.state.online = true;
    await watching;
    // Step by step, never back, to the whole file (the bytes go as base64 in 64 KiB pieces).
    expect(seen.length).toBeGreaterThan(10);
    expect(seen).toEqual([...seen].sort((x, y) => x - y));
    expect(seen[0]).toBeLessThan(0.1);
    expect(seen.at(-1)).toBe(1);
    expect(a.state.filePuts).toBe(1);
    await machine.close();
  });

  it('is sent later, once and intact, when the connection drops mid-upload and the app restarts', async () => {
    const a = line();
    const first = await startAppHarness({ server, fetch: a.fetch });
    opened.push(first);
    await first.signIn('mentor01');
    const cv = pdfOf('mentor01 second CV', 1_000_000);
    a.state.online = false;
    const stored = await uploadPdf(first, 'CV-2.pdf', cv);
    const hex = hexOfRef(stored.ref) ?? '';
    // Back online, the upload goes out, the server takes it, the answer is lost; the app is closed.
    a.state.dropAnswerOfNextFilePut = true;
    a.state.online = true;
    await waitFor('the upload to be cut', () => Promise.resolve(!a.state.online), 20_000);
    await first.close();
    expect(readdirSync(join(first.dataDir, 'files', 'outbox'))).toHaveLength(1);

    // The same data folder, started again: the entry is still there and is finished, not resent.
    const b = line();
    const again = await startAppHarness({ server, fetch: b.fetch, dataDir: first.dataDir });
    opened.push(again);
    await again.signIn('mentor01');
    await waitFor(
      'the queue to empty',
      () => Promise.resolve(readdirSync(join(first.dataDir, 'files', 'outbox')).length === 0),
      20_000,
    );
    expect(b.state.filePuts).toBe(0);
    const onServer = await bytesOver(server, 'mentor01', personDb('mentor01'), hex);
    expect(onServer.bytes.equals(cv)).toBe(true);
  });

  it('a never-sent upload survives a restart and goes out once the server answers', async () => {
    const a = line();
    const first = await startAppHarness({ server, fetch: a.fetch });
    opened.push(first);
    await first.signIn('mentor01');
    a.state.online = false;
    const cv = pdfOf('mentor01 third CV', 50_000);
    const stored = await uploadPdf(first, 'CV-3.pdf', cv);
    await first.close();

    const b = line();
    const again = await startAppHarness({ server, fetch: b.fetch, dataDir: first.dataDir });
    opened.push(again);
    await again.signIn('mentor01');
    const hex = hexOfRef(stored.ref) ?? '';
    await waitFor(
      'the CV on the server',
      async () => (await bytesOver(server, 'mentor01', personDb('mentor01'), hex)).status === 200,
      20_000,
    );
    expect(b.state.filePuts).toBe(1);
    expect((await bytesOver(server, 'mentor01', personDb('mentor01'), hex)).bytes.equals(cv)).toBe(
      true,
    );
  });

  it('a download cut short or corrupted is asked again, and never kept nor shown', async () => {
    const cv = pdfOf('corrupted on the way', 300_000);
    const uploader = await startAppHarness({ server });
    opened.push(uploader);
    await uploader.signIn('mentor01');
    const stored = await uploadPdf(uploader, 'CV-4.pdf', cv);
    const hex = hexOfRef(stored.ref) ?? '';
    await waitFor(
      'the CV on the server',
      async () => (await bytesOver(server, 'mentor01', personDb('mentor01'), hex)).status === 200,
      20_000,
    );
    await uploader.close();
    // Its owner on another machine: every answer with the bytes comes cut short, then (once) whole.
    const state = { spoilt: 0, spoil: Infinity };
    const spoiling: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      if (!url.endsWith(`${hex}/file`) || state.spoilt >= state.spoil) return response;
      state.spoilt += 1;
      const bytes = new Uint8Array(await response.arrayBuffer());
      return new Response(bytes.subarray(0, bytes.byteLength - 1000), {
        status: 200,
        headers: { 'content-type': 'application/pdf' },
      });
    };
    const reader = await startAppHarness({ server, fetch: spoiling });
    opened.push(reader);
    await reader.signIn('mentor01');
    const never = await reader.attempt('files.read', { ref: stored.ref });
    expect(never).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(state.spoilt).toBeGreaterThanOrEqual(3);
    expect(kept(reader.dataDir).filter((name) => name.startsWith(hex))).toEqual([]);

    state.spoilt = 0;
    state.spoil = 1;
    const read = await reader.call('files.read', { ref: stored.ref });
    expect(state.spoilt).toBe(1);
    expect(Buffer.from(read.dataBase64, 'base64').equals(cv)).toBe(true);
    await reader.close();
  });

  it('a file answering an application is on the deciders’ machines before anyone opens it', async () => {
    const managerMachine = await startAppHarness({ server });
    opened.push(managerMachine);
    await managerMachine.signIn('manager1');
    const programme = await managerMachine.call('programmes.create', {
      name: 'Portfolio review',
      description: '',
      criteria: [{ id: 'portfolio', label: 'Your portfolio', type: 'file', required: true }],
    });
    await managerMachine.synced(60_000);
    await managerMachine.close();

    const applicant = await startAppHarness({ server });
    opened.push(applicant);
    await applicant.signIn('mentor02');
    await applicant.until('programmes.list', {}, (rows) =>
      rows.some((row) => row.programme.id === programme.id),
    );
    const portfolio = pdfOf('mentor02 portfolio', 80_000);
    const stored = await applicant.call('files.upload', {
      purpose: 'answer',
      name: 'portfolio.pdf',
      mimeType: 'application/pdf',
      dataBase64: portfolio.toString('base64'),
    });
    await applicant.call('applications.apply', {
      programmeId: programme.id,
      answers: { portfolio: stored },
    });
    await applicant.synced(60_000);
    const hex = hexOfRef(stored.ref) ?? '';
    await waitFor(
      'the answer’s file among the deciders’',
      async () => (await bytesOver(server, 'server-admin', DECISIONS, hex)).status === 200,
      20_000,
    );
    await applicant.close();

    // A manager's fresh machine: the application is in the approvals inbox, its file fetched ahead.
    const line2 = line();
    const decider = await startAppHarness({ server, fetch: line2.fetch });
    opened.push(decider);
    await decider.signIn('manager1');
    await waitFor(
      'the answer’s file fetched ahead',
      () => Promise.resolve(kept(decider.dataDir).includes(hex)),
      30_000,
    );
    line2.state.online = false;
    const read = await decider.call('files.read', { ref: stored.ref });
    expect(Buffer.from(read.dataBase64, 'base64').equals(portfolio)).toBe(true);
    await decider.close();
  });
});
