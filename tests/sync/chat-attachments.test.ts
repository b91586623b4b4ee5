// Chat attachments (docs/FILES.md), each installation in its own process against the embedded
// server: Ana sends Ben a PDF and a picture with the network cut; once she is back, Ben's machine
// has them before he opens them (fetched ahead) and opens them byte for byte with his network cut
// too; Cleo, in no chat with them, is refused by her app and by the server. A message pointing at
// a file of another database opens for nobody.
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostResult, InputOf, LiveQueryName, ResultOf } from '../../shared/contract';
import { hexOfRef } from '../../shared/domain/files';
import { chatScope, couchIdOf, databaseOf } from '../../shared/sync/layout';
import type { EmbeddedServer } from '../../server/embedded/startEmbeddedServer';
import { basicAuth } from '../../server/provision/couchClient';
import {
  ADMIN,
  T0,
  createAccount,
  passwordOf,
  placeOf,
  put,
  raw,
  startTestServer,
  waitFor,
} from '../server/harness';
import { startRemoteHost } from './remote-host';
import type { RemoteHost } from './remote-host';

const valueOf = <T>(result: HostResult<T>): T => {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
};

const until = async <N extends LiveQueryName>(
  host: RemoteHost,
  name: N,
  input: InputOf<N>,
  check: (value: ResultOf<N>) => boolean,
  timeoutMs = 30_000,
): Promise<ResultOf<N>> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await host.first(name, input);
    if (check(value)) return value;
    if (Date.now() > deadline) throw new Error(`${name} never matched: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
};

const PDF = Buffer.concat([
  Buffer.from('%PDF-1.7\n% The plan for the next sprint\n'),
  Buffer.alloc(120_000, 7),
  Buffer.from('\n%%EOF\n'),
]);
const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.alloc(30_000, 3),
]);
const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const kept = (dataDir: string) =>
  existsSync(join(dataDir, 'files')) ? readdirSync(join(dataDir, 'files')) : [];

describe('chat attachments', () => {
  let server: EmbeddedServer;
  const dirs = {
    ana: mkdtempSync(join(tmpdir(), 'mmm-ana-')),
    ben: mkdtempSync(join(tmpdir(), 'mmm-ben-')),
    cleo: mkdtempSync(join(tmpdir(), 'mmm-cleo-')),
  };
  let ana: RemoteHost;
  let ben: RemoteHost;
  let cleo: RemoteHost;

  beforeAll(async () => {
    server = await startTestServer();
    for (const [id, role] of [
      ['ana', 'mentor'],
      ['ben', 'manager'],
      ['cleo', 'mentor'],
    ] as const) {
      await createAccount(server, id, [role]);
      const { database, couchId } = placeOf('users', { _id: id });
      await put(server, 'server-admin', database, {
        _id: couchId,
        username: id,
        email: `${id}@example.org`,
        role,
        fullName: id.toUpperCase(),
        profileComplete: true,
        dateCreated: T0,
        createdAt: T0,
        updatedAt: T0,
      });
    }
    const start = (username: keyof typeof dirs) =>
      startRemoteHost({
        dataDir: dirs[username],
        serverUrl: server.url,
        username,
        password: passwordOf(username),
      });
    [ana, ben, cleo] = await Promise.all([start('ana'), start('ben'), start('cleo')]);
    await Promise.all([ana, ben, cleo].map((host) => host.synced(60_000)));
  }, 120_000);
  afterAll(async () => {
    await Promise.all([ana, ben, cleo].map((host) => host.close()));
    await server.close();
  });

  it('sent offline, reach the other member byte for byte and nobody else', async () => {
    const { chatId } = valueOf(await ana.call('chats.startDirect', { personId: 'ben' }));
    await ana.synced();
    await until(ben, 'chats.list', {}, (list) => list.rows.some((row) => row.id === chatId));
    const chatDb = databaseOf(chatScope(chatId));

    await ana.network(false);
    const upload = async (name: string, mimeType: string, bytes: Buffer) =>
      valueOf(
        await ana.call('files.upload', {
          purpose: 'attachment',
          chatId,
          name,
          mimeType,
          dataBase64: bytes.toString('base64'),
        }),
      );
    // A hostile name arrives cleaned: no direction override, no path.
    const pdf = await upload('../plan\u202Efdp.exe.pdf', 'application/pdf', PDF);
    expect(pdf.name).toBe('_planfdp.exe.pdf');
    const png = await upload('whiteboard.png', 'image/png', PNG);
    // Not for a chat Ana is not in, nor without a chat.
    const elsewhere = await ana.call('files.upload', {
      purpose: 'attachment',
      chatId: 'someone-elses-chat',
      name: 'x.pdf',
      mimeType: 'application/pdf',
      dataBase64: PDF.toString('base64'),
    });
    expect(elsewhere.ok).toBe(false);
    // Attached is not sent: nothing leaves the machine until the message does.
    expect(await ana.first('files.outbox', {})).toEqual([]);
    const sent = valueOf(
      await ana.call('chats.send', { chatId, body: 'The plan', attachments: [pdf, png] }),
    );
    expect(sent.attachments?.map((file) => file.ref)).toEqual([pdf.ref, png.ref]);
    const outbox = await ana.first('files.outbox', {});
    expect(outbox.map((row) => row.name).sort()).toEqual([pdf.name, 'whiteboard.png'].sort());

    await ana.network(true);
    await ana.synced();
    const hex = hexOfRef(pdf.ref) ?? '';
    await waitFor(
      'the PDF in the chat’s database',
      async () =>
        (
          await fetch(`${server.url}/${chatDb}/files:${hex}/file`, {
            headers: { authorization: basicAuth(ADMIN) },
          })
        ).status === 200,
      30_000,
    );
    await until(ana, 'files.outbox', {}, (rows) => rows.length === 0);

    // Ben's machine has them before he opens anything; he opens them with his network cut.
    await until(ben, 'chats.conversation', { chatId }, (page) =>
      Boolean(page?.messages.some((message) => message.id === sent.id)),
    );
    await waitFor(
      'the attachments fetched ahead',
      () =>
        Promise.resolve(
          kept(dirs.ben).includes(hex) && kept(dirs.ben).includes(hexOfRef(png.ref) ?? ''),
        ),
      30_000,
    );
    await ben.network(false);
    for (const [file, bytes] of [
      [pdf, PDF],
      [png, PNG],
    ] as const) {
      const read = valueOf(await ben.call('files.read', { ref: file.ref, messageId: sent.id }));
      expect(sha(Buffer.from(read.dataBase64, 'base64'))).toBe(sha(bytes));
      expect(read.name).toBe(file.name);
    }
    await ben.network(true);

    // Cleo: her app has no such message and no such file; the server refuses her the chat's.
    const asMessage = await cleo.call('files.read', { ref: pdf.ref, messageId: sent.id });
    expect(asMessage.ok ? null : asMessage.error.code).toBe('not_found');
    const asFile = await cleo.call('files.read', { ref: pdf.ref });
    expect(asFile.ok ? null : asFile.error.code).toBe('not_found');
    for (const path of [
      `/${chatDb}/files:${hex}/file`,
      `/${chatDb}/files%3A${hex}/file`,
      `/${chatDb}//files:${hex}/file`,
      `/${chatDb}/files:${hex}?attachments=true`,
    ]) {
      expect((await raw(server, 'cleo', 'GET', path)).status, path).toBe(403);
    }
    // Her machine never had the bytes.
    expect(kept(dirs.cleo)).not.toContain(hex);

    // Deleting the message takes its files with its text, on both machines.
    valueOf(await ana.call('chats.deleteMessage', { messageId: sent.id }));
    await ana.synced();
    const page = await until(ben, 'chats.conversation', { chatId }, (c) =>
      Boolean(c?.messages.some((m) => m.id === sent.id && m.deletedAt !== undefined)),
    );
    expect(page?.messages.find((m) => m.id === sent.id)?.attachments).toBeUndefined();
  }, 180_000);

  it('pointing at a file of another database opens for nobody, even a reader of that database', async () => {
    // Cleo uploads a CV: it goes to her database and, by the server, to the deciders' (Ben reads it).
    const cv = Buffer.from('%PDF-1.7\n% Cleo curriculum vitae\n%%EOF\n');
    const stored = valueOf(
      await cleo.call('files.upload', {
        purpose: 'document',
        name: 'cv.pdf',
        mimeType: 'application/pdf',
        dataBase64: cv.toString('base64'),
      }),
    );
    const { chatId } = valueOf(await ana.call('chats.startDirect', { personId: 'ben' }));
    // Ana learns the hash and writes, over HTTP, a message carrying it as an attachment: the server
    // cannot tell (it sees one document), and takes it.
    const chatDb = databaseOf(chatScope(chatId));
    const forged = await put(server, 'ana', chatDb, {
      _id: couchIdOf('messages', 'forged-1'),
      chatId,
      createdBy: 'ana',
      body: 'my CV',
      attachments: [{ ...stored, name: 'ana-cv.pdf' }],
      createdAt: new Date().toISOString(),
      updatedAt: new Date().toISOString(),
    });
    expect(forged.status).toBe(201);
    await until(ben, 'chats.conversation', { chatId }, (page) =>
      Boolean(page?.messages.some((message) => message.id === 'forged-1')),
    );
    // Ben could read Cleo's CV among the deciders', but not as Ana's attachment: it is looked for
    // in the chat's database only.
    const read = await ben.call('files.read', { ref: stored.ref, messageId: 'forged-1' });
    expect(read.ok ? null : read.error.code).toBe('not_found');
    // A member writing hostile names over HTTP is refused.
    const hostile = await put(server, 'ana', chatDb, {
      _id: couchIdOf('messages', 'forged-2'),
      chatId,
      createdBy: 'ana',
      body: '',
      attachments: [{ ...stored, name: 'cv\u202Efdp.exe' }],
      createdAt: T0,
      updatedAt: T0,
    });
    expect(hostile.status).toBe(403);
  }, 120_000);

  it('in a chat started offline, wait for the chat’s database and then go, not refused', async () => {
    await ana.network(false);
    const { chatId } = valueOf(await ana.call('chats.startDirect', { personId: 'cleo' }));
    const note = Buffer.from('First notes for Cleo, written on the train.\n');
    const stored = valueOf(
      await ana.call('files.upload', {
        purpose: 'attachment',
        chatId,
        name: 'notes.txt',
        mimeType: 'text/plain',
        dataBase64: note.toString('base64'),
      }),
    );
    valueOf(await ana.call('chats.send', { chatId, body: '', attachments: [stored] }));
    // Back online: the file may reach the server before the chat does (its database does not
    // exist yet, and the server answers 403); it waits and goes once the database is made.
    await ana.network(true);
    await ana.synced();
    await until(ana, 'files.outbox', {}, (rows) => rows.length === 0, 60_000);
    const hex = hexOfRef(stored.ref) ?? '';
    const answer = await raw(
      server,
      'cleo',
      'GET',
      `/${databaseOf(chatScope(chatId))}/files:${hex}/file`,
    );
    expect(answer.status).toBe(200);
    expect(answer.text).toBe(note.toString());
  }, 120_000);
});
