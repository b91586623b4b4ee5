// The sync engine against the real embedded server: push, pull, the outbox, refusals and faults.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoOrganisation } from '../../shared/demo';
import type { ProgrammeDoc } from '../../shared/schema';
import { couchIdOf } from '../../shared/sync/layout';
import type { EmbeddedServer } from '../../server/embedded/startEmbeddedServer';
import { createAccount, http, passwordOf, startTestServer, waitFor } from '../server/harness';
import { startTestClient } from './client';
import { startRemoteClient } from './remote-client';
import type { TestClient } from './client';

const demo = generateDemoOrganisation({ seed: 11 });
/** A programme's path in the organisation's database (`programmes:<id>`). */
const orgId = (id: string) => encodeURIComponent(couchIdOf('programmes', id));
const manager = 'manager1';
const programmeBy = (createdBy: string, i: number): ProgrammeDoc => {
  const template = demo.programmes.find((p) => p.status === 'active');
  if (!template) throw new Error('The demo has no active programme.');
  const now = new Date().toISOString();
  return {
    ...template,
    id: `prog-${createdBy}-${i}-${Date.now().toString(36)}`,
    name: `Programme ${i}`,
    createdBy,
    createdAt: now,
    updatedAt: now,
  };
};

describe('sync engine against the embedded server', () => {
  let server: EmbeddedServer;
  let client: TestClient;

  beforeAll(async () => {
    server = await startTestServer();
    await createAccount(server, manager, ['manager']);
    client = await startTestClient({
      serverUrl: server.url,
      username: manager,
      password: passwordOf(manager),
    });
  });
  afterAll(async () => {
    await client.close();
    await server.close();
  });

  it('pushes a local write, and the outbox goes from 1 to 0', async () => {
    await client.waitForStatus((s) => s.state === 'idle');
    const programme = programmeBy(manager, 1);
    // Paused (as when offline), so the pending state lasts long enough to be seen.
    await client.engine.pause();
    await client.database.programmes.insert(programme);
    const pending = await client.waitForStatus((s) => s.outboxTotal === 1);
    expect(pending.state).toBe('paused');
    await client.engine.resume();
    expect(pending.outbox).toEqual({ programmes: 1 });
    expect(pending.pendingIds.programmes).toEqual([programme.id]);
    await client.waitForStatus((s) => s.outboxTotal === 0 && s.state === 'idle');
    const onServer = await http(server, 'server-admin', 'GET', `/mmm-org/${orgId(programme.id)}`);
    expect(onServer.status).toBe(200);
    expect(onServer.body['name']).toBe('Programme 1');
  });

  it('keeps a refused document locally with the server reason, and later writes still go up', async () => {
    const forged = programmeBy('someone-else', 2);
    await client.database.programmes.insert(forged);
    await waitFor('the rejection record', () =>
      Promise.resolve(client.issues.current().some((issue) => issue.docId === forged.id)),
    );
    const issue = client.issues.current().find((i) => i.docId === forged.id);
    expect(issue).toMatchObject({ kind: 'rejected', collection: 'programmes' });
    expect(issue?.message.length).toBeGreaterThan(0);
    expect(await client.database.programmes.findOne(forged.id).exec()).not.toBeNull();
    expect((await http(server, 'server-admin', 'GET', `/mmm-org/${orgId(forged.id)}`)).status).toBe(
      404,
    );

    const later = programmeBy(manager, 3);
    await client.database.programmes.insert(later);
    await waitFor(
      'the later programme on the server',
      async () =>
        (await http(server, 'server-admin', 'GET', `/mmm-org/${orgId(later.id)}`)).status === 200,
    );
  });

  it('pulls more than one batch into a fresh client (a dropped design doc must not end the pull)', async () => {
    // Tasks of one programme: each programme is a database of its own (shared/sync/layout).
    const programme = programmeBy(manager, 1000);
    await client.database.programmes.insert(programme);
    const task = demo.tasks[0];
    if (!task) throw new Error('The demo has no task.');
    const many = Array.from({ length: 1200 }, (_, i) => ({
      ...task,
      id: `task-${String(i).padStart(4, '0')}`,
      programmeId: programme.id,
      createdBy: manager,
      status: 'unassigned' as const,
      assignees: [],
      transitions: [],
    }));
    await client.database.tasks.bulkInsert(many);
    await client.waitForStatus((s) => s.outboxTotal === 0 && s.state === 'idle', 60_000);
    // Another machine: its own process, as one client already holds RxDB's 13 collections here.
    const fresh = await startRemoteClient({
      serverUrl: server.url,
      username: manager,
      password: passwordOf(manager),
    });
    try {
      const count = (collection: string) => fresh.call<number>('count', { collection });
      await fresh.waitFor('every task', async () => (await count('tasks')) >= many.length, 60_000);
      expect(await count('tasks')).toBe(many.length);
      // The refused programme stays on the first machine only.
      const programmes = await client.database.programmes.count().exec();
      await fresh.waitFor(
        'the programmes',
        async () => (await count('programmes')) >= programmes - 1,
      );
      expect(await count('programmes')).toBe(programmes - 1);
    } finally {
      await fresh.close();
    }
  }, 120_000);

  it('pulls what others wrote', async () => {
    const remote = programmeBy(manager, 4);
    const { id, ...fields } = remote;
    const put = await http(server, manager, 'PUT', `/mmm-org/${orgId(id)}`, {
      _id: couchIdOf('programmes', id),
      ...fields,
    });
    expect(put.status).toBe(201);
    await waitFor(
      'the remote programme locally',
      async () => (await client.database.programmes.findOne(id).exec()) !== null,
    );
  });
});

describe('faults on the live changes feed', () => {
  it('survives 500s, garbage and 401s on _changes, shows them, and recovers', async () => {
    const server = await startTestServer();
    await createAccount(server, manager, ['manager']);
    let fault: 'none' | 'error' | 'garbage' | 'unauthorised' = 'none';
    const faultyFetch: typeof fetch = (input, init) => {
      const url = input instanceof Request ? input.url : String(input);
      // Plain _changes (catch-ups) and the live feed, one longpoll or all databases in one.
      const changes = url.includes('/_changes') || url.includes('/_mmm/changes');
      if (changes && fault !== 'none') {
        const answers = {
          error: new Response('{"error":"internal"}', { status: 500 }),
          garbage: new Response('<html>captive portal</html>', { status: 200 }),
          unauthorised: new Response('{"error":"unauthorized"}', { status: 401 }),
        };
        return Promise.resolve(answers[fault]);
      }
      return fetch(input, init);
    };
    const faulty = await startTestClient({
      serverUrl: server.url,
      username: manager,
      password: passwordOf(manager),
      fetch: faultyFetch,
    });
    try {
      await faulty.waitForStatus((s) => s.state === 'idle');
      // A write on the server ends the open longpoll, so the next request meets the fault.
      let wake = 0;
      const wakeTheFeed = async () => {
        const doc = programmeBy(manager, 200 + wake++);
        const { id, ...fields } = doc;
        await http(server, manager, 'PUT', `/mmm-org/${orgId(id)}`, {
          _id: couchIdOf('programmes', id),
          ...fields,
        });
      };
      fault = 'error';
      await wakeTheFeed();
      await faulty.waitForStatus((s) => s.state === 'error' && s.error !== null);
      fault = 'garbage';
      await wakeTheFeed();
      await new Promise((resolve) => setTimeout(resolve, 500));
      fault = 'unauthorised';
      await wakeTheFeed();
      // The client signs in again with its stored credentials; the server keeps refusing here.
      await faulty.waitForStatus((s) => s.state === 'unauthorised');
      fault = 'none';
      const programme = programmeBy(manager, 99);
      const { id, ...fields } = programme;
      await http(server, manager, 'PUT', `/mmm-org/${orgId(id)}`, {
        _id: couchIdOf('programmes', id),
        ...fields,
      });
      await waitFor(
        'the remote programme after recovery',
        async () => (await faulty.database.programmes.findOne(id).exec()) !== null,
        20_000,
      );
      await faulty.waitForStatus((s) => s.state === 'idle');
    } finally {
      await faulty.close();
      await server.close();
    }
  }, 60_000);
});
