// Several real clients, each in its own process, against a server process that is killed and
// restarted: the promises of DESIGN §3 "Sync" under failure.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoOrganisation } from '../../shared/demo';
import type { TaskDoc } from '../../shared/schema';
import type { EmbeddedServer } from '../../server/embedded/startEmbeddedServer';
import { couchIdOf, databaseOf, programmeScope } from '../../shared/sync/layout';
import { programme } from '../server/docs';
import { createAccount, http, passwordOf, place } from '../server/harness';
import { startRemoteClient } from './remote-client';
import type { RemoteClient } from './remote-client';
import { freePort, startServerProcess } from './server-process';
import type { ServerProcess } from './server-process';

const MANAGER = 'manager1';
const demo = generateDemoOrganisation({ seed: 5 });
const template = demo.tasks.find((task) => task.status === 'unassigned') ?? demo.tasks[0];

/** The manager's programme, whose database holds the tasks (`tasks:<id>`). */
const PROGRAMME = 'p1';
const TASKS = databaseOf(programmeScope(PROGRAMME));
const taskPath = (id: string) => `/${TASKS}/${encodeURIComponent(couchIdOf('tasks', id))}`;

const taskBy = (id: string, fields: Partial<TaskDoc> = {}): TaskDoc => {
  if (!template) throw new Error('The demo has no tasks.');
  const now = new Date().toISOString();
  return {
    ...template,
    id,
    createdBy: MANAGER,
    programmeId: PROGRAMME,
    status: 'unassigned',
    assignees: [],
    createdAt: now,
    updatedAt: now,
    ...fields,
  };
};

describe('offline work with several clients and a server that dies', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'mmm-server-'));
  let port = 0;
  let server: ServerProcess;
  let laptop: RemoteClient;
  let desktop: RemoteClient;
  const asServer = () => ({ url: server.url }) as EmbeddedServer;

  const sameOnBoth = async (id: string) => {
    const [a, b] = await Promise.all([
      laptop.call<Record<string, unknown> | null>('get', { collection: 'tasks', docId: id }),
      desktop.call<Record<string, unknown> | null>('get', { collection: 'tasks', docId: id }),
    ]);
    const strip = (doc: Record<string, unknown> | null) => {
      if (!doc) return doc;
      const { _rev: _r, _meta: _m, ...rest } = doc;
      return rest;
    };
    return JSON.stringify(strip(a)) === JSON.stringify(strip(b)) ? a : undefined;
  };
  const idle = (client: RemoteClient) =>
    client.waitFor('idle and empty outbox', async (c) => {
      const status = await c.status();
      return status.state === 'idle' && status.outboxTotal === 0;
    });

  beforeAll(async () => {
    port = await freePort();
    server = await startServerProcess(port, dataDir);
    await createAccount(asServer(), MANAGER, ['manager']);
    await place(asServer(), MANAGER, 'programmes', programme(PROGRAMME, MANAGER));
    // The same person on two machines: the case where one document really is edited twice.
    const options = { serverUrl: server.url, username: MANAGER, password: passwordOf(MANAGER) };
    [laptop, desktop] = await Promise.all([startRemoteClient(options), startRemoteClient(options)]);
    // A change is sent only to a database the machine reads (else it is kept as a sync issue): the
    // programme's is read once its document has come from the organisation's.
    for (const client of [laptop, desktop]) {
      await client.waitFor('the programme replicated', async (c) =>
        (await c.call<string[]>('databases')).includes(TASKS),
      );
      await idle(client);
    }
  }, 60_000);
  afterAll(async () => {
    await Promise.all([laptop.close(), desktop.close()]);
    await server.kill();
  });

  it('two clients edit the same task while the server is down, then converge with nothing lost', async () => {
    const task = taskBy('task-shared-1', { title: 'Prepare kickoff', description: 'Agenda' });
    await laptop.call('insert', { collection: 'tasks', doc: task });
    await desktop.waitFor(
      'the task on the desktop',
      async (c) => (await c.call('get', { collection: 'tasks', docId: task.id })) !== null,
    );

    await server.kill();
    await laptop.call('patch', {
      collection: 'tasks',
      docId: task.id,
      fields: { title: 'Prepare kickoff (laptop)' },
    });
    await desktop.call('patch', {
      collection: 'tasks',
      docId: task.id,
      fields: { title: 'Prepare kickoff (desktop)', description: 'Agenda and slides' },
    });
    await laptop.waitFor('offline with one change waiting', async (c) => {
      const status = await c.status();
      return status.state === 'offline' && status.outboxTotal === 1;
    });

    server = await startServerProcess(port, dataDir);
    await Promise.all([idle(laptop), idle(desktop)]);
    await laptop.waitFor(
      'both clients agree',
      async () => (await sameOnBoth(task.id)) !== undefined,
    );
    const merged = (await sameOnBoth(task.id)) as Record<string, unknown>;
    // Different fields both survive; the field changed on both has one winner, the other recorded.
    expect(merged['description']).toBe('Agenda and slides');
    const titles = ['Prepare kickoff (laptop)', 'Prepare kickoff (desktop)'];
    expect(titles).toContain(merged['title']);
    const loser = titles.find((title) => title !== merged['title']);
    const records = [...(await laptop.issues()), ...(await desktop.issues())];
    expect(records.some((r) => r.kind === 'conflict' && r.localVersion['title'] === loser)).toBe(
      true,
    );
  });

  it('a remote delete meets an offline edit: deleted on both, the edit kept as a record', async () => {
    const task = taskBy('task-deleted-1', { title: 'Book a room' });
    await laptop.call('insert', { collection: 'tasks', doc: task });
    await desktop.waitFor(
      'the task on the desktop',
      async (c) => (await c.call('get', { collection: 'tasks', docId: task.id })) !== null,
    );

    await desktop.call('pause');
    await laptop.call('remove', { collection: 'tasks', docId: task.id });
    await idle(laptop);
    await desktop.call('patch', {
      collection: 'tasks',
      docId: task.id,
      fields: { title: 'Book a bigger room' },
    });
    await desktop.call('resume');

    await desktop.waitFor(
      'the deletion on the desktop',
      async (c) => (await c.call('get', { collection: 'tasks', docId: task.id })) === null,
    );
    await idle(desktop);
    expect(await laptop.call('get', { collection: 'tasks', docId: task.id })).toBeNull();
    const record = (await desktop.issues()).find((r) => r.docId === task.id);
    expect(record).toMatchObject({ kind: 'conflict' });
    expect(record?.localVersion['title']).toBe('Book a bigger room');
    const onServer = await http(asServer(), 'server-admin', 'GET', taskPath(task.id));
    expect(onServer.status).toBe(404);
  });

  it('the server is killed in the middle of a 5,000-document push: it converges, nothing lost or doubled', async () => {
    const docs = Array.from({ length: 5000 }, (_, i) =>
      taskBy(`bulk-${String(i).padStart(5, '0')}`, { title: `Bulk ${i}` }),
    );
    const before = await http(asServer(), 'server-admin', 'GET', `/${TASKS}`);
    const countBefore = Number(before.body['doc_count']);
    expect(await laptop.call('bulkInsert', { collection: 'tasks', docs })).toBe(0);
    await laptop.waitFor('the push under way', async () => {
      const info = await http(asServer(), 'server-admin', 'GET', `/${TASKS}`).catch(
        () => undefined,
      );
      return Number(info?.body['doc_count']) > countBefore;
    });
    await server.kill();
    server = await startServerProcess(port, dataDir);
    await idle(laptop);
    const after = await http(asServer(), 'server-admin', 'GET', `/${TASKS}`);
    expect(Number(after.body['doc_count'])).toBe(countBefore + 5000);
    await desktop.waitFor(
      'all 5,000 on the desktop',
      async (c) =>
        (await c.call<number>('count', { collection: 'tasks' })) ===
        (await laptop.call<number>('count', { collection: 'tasks' })),
      60_000,
    );
  }, 120_000);
});
