// Files for `npm run bench:sync` (docs/FILES.md): a 5 MB CV from upload on machine A until machine
// B can read it, and 100 small pictures (fetched ahead on B, as the app does), each beside a plain
// HTTP PUT and GET of the same bytes to the same server in the same run (the anchor).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EmbeddedServer } from '../../server/embedded/startEmbeddedServer';
import { basicAuth } from '../../server/provision/couchClient';
import { createFileStore } from '../../electron/core/files/file-store';
import { fetchFile, fetchFiles, sha256Hex } from '../../electron/core/files/file-transfer';
import { createUploadQueue } from '../../electron/core/files/upload-queue';
import { silentLogger } from '../../electron/core/platform/logger';
import { createServerAccess } from '../../electron/core/sync/server-access';
import type { CouchAuth } from '../../electron/core/sync/couch-fetch';
import {
  databaseOf,
  decisionsScope,
  orgScope,
  personScope,
  uploadScopeOf,
} from '../../shared/sync/layout';
import { ADMIN, createAccount, databaseExists, passwordOf, waitFor } from '../server/harness';

const PICTURES = Number(process.env['BENCH_FILES_PICTURES'] ?? 100);
const round = (ms: number) => Math.round(ms * 10) / 10;

const basic = (username: string, password: string): CouchAuth => ({
  headers: () => ({ authorization: basicAuth({ username, password }) }),
  onSetCookie: () => undefined,
  reauthenticate: () => Promise.resolve(false),
});

/** A PDF of `size` bytes, different for every seed. */
const pdfOf = (seed: number, size: number) => {
  const head = Buffer.from(`%PDF-1.7\n% ${seed}\n`);
  const body = Buffer.alloc(size - head.byteLength);
  for (let index = 0; index < body.byteLength; index += 1) body[index] = (index * 7 + seed) % 256;
  return Buffer.concat([head, body]);
};
const pngOf = (seed: number, size: number) => {
  const bytes = pdfOf(seed, size);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(bytes);
  return bytes;
};

export interface FileFigures {
  readonly cvBytes: number;
  readonly cvMs: number;
  readonly cvPlainMs: number;
  readonly cvRatioToPlain: number;
  readonly pictures: number;
  readonly picturesMs: number;
  readonly picturesPlainMs: number;
  readonly picturesRatioToPlain: number;
}

/** Runs on a server already started (the benchmark's own), with accounts of its own. */
export const benchFiles = async (server: EmbeddedServer): Promise<FileFigures> => {
  await createAccount(server, 'bench-mentor', ['mentor']);
  await createAccount(server, 'bench-manager', ['manager']);
  await waitFor('the mentor’s database', () =>
    databaseExists(server, databaseOf(personScope('bench-mentor'))),
  );
  const uploader = createServerAccess({
    serverUrl: server.url,
    fetch,
    auth: basic('bench-mentor', passwordOf('bench-mentor')),
  });
  const reader = createServerAccess({
    serverUrl: server.url,
    fetch,
    auth: basic('bench-manager', passwordOf('bench-manager')),
  });
  const admin = createServerAccess({
    serverUrl: server.url,
    fetch,
    auth: basic(ADMIN.username, ADMIN.password),
  });
  const adminHeaders = { authorization: basicAuth(ADMIN) };
  await admin.request('PUT', '/bench-plain');

  /** The anchor: the same bytes as one attachment, PUT then GET, by the server admin. */
  const plain = async (id: string, bytes: Buffer, type: string) => {
    const put = await fetch(`${server.url}/bench-plain/${id}/file`, {
      method: 'PUT',
      headers: { ...adminHeaders, 'content-type': type },
      body: new Uint8Array(bytes),
    });
    if (put.status !== 201) throw new Error(`plain PUT: ${put.status}`);
    const got = await fetch(`${server.url}/bench-plain/${id}/file`, { headers: adminHeaders });
    if (Buffer.from(await got.arrayBuffer()).byteLength !== bytes.byteLength) {
      throw new Error('plain GET: wrong length');
    }
  };

  const folder = mkdtempSync(join(tmpdir(), 'mmm-bench-files-'));
  const store = createFileStore(join(folder, 'a'));
  const cache = createFileStore(join(folder, 'b'));
  const queue = createUploadQueue({
    directory: join(folder, 'a', 'outbox'),
    store,
    logger: silentLogger,
  });
  const who = { serverUrl: server.url, name: 'bench-mentor' };

  /** Machine A keeps and queues the files, sends them; B reads each from where it may. */
  const travel = async (
    files: readonly { bytes: Buffer; type: string }[],
    purpose: 'document' | 'picture',
    readFrom: string,
  ) => {
    for (const [index, file] of files.entries()) {
      const stored = await store.put(file.bytes, `file-${index}`, file.type);
      await queue.add({
        ref: stored.ref,
        database: databaseOf(uploadScopeOf(purpose, 'bench-mentor')),
        serverUrl: server.url,
        createdBy: 'bench-mentor',
        name: stored.name,
        mimeType: file.type,
        size: stored.size,
        queuedAt: new Date().toISOString(),
      });
    }
    if (!(await queue.drain(uploader, who))) throw new Error('The queue did not empty.');
    if (purpose === 'picture') {
      // B fetches them ahead, as the app does the pictures of the programmes one sees
      // (prefetch.ts): the small ones 25 to a request, each checked against its hash.
      let left = files.map((file) => sha256Hex(file.bytes));
      while (left.length > 0) {
        const missing: string[] = [];
        for (let start = 0; start < left.length; start += 25) {
          const part = left.slice(start, start + 25);
          for (const [hex, outcome] of await fetchFiles(reader, readFrom, part)) {
            if (outcome.kind === 'fetched')
              await cache.put(outcome.bytes, 'file', outcome.mimeType);
            else missing.push(hex);
          }
        }
        left = missing;
        // Not there yet: the server's replication is still bringing them.
        if (left.length > 0) await new Promise((resolve) => setTimeout(resolve, 5));
      }
      return;
    }
    // B asks for it as a screen does, when opened.
    let next = 0;
    const fetcher = async () => {
      while (next < files.length) {
        const file = files[next];
        next += 1;
        if (!file) continue;
        const hex = sha256Hex(file.bytes);
        for (;;) {
          const outcome = await fetchFile(reader, readFrom, hex);
          if (outcome.kind === 'fetched') {
            await cache.put(outcome.bytes, 'file', outcome.mimeType);
            break;
          }
          // Not there yet: the server's replication is still bringing it.
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
      }
    };
    await Promise.all([fetcher(), fetcher(), fetcher(), fetcher()]);
  };

  const cv = pdfOf(1, 5 * 1024 * 1024 - 64);
  let started = performance.now();
  await plain('cv', cv, 'application/pdf');
  const cvPlainMs = performance.now() - started;
  started = performance.now();
  await travel([{ bytes: cv, type: 'application/pdf' }], 'document', databaseOf(decisionsScope));
  const cvMs = performance.now() - started;
  console.log(
    `a 5 MB CV, upload on A → readable on B (through mmm-decisions): ${round(cvMs)} ms; plain PUT + GET ${round(cvPlainMs)} ms`,
  );

  const pictures = Array.from({ length: PICTURES }, (_, index) => pngOf(index + 10, 20_000));
  started = performance.now();
  for (const [index, bytes] of pictures.entries())
    await plain(`picture-${index}`, bytes, 'image/png');
  const picturesPlainMs = performance.now() - started;
  started = performance.now();
  await travel(
    pictures.map((bytes) => ({ bytes, type: 'image/png' })),
    'picture',
    databaseOf(orgScope),
  );
  const picturesMs = performance.now() - started;
  console.log(
    `${PICTURES} pictures of 20 KB, A → B: ${round(picturesMs)} ms; plain PUT + GET ${round(picturesPlainMs)} ms`,
  );
  rmSync(folder, { recursive: true, force: true });
  return {
    cvBytes: cv.byteLength,
    cvMs: round(cvMs),
    cvPlainMs: round(cvPlainMs),
    cvRatioToPlain: round(cvMs / cvPlainMs),
    pictures: PICTURES,
    picturesMs: round(picturesMs),
    picturesPlainMs: round(picturesPlainMs),
    picturesRatioToPlain: round(picturesMs / picturesPlainMs),
  };
};

// `npx tsx tests/bench/files.ts`: these figures alone, on a server of their own.
if (require.main === module) {
  void (async () => {
    const { startEmbeddedServer } = await import('../../server/embedded/startEmbeddedServer');
    const server = await startEmbeddedServer({
      port: 0,
      memory: true,
      admin: ADMIN,
      log: () => undefined,
    });
    try {
      console.log(JSON.stringify(await benchFiles(server)));
    } finally {
      await server.close();
    }
  })().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
