// A push whose base stops being the server's current version while it is under way: RxDB reads
// the server's version, then writes on its revision, and another machine writes in between. The
// server answers 409 and the client merges (issue 12, defect 3), instead of a refusal.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { transition } from '../../shared/domain';
import type { TaskDoc } from '../../shared/schema';
import { databaseName } from '../../shared/sync/database-names';
import type { EmbeddedServer } from '../../server/embedded/startEmbeddedServer';
import { task as taskDoc } from '../server/docs';
import { createAccount, http, passwordOf, put, startTestServer, update } from '../server/harness';
import { startTestClient } from './client';
import type { TestClient } from './client';

const TASKS = databaseName('tasks');

describe('a push overtaken by another write', () => {
  let server: EmbeddedServer;
  let mentor: TestClient;
  /** Writes made by someone else between the client's read of a document and its write. */
  const meanwhile = new Map<string, () => Promise<unknown>>();

  beforeAll(async () => {
    server = await startTestServer();
    await createAccount(server, 'manager2', ['manager']);
    await createAccount(server, 'mentor1', ['mentor']);
    // The client's network: before a write of a document named in `meanwhile`, that write happens.
    const racing: typeof fetch = async (input, init) => {
      const url = String(input instanceof Request ? input.url : input);
      if (url.includes('/_bulk_docs') && typeof init?.body === 'string') {
        const ids = (JSON.parse(init.body) as { docs: { _id: string }[] }).docs.map((d) => d._id);
        for (const id of ids) {
          const write = meanwhile.get(id);
          meanwhile.delete(id);
          if (write) await write();
        }
      }
      return fetch(input, init);
    };
    mentor = await startTestClient({
      serverUrl: server.url,
      username: 'mentor1',
      password: passwordOf('mentor1'),
      fetch: racing,
    });
  });
  afterAll(async () => {
    await mentor.close();
    await server.close();
  });

  it('a mentor’s start and a manager’s rename, made at once, both stand; nothing is refused', async () => {
    expect(
      (await put(server, 'manager2', TASKS, taskDoc('t1', 'manager2', ['mentor1']))).status,
    ).toBe(201);
    await mentor.waitForStatus((s) => s.state === 'idle');
    const local = await (async () => {
      for (;;) {
        const doc = await mentor.database.tasks.findOne('t1').exec();
        if (doc) return doc;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();

    let renamed = 0;
    meanwhile.set('t1', async () => {
      const answer = await update(server, 'manager2', TASKS, 't1', { title: 'Renamed meanwhile' });
      if (answer.status === 201) renamed++;
    });
    const started = transition('task', local.toJSON() as TaskDoc, 'in_progress', {
      by: 'mentor1',
      at: new Date().toISOString(),
    });
    if (!started.ok) throw new Error(started.error.message);
    await local.incrementalPatch({
      status: 'in_progress',
      transitions: started.doc.transitions,
      updatedAt: started.doc.updatedAt,
    });

    await mentor.waitForStatus((s) => s.state === 'idle' && s.outboxTotal === 0, 20_000);
    expect(renamed).toBe(1);
    const onServer = (await http(server, 'server-admin', 'GET', `/${TASKS}/t1`)).body;
    expect(onServer).toMatchObject({ title: 'Renamed meanwhile', status: 'in_progress' });
    expect(mentor.issues.current()).toEqual([]);
    // The merged version comes back with the next pull; until then this machine may show the rename.
    await expect
      .poll(async () => (await mentor.database.tasks.findOne('t1').exec())?.toJSON(), {
        timeout: 15_000,
      })
      .toMatchObject({ title: 'Renamed meanwhile', status: 'in_progress' });
  });
});
