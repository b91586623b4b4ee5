import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedServer } from '../../server/embedded/startEmbeddedServer';
import {
  databaseName,
  directChatDatabaseName,
  privateDatabaseName,
} from '../../server/provision/databaseNames';
import { collectionNames } from '../../shared/schema/index';
import { application, chat, message, notification } from './docs';
import {
  T0,
  createAccount,
  databaseExists,
  http,
  isRefused,
  put,
  startTestServer,
  update,
  waitFor,
} from './harness';

/** Who can read what: `_security` per database, private databases and server-side replication. */
let server: EmbeddedServer;

const exists = (database: string) => databaseExists(server, database);
const has = async (as: string, database: string, id: string) =>
  (await http(server, as, 'GET', `/${database}/${encodeURIComponent(id)}`)).status === 200;

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
  // New accounts get their private databases as they appear (the server follows _users).
  await waitFor('private databases', async () =>
    exists(privateDatabaseName('mentor2', 'userDetails')),
  );
});
afterAll(async () => {
  await server.close();
});

describe('anonymous requests', () => {
  it('are refused on every app database, for reading and writing', async () => {
    const all = await http(server, 'server-admin', 'GET', '/_all_dbs');
    const appDatabases = (all.body as unknown as string[]).filter((name) =>
      name.startsWith('mmm-'),
    );
    expect(appDatabases.length).toBeGreaterThanOrEqual(collectionNames.length + 3 * 4);
    for (const database of appDatabases) {
      for (const path of [`/${database}`, `/${database}/_all_docs`, `/${database}/_changes`]) {
        expect(isRefused(await http(server, 'anonymous', 'GET', path)), path).toBe(true);
      }
      expect(
        isRefused(await http(server, 'anonymous', 'PUT', `/${database}/x`, { a: 1 })),
        database,
      ).toBe(true);
    }
  });
});

describe('private databases', () => {
  it('a person’s private database is theirs alone', async () => {
    for (const collection of ['notifications', 'applications', 'userDetails'] as const) {
      const mine = privateDatabaseName('mentor1', collection);
      expect((await http(server, 'mentor1', 'GET', `/${mine}/_all_docs`)).status).toBe(200);
      for (const other of ['mentor2', 'manager1', 'admin1']) {
        expect(isRefused(await http(server, other, 'GET', `/${mine}/_all_docs`))).toBe(true);
      }
    }
  });

  it('mentors do not read the hubs of applications, details and notifications', async () => {
    for (const collection of ['applications', 'userDetails', 'notifications'] as const) {
      const hub = `/${databaseName(collection)}/_all_docs`;
      expect(isRefused(await http(server, 'mentor1', 'GET', hub)), hub).toBe(true);
    }
    expect((await http(server, 'manager1', 'GET', '/mmm-applications/_all_docs')).status).toBe(200);
    expect(isRefused(await http(server, 'manager1', 'GET', '/mmm-notifications/_all_docs'))).toBe(
      true,
    );
  });

  it('an application goes up to the hub and its decision comes back to the applicant only', async () => {
    const mine = privateDatabaseName('mentor1', 'applications');
    expect((await put(server, 'mentor1', mine, application('a1', 'mentor1'))).status).toBe(201);
    // Someone else's application cannot be planted in a private database.
    expect(isRefused(await put(server, 'mentor1', mine, application('a2', 'mentor2')))).toBe(true);
    await waitFor('the application in the hub', () => has('manager1', 'mmm-applications', 'a1'));
    const decided = await update(server, 'manager1', 'mmm-applications', 'a1', {
      status: 'approved',
      decidedBy: 'manager1',
      decidedAt: T0,
    });
    expect(decided.status).toBe(201);
    await waitFor('the decision in the applicant’s database', async () => {
      const copy = await http(server, 'mentor1', 'GET', `/${mine}/a1`);
      return copy.body.status === 'approved';
    });
    const theirs = privateDatabaseName('mentor2', 'applications');
    expect((await http(server, 'mentor2', 'GET', `/${theirs}/a1`)).status).toBe(404);
    // Nor can the applicant change it in their copy once decided, or decide another one there.
    expect(isRefused(await update(server, 'mentor1', mine, 'a1', { answers: {} }))).toBe(true);
    expect((await put(server, 'mentor1', mine, application('a3', 'mentor1'))).status).toBe(201);
    const selfApproved = await update(server, 'mentor1', mine, 'a3', {
      status: 'approved',
      decidedBy: 'mentor1',
      decidedAt: T0,
    });
    expect(selfApproved.status).toBe(403);
  });

  it('a notification reaches its recipient’s database and nobody else’s', async () => {
    const note = notification('t1', 'manager1', 'mentor1', 'task_assigned');
    const sent = await put(
      server,
      'manager1',
      privateDatabaseName('manager1', 'notifications'),
      note,
    );
    expect(sent.status).toBe(201);
    await waitFor('the notification', () =>
      has('mentor1', privateDatabaseName('mentor1', 'notifications'), note._id),
    );
    expect(await has('mentor2', privateDatabaseName('mentor2', 'notifications'), note._id)).toBe(
      false,
    );
    // The recipient marks it read; nobody else may.
    const theirs = privateDatabaseName('mentor1', 'notifications');
    expect(
      (await update(server, 'mentor1', theirs, note._id, { read: true, readAt: T0 })).status,
    ).toBe(201);
    expect((await update(server, 'mentor1', theirs, note._id, { title: 'Changed' })).status).toBe(
      403,
    );
  });

  it('a mentor cannot write a notification to another person except of an event they can cause', async () => {
    const mine = privateDatabaseName('mentor1', 'notifications');
    const theirs = privateDatabaseName('mentor2', 'notifications');
    // Assignments, decisions, certificates and broadcasts are not a mentor's to announce.
    const forged = [
      notification('t9', 'mentor1', 'mentor2', 'task_assigned'),
      notification('a9', 'mentor1', 'mentor2', 'application_decided'),
      notification('c9', 'mentor1', 'mentor2', 'certificate_approved'),
      notification('b9', 'mentor1', 'mentor2', 'broadcast'),
      // Nor as someone else, nor with an id of their own choosing, nor straight into their database.
      notification('r9', 'manager1', 'mentor2', 'task_assigned'),
      { ...notification('r8', 'mentor1', 'manager1', 'report_submitted'), _id: 'n-mine' },
    ];
    for (const doc of forged) {
      expect(isRefused(await put(server, 'mentor1', mine, doc)), String(doc.kind)).toBe(true);
    }
    const planted = notification('r7', 'mentor1', 'mentor2', 'report_submitted');
    expect(isRefused(await put(server, 'mentor1', theirs, planted))).toBe(true);
    expect(isRefused(await put(server, 'mentor1', 'mmm-notifications', planted))).toBe(true);
    // What a mentor does cause (a submitted report) goes through, to its recipient only.
    const report = notification('r1', 'mentor1', 'manager1', 'report_submitted');
    expect((await put(server, 'mentor1', mine, report)).status).toBe(201);
    await waitFor('the report notification', () =>
      has('manager1', privateDatabaseName('manager1', 'notifications'), report._id),
    );
    for (const doc of forged) {
      expect(await has('mentor2', theirs, doc._id)).toBe(false);
    }
  });

  it('a direct chat gets a database only its two members read', async () => {
    const started = await put(
      server,
      'mentor1',
      databaseName('chats'),
      chat('chat1', 'mentor1', ['mentor1', 'manager1']),
    );
    expect(started.status).toBe(201);
    const chatDb = directChatDatabaseName('chat1');
    await waitFor('the chat database', () => exists(chatDb));
    expect((await put(server, 'mentor1', chatDb, message('m1', 'chat1', 'mentor1'))).status).toBe(
      201,
    );
    expect(await has('manager1', chatDb, 'm1')).toBe(true);
    for (const outsider of ['mentor2', 'admin1']) {
      expect(isRefused(await http(server, outsider, 'GET', `/${chatDb}/_all_docs`))).toBe(true);
      expect(
        isRefused(await put(server, outsider, chatDb, message(`m-${outsider}`, 'chat1', outsider))),
      ).toBe(true);
    }
    // Messages are sent as oneself.
    expect(
      isRefused(await put(server, 'manager1', chatDb, message('m2', 'chat1', 'mentor1'))),
    ).toBe(true);
  });
});
