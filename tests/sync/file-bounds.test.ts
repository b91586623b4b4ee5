// Files are bounded on the machine (docs/FILES.md "Quota", "Collection"): an upload past the
// person's quota is refused before it is queued, and the local cache lets go of files nothing on
// the machine refers to — never one referred to or waiting to upload. Real data folders, a real
// embedded server.
import { existsSync, readdirSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startEmbeddedServer,
  type EmbeddedServer,
} from '../../server/embedded/startEmbeddedServer';
import { basicAuth } from '../../server/provision/couchClient';
import { hexOfRef } from '../../shared/domain/files';
import { databaseOf, personScope } from '../../shared/sync/layout';
import { ADMIN, createAccount, startTestServer, waitFor } from '../server/harness';
import { startAppHarness } from '../support/app-harness';
import type { AppHarness } from '../support/app-harness';
import { carriesFiles, detailsWith, pdfUpload } from './file-uploads';

const KB = 1024;
const QUOTA = 40 * 1024 * KB;
const pdfOf = (seed: string, size: number) => {
  const head = Buffer.from(`%PDF-1.7\n% ${seed}\n`);
  return Buffer.concat([head, Buffer.alloc(size - head.byteLength, seed.length % 251)]);
};
const uploadPdf = (machine: AppHarness, name: string, bytes: Buffer) =>
  machine.attempt('files.upload', pdfUpload(name, bytes));
const details = detailsWith;
const outbox = (machine: AppHarness) =>
  existsSync(join(machine.dataDir, 'files', 'outbox'))
    ? readdirSync(join(machine.dataDir, 'files', 'outbox'))
    : [];
const cached = (machine: AppHarness, hex: string) =>
  existsSync(join(machine.dataDir, 'files', hex));

/** A fetch that can be cut, or cut for file uploads alone. */
const line = () => {
  const state = { online: true, uploads: true };
  const wrapped: typeof fetch = async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const upload = carriesFiles(url, init);
    if (!state.online || (upload && !state.uploads)) throw new TypeError('fetch failed');
    return fetch(input, init);
  };
  return { state, fetch: wrapped };
};

let server: EmbeddedServer;
const opened: AppHarness[] = [];
beforeAll(async () => {
  server = await startTestServer();
  await createAccount(server, 'mentor01', ['mentor']);
  await createAccount(server, 'mentor02', ['mentor']);
});
afterAll(async () => {
  for (const machine of opened) await machine.close().catch(() => undefined);
  await server.close();
});

describe('the quota, on the machine', () => {
  it('refuses before queuing the upload that would pass it, offline too; the same file twice counts once', async () => {
    const a = line();
    // 40 MB, so a document can say it takes most of it (a file reference says at most 50 MB).
    const machine = await startAppHarness({ server, fetch: a.fetch, filesQuotaBytes: QUOTA });
    opened.push(machine);
    await machine.signIn('mentor01');
    a.state.online = false;
    // Their details refer to files taking all but 150 KB of their room.
    await machine.call(
      'userDetails.submit',
      details({
        name: 'portfolio.pdf',
        mimeType: 'application/pdf',
        size: QUOTA - 150 * KB,
        ref: `sha256-${'ab'.repeat(32)}`,
      }),
    );
    const big = await uploadPdf(machine, 'big.pdf', pdfOf('big', 200 * KB));
    expect(big).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(big.ok ? '' : big.error.message).toMatch(/at most 40 MB/);
    expect(outbox(machine)).toEqual([]);

    const small = pdfOf('small', 100 * KB);
    expect(await uploadPdf(machine, 'small.pdf', small)).toMatchObject({ ok: true });
    // The same bytes again (another form, the same file): no more room taken.
    expect(await uploadPdf(machine, 'small-again.pdf', small)).toMatchObject({ ok: true });
    expect(await uploadPdf(machine, 'other.pdf', pdfOf('other', 100 * KB))).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
    expect(outbox(machine)).toHaveLength(1);
    await machine.close();
  });
});

describe('the quota, on the server', () => {
  it('keeps an upload the server refused for the quota in the outbox, with its reason', async () => {
    const small = await startEmbeddedServer({
      port: 0,
      memory: true,
      admin: ADMIN,
      log: () => undefined,
      files: { quotaBytes: 100 * KB, collectEveryMs: 0 },
    });
    try {
      await createAccount(small, 'mentor03', ['mentor']);
      const machine = await startAppHarness({ server: small });
      opened.push(machine);
      await machine.signIn('mentor03');
      const upload = await uploadPdf(machine, 'thesis.pdf', pdfOf('thesis', 150 * KB));
      expect(upload).toMatchObject({ ok: true });
      const [row] = await machine.until(
        'files.outbox',
        {},
        (rows) => rows.some((each) => each.state === 'refused'),
        20_000,
      );
      expect(row).toMatchObject({ name: 'thesis.pdf', state: 'refused', progress: null });
      expect(row?.reason).toMatch(/each person may keep at most 0\.1 MB/);
      // Kept on the machine: the document that refers to it still opens here.
      if (upload.ok) {
        expect((await machine.call('files.read', { ref: upload.value.ref })).size).toBe(150 * KB);
        // It waits for the person: given up, it leaves the outbox and stays on this machine.
        await machine.call('files.dropUpload', { ref: upload.value.ref });
        expect(await machine.first('files.outbox', {})).toEqual([]);
        expect(outbox(machine)).toEqual([]);
        expect((await machine.call('files.read', { ref: upload.value.ref })).size).toBe(150 * KB);
        expect(await machine.attempt('files.dropUpload', { ref: upload.value.ref })).toMatchObject({
          ok: false,
          error: { code: 'not_found' },
        });
      }
      await machine.close();
    } finally {
      await small.close();
    }
  });

  it('sends a refused upload again once room is freed', async () => {
    const small = await startEmbeddedServer({
      port: 0,
      memory: true,
      admin: ADMIN,
      log: () => undefined,
      files: { quotaBytes: 100 * KB, collectEveryMs: 0, graceMs: 0 },
    });
    try {
      await createAccount(small, 'mentor04', ['mentor']);
      const machine = await startAppHarness({ server: small });
      opened.push(machine);
      await machine.signIn('mentor04');
      const old = await machine.call('files.upload', pdfUpload('old.pdf', pdfOf('old', 60 * KB)));
      await machine.until('files.outbox', {}, (rows) => rows.length === 0, 20_000);
      const thesis = await machine.call(
        'files.upload',
        pdfUpload('thesis.pdf', pdfOf('thesis', 60 * KB)),
      );
      await machine.until('files.outbox', {}, (rows) => rows[0]?.state === 'refused', 20_000);
      // Not sent by itself: a refusal waits for the person.
      expect(await machine.attempt('files.sendAgain', { ref: old.ref })).toMatchObject({
        ok: false,
        error: { code: 'not_found' },
      });

      // The old file, referred to by nothing, is collected (no grace: at once), freeing room.
      const collected = await small.collectFiles();
      expect(collected.map((file) => file.hex)).toContain(hexOfRef(old.ref));
      await machine.call('files.sendAgain', { ref: thesis.ref });
      await machine.until('files.outbox', {}, (rows) => rows.length === 0, 20_000);
      const onServer = await fetch(
        `${small.url}/${databaseOf(personScope('mentor04'))}/files:${hexOfRef(thesis.ref) ?? ''}/file`,
        { headers: { authorization: basicAuth(ADMIN) } },
      );
      expect(onServer.status).toBe(200);
      expect(Buffer.from(await onServer.arrayBuffer()).equals(pdfOf('thesis', 60 * KB))).toBe(true);
      await machine.close();
    } finally {
      await small.close();
    }
  });
});

describe('the local cache', () => {
  it('lets go of an old file nothing refers to at start, and keeps the one referred to and the one waiting to upload', async () => {
    const a = line();
    const first = await startAppHarness({ server, fetch: a.fetch });
    opened.push(first);
    await first.signIn('mentor02');
    const kept = await uploadPdf(first, 'CV.pdf', pdfOf('kept', 50 * KB));
    const dropped = await uploadPdf(first, 'old CV.pdf', pdfOf('dropped', 50 * KB));
    if (!kept.ok || !dropped.ok) throw new Error('uploads refused');
    await first.call('userDetails.submit', details(kept.value));
    await waitFor('the uploads sent', () => Promise.resolve(outbox(first).length === 0), 20_000);
    // One more, made offline: it waits to upload.
    a.state.online = false;
    const waiting = await uploadPdf(first, 'draft.pdf', pdfOf('waiting', 50 * KB));
    if (!waiting.ok) throw new Error('upload refused');
    await first.close();

    // Two days later, as far as the files' times say.
    const hexes = [kept, dropped, waiting].map((each) => hexOfRef(each.value.ref) ?? '');
    const twoDaysAgo = (Date.now() - 2 * 24 * 60 * 60_000) / 1000;
    for (const hex of hexes) utimesSync(join(first.dataDir, 'files', hex), twoDaysAgo, twoDaysAgo);

    // Its uploads still cannot get through: the last one waits on.
    const b = line();
    b.state.uploads = false;
    const again = await startAppHarness({ server, fetch: b.fetch, dataDir: first.dataDir });
    opened.push(again);
    await again.signIn('mentor02');
    const [keptHex, droppedHex, waitingHex] = hexes as [string, string, string];
    await waitFor('the unreferenced file collected', () =>
      Promise.resolve(!cached(again, droppedHex)),
    );
    expect(cached(again, keptHex)).toBe(true);
    expect(existsSync(join(again.dataDir, 'files', `${droppedHex}.json`))).toBe(false);
    // The waiting one is protected until it is on the server.
    expect(cached(again, waitingHex)).toBe(true);
    expect(outbox(again)).toHaveLength(1);
    const read = await again.call('files.read', { ref: kept.value.ref });
    expect(read.size).toBe(50 * KB);
    await again.close();
  });
});
