import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFileQuota } from '../../server/embedded/file-quota';
import {
  startEmbeddedServer,
  type EmbeddedServer,
} from '../../server/embedded/startEmbeddedServer';
import { basicAuth, createCouchClient } from '../../server/provision/couchClient';
import { FILE_ATTACHMENT } from '../../shared/domain/files';
import { databaseOf, decisionsScope, orgScope, personScope } from '../../shared/sync/layout';
import { application, programme } from './docs';
import { ADMIN, createAccount, databaseExists, http, passwordOf, put, waitFor } from './harness';

/**
 * Files are bounded (docs/FILES.md "Quota", "Collection"), over real HTTP against the embedded
 * server, as an uploader (or an attacker) would send them: each person's uploads have a ceiling
 * that parallel requests cannot pass together, and files nothing refers to are collected after a
 * grace period — never one a document still refers to.
 */
const KB = 1024;
const QUOTA = 700 * KB;
const HOUR = 60 * 60_000;
const clock = { now: Date.parse('2026-01-01T00:00:00.000Z') };
let server: EmbeddedServer;

const ORG = databaseOf(orgScope);
const DECISIONS = databaseOf(decisionsScope);
const personDb = (name: string) => databaseOf(personScope(name));

/** A PDF of `size` bytes, different for every seed. */
const pdf = (seed: string, size: number) => {
  const head = Buffer.from(`%PDF-1.7\n% ${seed}\n`);
  return Buffer.concat([head, Buffer.alloc(size - head.byteLength, seed.length % 251)]);
};
const hexOf = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const fileDoc = (bytes: Buffer, createdBy: string) => ({
  _id: `files:${hexOf(bytes)}`,
  createdBy,
  _attachments: {
    [FILE_ATTACHMENT]: { content_type: 'application/pdf', data: bytes.toString('base64') },
  },
});
const upload = (who: string, database: string, bytes: Buffer) =>
  put(server, who, database, fileDoc(bytes, who));
const statusOf = async (who: string, database: string, bytes: Buffer) =>
  (
    await fetch(`${server.url}/${database}/files:${hexOf(bytes)}/${FILE_ATTACHMENT}`, {
      headers: {
        authorization:
          who === 'server-admin'
            ? basicAuth(ADMIN)
            : basicAuth({ username: who, password: passwordOf(who) }),
      },
    })
  ).status;

beforeAll(async () => {
  server = await startEmbeddedServer({
    port: 0,
    memory: true,
    admin: ADMIN,
    log: () => undefined,
    files: {
      quotaBytes: QUOTA,
      graceMs: HOUR,
      collectEveryMs: 0,
      now: () => new Date(clock.now).toISOString(),
    },
  });
  for (const name of ['mentor1', 'mentor2', 'mentor3', 'mentor4']) {
    await createAccount(server, name, ['mentor']);
  }
  await createAccount(server, 'manager1', ['manager']);
  await waitFor('person databases', async () => {
    for (const name of ['mentor1', 'mentor2', 'mentor3', 'mentor4']) {
      if (!(await databaseExists(server, personDb(name)))) return false;
    }
    return true;
  });
});
afterAll(async () => {
  await server.close();
});

describe('each person’s quota', () => {
  it('refuses the upload that would pass it, with the reason; the same file twice counts once', async () => {
    const first = pdf('first', 300 * KB);
    expect((await upload('mentor1', personDb('mentor1'), first)).status).toBe(201);
    // The same bytes in another database it may write into: no more room taken.
    expect((await upload('mentor1', ORG, first)).status).toBe(201);
    expect((await upload('mentor1', personDb('mentor1'), pdf('second', 300 * KB))).status).toBe(
      201,
    );
    // 600 KB used: 101 KB more is just over 700 KB.
    const over = await upload('mentor1', personDb('mentor1'), pdf('third', 101 * KB));
    expect(over.status).toBe(403);
    expect(String(over.body['reason'])).toMatch(/at most 0\.7 MB/);
    expect((await upload('mentor1', personDb('mentor1'), pdf('fits', 99 * KB))).status).toBe(201);
    // Another person's room is their own.
    expect((await upload('mentor2', personDb('mentor2'), pdf('other', 400 * KB))).status).toBe(201);
  });

  it('lets only one of two uploads sent at once past it', async () => {
    const [a, b] = await Promise.all([
      upload('mentor3', personDb('mentor3'), pdf('race a', 400 * KB)),
      upload('mentor3', personDb('mentor3'), pdf('race b', 400 * KB)),
    ]);
    expect([a.status, b.status].sort()).toEqual([201, 403]);
    // The refused one's room was never counted: a smaller file still fits.
    expect((await upload('mentor3', personDb('mentor3'), pdf('small', 250 * KB))).status).toBe(201);
  });

  it('is read again from the databases by a server that starts (the tally is not lost)', async () => {
    const fresh = createFileQuota({
      limitBytes: QUOTA,
      admin: () => createCouchClient({ url: server.url, admin: ADMIN, fetch }),
      log: () => undefined,
    });
    expect(await fresh.usedBy('mentor1')).toBe(699 * KB);
    expect(await fresh.usedBy('mentor3')).toBe(650 * KB);
    expect(await fresh.usedBy('nobody')).toBe(0);
  });
});

describe('collection of files nothing refers to', () => {
  const cv = pdf('kept CV', 200 * KB);
  const dropped = pdf('dropped', 200 * KB);
  const late = pdf('referred to late', 200 * KB);
  const mine = personDb('mentor4');
  /** An application whose answers (a JSON string, as the app keeps them) refer to some files. */
  const answering = (id: string, files: readonly Buffer[]) => ({
    ...application(`applications:${id}`, 'mentor4'),
    answers: JSON.stringify({
      cv: files.map((bytes) => ({
        name: 'a.pdf',
        size: bytes.byteLength,
        ref: `sha256-${hexOf(bytes)}`,
      })),
    }),
  });

  it('keeps what a document refers to and what is in its grace period; removes the rest, and the deciders’ copy with it', async () => {
    for (const bytes of [cv, dropped, late]) {
      expect((await upload('mentor4', mine, bytes)).status).toBe(201);
    }
    // 600 KB: a fourth file does not fit.
    expect((await upload('mentor4', mine, pdf('fourth', 200 * KB))).status).toBe(403);
    expect((await put(server, 'server-admin', mine, answering('a1', [cv]))).status).toBe(201);
    await waitFor(
      'the files in the deciders’ database',
      async () =>
        (await statusOf('manager1', DECISIONS, dropped)) === 200 &&
        (await statusOf('manager1', DECISIONS, cv)) === 200,
    );
    // A programme's picture, as the organisation's documents refer to them.
    const picture = pdf('org file', 10 * KB);
    expect((await upload('manager1', ORG, picture)).status).toBe(201);
    expect(
      (
        await put(server, 'server-admin', ORG, {
          ...programme('programmes:p1', 'manager1'),
          picture: {
            name: 'p.pdf',
            mimeType: 'application/pdf',
            size: 1,
            ref: `sha256-${hexOf(picture)}`,
          },
        })
      ).status,
    ).toBe(201);

    // First look: nothing goes, whatever nothing refers to (the grace starts).
    expect(await server.collectFiles()).toEqual([]);
    clock.now += HOUR / 2;
    // The document referring to `late` arrives (pushed from a machine that was offline).
    expect((await put(server, 'server-admin', mine, answering('a2', [late]))).status).toBe(201);
    clock.now += HOUR;
    const removed = await server.collectFiles();
    const gone = removed.map((file) => `${file.database} ${file.hex}`);
    expect(gone).toContain(`${mine} ${hexOf(dropped)}`);
    // mentor1's copy of `first` in the organisation's database: no document there refers to it
    // (and the earlier tests' files nothing refers to go too).
    expect(gone).toContain(`${ORG} ${hexOf(pdf('first', 300 * KB))}`);
    for (const bytes of [cv, late, picture]) {
      expect(gone.filter((each) => each.endsWith(hexOf(bytes)))).toEqual([]);
    }
    expect(await statusOf('mentor4', mine, dropped)).toBe(404);
    for (const bytes of [cv, late]) expect(await statusOf('mentor4', mine, bytes)).toBe(200);
    expect(await statusOf('mentor1', ORG, picture)).toBe(200);
    // The deciders' copy goes with its source, by the server's replication; the others stay.
    await waitFor(
      'the deciders’ copy removed',
      async () => (await statusOf('manager1', DECISIONS, dropped)) === 404,
    );
    expect(await statusOf('manager1', DECISIONS, cv)).toBe(200);
    // Its room is given back, and the same bytes may be sent again.
    expect((await upload('mentor4', mine, pdf('fourth', 200 * KB))).status).toBe(201);
    expect((await http(server, 'mentor4', 'GET', `/${mine}/files:${hexOf(dropped)}`)).status).toBe(
      404,
    );
  });

  it('never removes a file once a document refers to it again', async () => {
    const again = pdf('dropped then used', 50 * KB);
    expect((await upload('mentor2', personDb('mentor2'), again)).status).toBe(201);
    await server.collectFiles();
    clock.now += HOUR / 2;
    expect(
      (
        await put(server, 'server-admin', personDb('mentor2'), {
          ...application('applications:b1', 'mentor2'),
          answers: JSON.stringify({ file: { ref: `sha256-${hexOf(again)}`, size: 1 } }),
        })
      ).status,
    ).toBe(201);
    clock.now += 5 * HOUR;
    const removed = await server.collectFiles();
    expect(removed.map((file) => file.hex)).not.toContain(hexOf(again));
    expect(await statusOf('mentor2', personDb('mentor2'), again)).toBe(200);
  });
});
