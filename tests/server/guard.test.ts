import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedServer } from '../../server/embedded/startEmbeddedServer';
import {
  databaseName,
  directChatDatabaseName,
  privateDatabaseName,
} from '../../server/provision/databaseNames';
import { chat, message } from './docs';
import {
  accountPath,
  databaseExists,
  http,
  put,
  raw,
  startTestServer,
  update,
  waitFor,
} from './harness';
import { seedOrganisation } from './seed';

/**
 * Regression tests for the holes of issue 11, each tried as an attacker would: plain HTTP, as
 * nobody, as an applicant, as the wrong member, with the path spelled as the attack needs.
 */
let server: EmbeddedServer;
const chatDb = directChatDatabaseName('chat1');
const mine = privateDatabaseName('mentor1', 'notifications');

const exists = (database: string) => databaseExists(server, database);

beforeAll(async () => {
  server = await startTestServer();
  await seedOrganisation(server, {
    accounts: {
      admin1: ['admin'],
      manager1: ['manager'],
      mentor1: ['mentor'],
      mentor2: ['mentor'],
      mentor3: ['mentor'],
      applicant: [],
    },
    directChat: { id: 'chat1', memberIds: ['mentor1', 'mentor2'] },
  });
  await waitFor('the private database', () => exists(mine));
  await put(server, 'mentor1', chatDb, message('m1', 'chat1', 'mentor1'));
}, 120_000);
afterAll(async () => {
  await server.close();
});

describe('anonymous reads through the routes express-pouchdb does not check', () => {
  const databases = [
    'mmm-tasks',
    'mmm-applications',
    '_users',
    '_replicator',
    () => mine,
    () => chatDb,
  ];
  const routes: [string, string, unknown][] = [
    ['POST', '_find', { selector: {} }],
    [
      'POST',
      '_bulk_get',
      { docs: [{ id: 't1' }, { id: 'm1' }, { id: 'org.couchdb.user:mentor1' }] },
    ],
    ['POST', '_explain', { selector: {} }],
    ['GET', '_index', undefined],
  ];

  it('are refused on every database, private ones and the user store included', async () => {
    for (const entry of databases) {
      const database = typeof entry === 'string' ? entry : entry();
      for (const [method, route, body] of routes) {
        const answer = await raw(server, 'anonymous', method, `/${database}/${route}`, body);
        expect(answer.status, `${method} ${database}/${route}`).toBe(401);
        expect(answer.text).not.toMatch(/derived_key|salt|Review a pull request|Hi there/);
      }
    }
  });

  it('are refused to signed-in people too; _bulk_get is for members only', async () => {
    expect((await raw(server, 'mentor2', 'POST', `/${mine}/_find`, { selector: {} })).status).toBe(
      403,
    );
    expect(
      (await raw(server, 'mentor3', 'POST', `/${chatDb}/_bulk_get`, { docs: [{ id: 'm1' }] }))
        .status,
    ).toBe(403);
    const member = await raw(server, 'mentor2', 'POST', `/${chatDb}/_bulk_get`, {
      docs: [{ id: 'm1' }],
    });
    expect(member.status).toBe(200);
    expect(member.text).toContain('Hi there');
  });
});

describe('design documents', () => {
  it('are neither rewritten nor deleted through _index, by anyone but a server admin', async () => {
    const before = await http(server, 'server-admin', 'GET', '/mmm-tasks/_design/mmm');
    const index = { index: { fields: ['title'] }, ddoc: 'mmm', name: 'x' };
    for (const who of ['anonymous', 'applicant', 'mentor1', 'admin1']) {
      expect(
        (await raw(server, who, 'POST', '/mmm-tasks/_index', index)).status,
        who,
      ).toBeGreaterThanOrEqual(401);
      const drop = await raw(server, who, 'DELETE', '/mmm-tasks/_index/_design%2Fmmm/json/x');
      expect([401, 403], who).toContain(drop.status);
      const replace = await raw(server, who, 'PUT', '/mmm-tasks/_design%2Fmmm', {
        ...before.body,
        validate_doc_update: 'function () {}',
      });
      expect([401, 403], who).toContain(replace.status);
    }
    const after = await http(server, 'server-admin', 'GET', '/mmm-tasks/_design/mmm');
    expect(after.body._rev).toBe(before.body._rev);
  });
});

describe('the user store, however it is spelled', () => {
  it('cannot be emptied of its rules or given a server admin through /%5Fusers', async () => {
    const auth = await http(server, 'server-admin', 'GET', '/_users/_design/_auth');
    for (const path of [
      '/%5Fusers/_design/_auth',
      '/%5FUSERS/_design%2F_auth',
      '//_users/./_design/_auth',
    ]) {
      const drop = await raw(
        server,
        'anonymous',
        'DELETE',
        `${path}?rev=${String(auth.body._rev)}`,
      );
      expect(drop.status, path).toBe(401);
    }
    const root = {
      _id: 'org.couchdb.user:x',
      name: 'x',
      type: 'user',
      roles: ['_admin'],
      password: 'x-password',
    };
    expect(
      (await raw(server, 'anonymous', 'PUT', '/%5Fusers/org.couchdb.user:x', root)).status,
    ).toBe(403);
    expect(
      (await raw(server, 'anonymous', 'POST', '/%5Fusers/_bulk_docs', { docs: [root] })).status,
    ).toBe(401);
    expect((await raw(server, 'anonymous', 'POST', '/%5Fusers', root)).status).toBe(401);
    expect((await raw(server, 'x', 'GET', '/_config/admins')).status).toBe(401);
    expect((await http(server, 'server-admin', 'GET', '/_users/_design/_auth')).body._rev).toBe(
      auth.body._rev,
    );
  });

  it('shows nobody a password hash, and keeps it when an admin changes a role', async () => {
    const own = await http(server, 'mentor3', 'GET', accountPath('mentor3'));
    expect(own.status).toBe(200);
    expect(Object.keys(own.body)).not.toContain('derived_key');
    expect(Object.keys(own.body)).not.toContain('salt');
    const listed = await http(server, 'admin1', 'GET', '/_users/_all_docs?include_docs=true');
    expect(JSON.stringify(listed.body)).not.toMatch(/derived_key|"salt"/);
    const asAdmin = await http(server, 'admin1', 'GET', accountPath('mentor3'));
    // A hash sent by its owner is ignored; the stored one stays.
    const forged = await http(server, 'mentor3', 'PUT', accountPath('mentor3'), {
      ...own.body,
      derived_key: '00',
      salt: '00',
      iterations: 1,
    });
    expect(forged.status).toBe(201);
    expect((await http(server, 'mentor3', 'GET', '/_session')).status).toBe(200);
    const current = await http(server, 'admin1', 'GET', accountPath('mentor3'));
    expect(current.body._rev).not.toBe(asAdmin.body._rev);
    expect(
      (
        await http(server, 'admin1', 'PUT', accountPath('mentor3'), {
          ...current.body,
          roles: ['manager'],
        })
      ).status,
    ).toBe(201);
    const session = await http(server, 'mentor3', 'GET', '/_session');
    expect(session.body.userCtx).toEqual({ name: 'mentor3', roles: ['manager'] });
  });
});

describe('a direct chat', () => {
  it('cannot be opened to a third person by one of its members', async () => {
    const third = await update(server, 'mentor1', databaseName('chats'), 'chat1', {
      memberIds: ['mentor1', 'mentor2', 'mentor3'],
    });
    expect(third.status).toBe(403);
    expect(String(third.body.reason)).toMatch(/two people/);
    const swapped = await update(server, 'mentor1', databaseName('chats'), 'chat1', {
      memberIds: ['mentor1', 'mentor3'],
    });
    expect(swapped.status).toBe(403);
    // Nor by deleting it and starting it again with someone else.
    const deleted = await update(server, 'mentor1', databaseName('chats'), 'chat1', {
      _deleted: true,
    });
    expect(deleted.status).toBe(403);
    const again = await put(
      server,
      'mentor1',
      databaseName('chats'),
      chat('chat1', 'mentor1', ['mentor1', 'mentor3']),
    );
    // The chat still lives (its deletion was refused), so a new one over it is CouchDB's 409.
    expect(again.status).toBe(409);
    expect((await raw(server, 'mentor3', 'GET', `/${chatDb}/_all_docs`)).status).toBe(403);
    expect((await raw(server, 'mentor3', 'GET', `/${chatDb}/m1`)).status).toBe(403);
  });

  it('keeps its members even when a server admin rewrites the chat', async () => {
    const current = await http(server, 'server-admin', 'GET', `/${databaseName('chats')}/chat1`);
    const rewritten = await http(server, 'server-admin', 'PUT', `/${databaseName('chats')}/chat1`, {
      ...chat('chat1', 'mentor1', ['mentor1', 'mentor3']),
      _rev: current.body._rev,
    });
    expect(rewritten.status).toBe(201);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const security = await http(server, 'server-admin', 'GET', `/${chatDb}/_security`);
    expect(security.body.members).toEqual({ names: ['mentor1', 'mentor2'], roles: [] });
    expect((await raw(server, 'mentor3', 'GET', `/${chatDb}/_all_docs`)).status).toBe(403);
  });
});

describe('what the server tells strangers', () => {
  it('lists its databases to server admins only', async () => {
    expect((await raw(server, 'anonymous', 'GET', '/_all_dbs')).status).toBe(401);
    expect((await raw(server, 'mentor1', 'GET', '/%5Fall_dbs')).status).toBe(403);
    expect((await raw(server, 'server-admin', 'GET', '/_all_dbs')).status).toBe(200);
  });

  it('answers a malformed path or body with JSON, never a stack trace or a file path', async () => {
    const cases: [string, string, string | undefined][] = [
      ['GET', '/_users/%E0%A4%A', undefined],
      ['GET', '/mmm-tasks/%zz', undefined],
      ['GET', '/mmm-tasks/a%00b', undefined],
      ['GET', '/..%2F..%2Ftmp%2Fx/_all_docs', undefined],
      ['PUT', '/mmm-tasks/t9', '{not json'],
    ];
    for (const as of ['anonymous', 'mentor1', 'server-admin']) {
      for (const [method, path, body] of cases) {
        const answer = await raw(server, as, method, path, body);
        expect(answer.status, `${as} ${path}`).toBeGreaterThanOrEqual(400);
        expect(answer.status, `${as} ${path}`).toBeLessThan(500);
        expect(JSON.parse(answer.text), path).toHaveProperty('error');
        expect(answer.text).not.toMatch(/ at |\/work\/|node_modules|<html/i);
      }
    }
  });

  it('refuses a member’s write that is not JSON (no multipart attachments through the side door)', async () => {
    const answer = await raw(server, 'mentor1', 'PUT', '/mmm-tasks/t5', undefined, {
      'content-type': 'multipart/related; boundary=x',
    });
    expect(answer.status).toBe(415);
  });

  it('keeps no feed streaming to someone who may be removed meanwhile', async () => {
    for (const feed of ['continuous', 'eventsource', 'longpoll&feed=continuous']) {
      const answer = await raw(server, 'mentor1', 'GET', `/mmm-tasks/_changes?feed=${feed}`);
      expect(answer.status, feed).toBe(403);
    }
    expect((await raw(server, 'mentor1', 'GET', '/mmm-tasks/_changes?feed=normal')).status).toBe(
      200,
    );
  });

  it('answers an authenticated non-member 403, as CouchDB does, and nobody 401', async () => {
    expect((await raw(server, 'mentor1', 'GET', '/mmm-applications/_all_docs')).status).toBe(403);
    expect((await raw(server, 'anonymous', 'GET', '/mmm-applications/_all_docs')).status).toBe(401);
    expect((await raw(server, 'applicant', 'GET', '/mmm-tasks/_all_docs')).status).toBe(403);
    expect((await raw(server, 'mentor1', 'GET', '/mmm-tasks/_all_docs')).status).toBe(200);
  });
});
