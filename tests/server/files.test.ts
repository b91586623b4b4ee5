import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedServer } from '../../server/embedded/startEmbeddedServer';
import { validateScopedWrite } from '../../server/provision/validateEntry';
import { FILE_ATTACHMENT } from '../../shared/domain/files';
import { directChatId } from '../../shared/domain/conversations';
import {
  chatScope,
  couchIdOf,
  databaseOf,
  decisionsScope,
  fileSourcesFor,
  inboxScope,
  orgScope,
  personScope,
} from '../../shared/sync/layout';
import { task } from './docs';
import {
  ADMIN,
  T0,
  createAccount,
  databaseExists,
  http,
  isRefused,
  put,
  raw,
  startTestServer,
  waitFor,
  type As,
} from './harness';
import { basicAuth } from '../../server/provision/couchClient';

/**
 * Over HTTP, as each person: a file is a document `files:<sha256>` whose attachment holds the
 * bytes, in the database of the document that refers to it (docs/FILES.md). A mentor's CV reaches
 * the deciders with their details and nobody else; what the server takes is bounded and checked.
 */
let server: EmbeddedServer;

const ORG = databaseOf(orgScope);
const DECISIONS = databaseOf(decisionsScope);
const INBOX = databaseOf(inboxScope);
const personDb = (name: string) => databaseOf(personScope(name));

const pdf = (text: string) => Buffer.from(`%PDF-1.7\n${text}\n%%EOF\n`);
const hexOf = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const fileDoc = (
  bytes: Buffer,
  createdBy: string,
  type = 'application/pdf',
  hex = hexOf(bytes),
) => ({
  _id: `files:${hex}`,
  createdBy,
  _attachments: { [FILE_ATTACHMENT]: { content_type: type, data: bytes.toString('base64') } },
});
const bytesOf = async (who: As, database: string, hex: string) => {
  const headers: Record<string, string> = {};
  if (who === 'server-admin') headers['authorization'] = basicAuth(ADMIN);
  else if (who !== 'anonymous') {
    headers['authorization'] = basicAuth({ username: who, password: `${who}-password` });
  }
  const response = await fetch(`${server.url}/${database}/files:${hex}/${FILE_ATTACHMENT}`, {
    headers,
  });
  return { status: response.status, bytes: Buffer.from(await response.arrayBuffer()) };
};

beforeAll(async () => {
  server = await startTestServer();
  for (const [name, roles] of [
    ['admin1', ['admin']],
    ['manager1', ['manager']],
    ['mentor1', ['mentor']],
    ['mentor2', ['mentor']],
  ] as const) {
    await createAccount(server, name, roles);
  }
  await waitFor('person databases', async () => {
    for (const name of ['mentor1', 'mentor2']) {
      if (!(await databaseExists(server, personDb(name)))) return false;
    }
    return true;
  });
});
afterAll(async () => {
  await server.close();
});

describe('a CV', () => {
  const cv = pdf('Mentor One — curriculum vitae');
  const hex = hexOf(cv);

  it('goes into its owner’s database and reaches the deciders, byte for byte', async () => {
    expect((await put(server, 'mentor1', personDb('mentor1'), fileDoc(cv, 'mentor1'))).status).toBe(
      201,
    );
    expect(await bytesOf('mentor1', personDb('mentor1'), hex)).toMatchObject({ status: 200 });
    await waitFor(
      'the CV in the deciders’ database',
      async () => (await bytesOf('manager1', DECISIONS, hex)).status === 200,
    );
    for (const decider of ['manager1', 'admin1']) {
      const answer = await bytesOf(decider, DECISIONS, hex);
      expect(answer.status).toBe(200);
      expect(answer.bytes.equals(cv)).toBe(true);
    }
  });

  it('is refused to another mentor and to nobody, wherever they look', async () => {
    for (const database of [personDb('mentor1'), DECISIONS, INBOX]) {
      expect((await bytesOf('mentor2', database, hex)).status).toBe(403);
      expect((await bytesOf('anonymous', database, hex)).status).toBe(401);
      expect(isRefused(await http(server, 'mentor2', 'GET', `/${database}/files:${hex}`))).toBe(
        true,
      );
    }
    // Spelled otherwise: the guard decides on the decoded path.
    for (const path of [
      `/${DECISIONS}/files%3A${hex}/${FILE_ATTACHMENT}`,
      `/${DECISIONS}//files:${hex}/${FILE_ATTACHMENT}`,
      `/${DECISIONS}/files:${hex}/${FILE_ATTACHMENT}?attachments=true`,
      `/${DECISIONS}/files:${hex}?attachments=true`,
    ]) {
      expect(isRefused(await raw(server, 'mentor2', 'GET', path))).toBe(true);
    }
  });

  it('never changes and is not deleted by its uploader', async () => {
    const current = await http(server, 'mentor1', 'GET', `/${personDb('mentor1')}/files:${hex}`);
    const rev = current.body['_rev'];
    const again = await put(server, 'mentor1', personDb('mentor1'), {
      ...fileDoc(cv, 'mentor1'),
      _rev: rev,
    });
    expect(again.status).toBe(403);
    const deleted = await put(server, 'mentor1', personDb('mentor1'), {
      _id: `files:${hex}`,
      _rev: rev,
      _deleted: true,
    });
    expect(deleted.status).toBe(403);
  });
});

describe('what the server takes', () => {
  const mine = personDb('mentor2');
  const refusal = async (doc: Record<string, unknown> & { _id: string }, database = mine) => {
    const answer = await put(server, 'mentor2', database, doc);
    expect(answer.status).toBe(403);
    return String(answer.body['reason']);
  };

  it('refuses bytes that are not what the id names, or not what the type says', async () => {
    const other = pdf('something else');
    expect(await refusal(fileDoc(other, 'mentor2', 'application/pdf', hexOf(pdf('x'))))).toMatch(
      /SHA-256/,
    );
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
    expect(await refusal(fileDoc(png, 'mentor2', 'application/pdf'))).toMatch(/content/);
    expect(
      await refusal(fileDoc(Buffer.from('MZ\x90\x00'), 'mentor2', 'application/x-msdownload')),
    ).toMatch(/not taken|at most/);
  });

  it('refuses a file over its type’s limit, a second attachment, another uploader, stray fields', async () => {
    const big = Buffer.concat([pdf(''), Buffer.alloc(5 * 1024 * 1024)]);
    expect(await refusal(fileDoc(big, 'mentor2'))).toMatch(/at most/);
    const cv = pdf('mentor two');
    expect(await refusal(fileDoc(cv, 'mentor1'))).toMatch(/createdBy/);
    expect(await refusal({ ...fileDoc(cv, 'mentor2'), name: 'cv.pdf' })).toMatch(/no field name/);
    const two = fileDoc(cv, 'mentor2');
    expect(
      await refusal({
        ...two,
        _attachments: { ...two._attachments, extra: two._attachments[FILE_ATTACHMENT] },
      }),
    ).toMatch(/one attachment/);
  });

  it('takes files only where a member writes them: not straight into the deciders’ or the inbox', async () => {
    const cv = pdf('manager upload');
    expect((await put(server, 'manager1', DECISIONS, fileDoc(cv, 'manager1'))).status).toBe(403);
    expect(isRefused(await put(server, 'manager1', INBOX, fileDoc(cv, 'manager1')))).toBe(true);
    // A programme's picture goes where the programme is.
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
    expect((await put(server, 'manager1', ORG, fileDoc(png, 'manager1', 'image/png'))).status).toBe(
      201,
    );
  });

  it('refuses attachments on the app’s documents and attachment routes other than a file’s bytes', async () => {
    const withBytes = {
      ...task('t-attached', 'manager1', []),
      _id: couchIdOf('tasks', 't-attached'),
      _attachments: { x: { content_type: 'text/plain', data: 'aGVsbG8=' } },
    };
    expect(await refusal(withBytes, mine)).toMatch(/attachments|belong/);
    const upload = await raw(
      server,
      'mentor2',
      'PUT',
      `/${mine}/files:${hexOf(pdf('raw'))}/${FILE_ATTACHMENT}`,
      pdf('raw').toString(),
      { 'content-type': 'application/pdf' },
    );
    expect(isRefused(upload)).toBe(true);
    expect(
      isRefused(await raw(server, 'mentor2', 'GET', `/${mine}/files:${'0'.repeat(64)}/other`)),
    ).toBe(true);
  });
});

describe('validate_doc_update, as Apache CouchDB runs it', () => {
  // CouchDB gives validate_doc_update attachment stubs with their length, never the bytes.
  const stub = (length: number, type = 'application/pdf') => ({
    _id: `files:${'a'.repeat(64)}`,
    createdBy: 'mentor1',
    _attachments: {
      [FILE_ATTACHMENT]: { content_type: type, length, stub: true, digest: 'md5-x', revpos: 1 },
    },
  });
  const user = { name: 'mentor1', roles: ['mentor'] };

  it('enforces the type and size limits without the embedded server’s guard', () => {
    expect(validateScopedWrite(personScope('mentor1'), stub(1000), null, user)).toBeNull();
    expect(
      validateScopedWrite(personScope('mentor1'), stub(5 * 1024 * 1024 + 1), null, user),
    ).toMatch(/at most/);
    expect(validateScopedWrite(personScope('mentor1'), stub(10, 'text/html'), null, user)).toMatch(
      /not taken/,
    );
    expect(validateScopedWrite(decisionsScope, stub(10), null, user)).toMatch(/replication/);
    expect(validateScopedWrite(orgScope, stub(6 * 1024 * 1024, 'image/png'), null, user)).toMatch(
      /at most/,
    );
  });
});

describe('a chat attachment', () => {
  const chatId = directChatId('mentor1', 'manager1');
  const chatDb = databaseOf(chatScope(chatId));
  const plan = pdf('The plan, for mentor1 and manager1 only');
  const hex = hexOf(plan);
  const attached = (overrides: Record<string, unknown> = {}) => ({
    name: 'plan.pdf',
    mimeType: 'application/pdf',
    size: plan.byteLength,
    ref: `sha256-${hex}`,
    ...overrides,
  });
  const message = (id: string, attachments: unknown[], body = '') => ({
    _id: couchIdOf('messages', id),
    chatId,
    createdBy: 'mentor1',
    body,
    attachments,
    createdAt: T0,
    updatedAt: T0,
  });

  beforeAll(async () => {
    const chat = {
      _id: couchIdOf('chats', chatId),
      kind: 'direct',
      memberIds: ['mentor1', 'manager1'],
      programmeId: '',
      createdBy: 'mentor1',
      createdAt: T0,
      updatedAt: T0,
    };
    expect((await put(server, 'mentor1', personDb('mentor1'), chat)).status).toBe(201);
    await waitFor('the chat’s database', () => databaseExists(server, chatDb));
  });

  it('goes into the chat’s database, read by its members and nobody else, however spelled', async () => {
    await waitFor(
      'the member’s write to be taken',
      async () => (await put(server, 'mentor1', chatDb, fileDoc(plan, 'mentor1'))).status !== 403,
    );
    for (const member of ['mentor1', 'manager1']) {
      const answer = await bytesOf(member, chatDb, hex);
      expect(answer.status).toBe(200);
      expect(answer.bytes.equals(plan)).toBe(true);
    }
    expect((await bytesOf('mentor2', chatDb, hex)).status).toBe(403);
    expect((await bytesOf('admin1', chatDb, hex)).status).toBe(403);
    expect((await bytesOf('anonymous', chatDb, hex)).status).toBe(401);
    for (const path of [
      `/${chatDb}/files:${hex}/${FILE_ATTACHMENT}`,
      `/${chatDb}/files%3A${hex}/${FILE_ATTACHMENT}`,
      `/${chatDb}/files%3a${hex}/${FILE_ATTACHMENT}`,
      `/${chatDb}//files:${hex}/${FILE_ATTACHMENT}`,
      `/${chatDb}/files:${hex}/${FILE_ATTACHMENT}?attachments=true`,
      `/${chatDb}/files:${hex}?attachments=true`,
      `/${chatDb}/files:${hex}?rev=1-x&attachments=true`,
      `/${chatDb.toUpperCase()}/files:${hex}/${FILE_ATTACHMENT}`,
      `/${encodeURIComponent(chatDb)}/files%3A${hex}/%66ile`,
      `/${chatDb}/_all_docs?include_docs=true&attachments=true`,
      `/${chatDb}/_changes?include_docs=true&attachments=true`,
      `/${chatDb}/_bulk_get?attachments=true`,
      `/${chatDb}/_design/x/_view/y`,
      `/${chatDb}/_find`,
    ]) {
      const answer = await raw(server, 'mentor2', 'GET', path);
      // Refused (an upper-case name is no database name at all: a bad request), never the bytes.
      expect([400, 401, 403, 404], path).toContain(answer.status);
      expect(answer.text.includes('The plan'), path).toBe(false);
      expect(answer.text.includes(plan.toString('base64').slice(0, 24)), path).toBe(false);
    }
    // Nor can an outsider put it there, or a copy of it in their own database to read.
    expect(isRefused(await put(server, 'mentor2', chatDb, fileDoc(plan, 'mentor2')))).toBe(true);
  });

  it('is carried by a message only as a clean, bounded reference; it never changes after', async () => {
    const sent = message('m-plan', [attached()]);
    expect((await put(server, 'mentor1', chatDb, sent)).status).toBe(201);
    for (const [why, files] of [
      ['direction override', [attached({ name: 'plan\u202Efdp.exe' })]],
      ['path', [attached({ name: '../../plan.pdf' })]],
      ['too long', [attached({ name: `${'p'.repeat(300)}.pdf` })]],
      ['not a reference', [attached({ ref: `../files:${hex}` })]],
      ['a type chats do not take', [attached({ mimeType: 'text/html' })]],
      [
        'six files',
        Array.from({ length: 6 }, (_, i) => attached({ ref: `sha256-${String(i).repeat(64)}` })),
      ],
    ] as const) {
      const answer = await put(
        server,
        'mentor1',
        chatDb,
        message(`m-${why.replace(/ /g, '-')}`, [...files]),
      );
      expect(answer.status, why).toBe(403);
    }
    const current = await http(
      server,
      'mentor1',
      'GET',
      `/${chatDb}/${couchIdOf('messages', 'm-plan')}`,
    );
    const rev = String(current.body['_rev']);
    const swapped = { ...sent, _rev: rev, attachments: [attached({ name: 'other.pdf' })] };
    expect((await put(server, 'mentor1', chatDb, swapped)).status).toBe(403);
    const { attachments: _files, ...emptied } = {
      ...sent,
      _rev: rev,
      deletedAt: T0,
      body: '',
    };
    const keptFiles = { ...emptied, attachments: [attached()] };
    expect((await put(server, 'mentor1', chatDb, keptFiles)).status).toBe(403);
    expect((await put(server, 'mentor1', chatDb, emptied)).status).toBe(201);
  });

  it('pointing at another database’s file is taken (the server cannot see it) but opens nowhere new', async () => {
    // mentor2's own document, in their database: mentor1 learns its hash somehow.
    const secret = pdf('mentor2 private notes');
    expect(
      (await put(server, 'mentor2', personDb('mentor2'), fileDoc(secret, 'mentor2'))).status,
    ).toBe(201);
    const forged = message('m-forged', [
      attached({ ref: `sha256-${hexOf(secret)}`, size: secret.byteLength }),
    ]);
    expect((await put(server, 'mentor1', chatDb, forged)).status).toBe(201);
    // The chat's readers look for it in the chat's database only (fileSourcesFor): it is not there,
    // and the database that has it answers neither of them.
    expect((await bytesOf('manager1', chatDb, hexOf(secret))).status).toBe(404);
    expect((await bytesOf('mentor1', personDb('mentor2'), hexOf(secret))).status).toBe(403);
    expect(
      fileSourcesFor({ name: 'manager1', roles: ['manager'] }, chatId).map(databaseOf),
    ).toEqual([chatDb]);
  });
});
