// The set of databases an installation replicates follows membership live (shared/sync/audiences):
// joining a programme starts its replication; leaving stops it and takes its documents off the
// machine without a deletion that could ever be pushed (rejoining finds the programme's data
// intact on the server), and the person's own change not yet sent is kept as a sync issue.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstValueFrom } from 'rxjs';
import { transition } from '../../shared/domain';
import { couchIdOf, databaseOf, orgScope, programmeScope } from '../../shared/sync/layout';
import type { EmbeddedServer } from '../../server/embedded/startEmbeddedServer';
import { membership, programme, task } from '../server/docs';
import {
  createAccount,
  http,
  passwordOf,
  place,
  startTestServer,
  update,
  waitFor,
} from '../server/harness';
import { startTestClient } from './client';
import type { TestClient } from './client';

const PROGRAMME_DB = databaseOf(programmeScope('p1'));
const ORG = databaseOf(orgScope);
const MEMBERSHIP = couchIdOf('programmeMembers', 'p1~mentor1');
const taskOnServer = async (server: EmbeddedServer) =>
  http(
    server,
    'server-admin',
    'GET',
    `/${PROGRAMME_DB}/${encodeURIComponent(couchIdOf('tasks', 't1'))}`,
  );

describe('the replicated databases follow membership', () => {
  let server: EmbeddedServer;
  let mentor: TestClient;
  const replicated = async () => firstValueFrom(mentor.engine.databases$);
  const join = () =>
    place(server, 'manager1', 'programmeMembers', membership('p1', 'mentor1', 'manager1'));

  beforeAll(async () => {
    server = await startTestServer();
    await createAccount(server, 'manager1', ['manager']);
    await createAccount(server, 'mentor1', ['mentor']);
    await place(server, 'manager1', 'programmes', programme('p1', 'manager1'));
    await place(
      server,
      'manager1',
      'tasks',
      task('t1', 'manager1', ['mentor1'], { programmeId: 'p1' }),
    );
    mentor = await startTestClient({
      serverUrl: server.url,
      username: 'mentor1',
      password: passwordOf('mentor1'),
    });
    await mentor.waitForStatus((s) => s.state === 'idle');
  }, 60_000);
  afterAll(async () => {
    await mentor.close();
    await server.close();
  });

  it('joining a programme starts its replication', async () => {
    expect(await replicated()).not.toContain(PROGRAMME_DB);
    expect(await mentor.database.tasks.count().exec()).toBe(0);
    expect((await join()).status).toBe(201);
    await waitFor(
      'the programme’s task here',
      async () => (await mentor.database.tasks.findOne('t1').exec()) !== null,
    );
    expect(await replicated()).toContain(PROGRAMME_DB);
  });

  it('leaving stops it, takes its documents off the machine and keeps the unsent change', async () => {
    // Offline, the mentor changes the task; meanwhile the manager takes them off the programme.
    await mentor.engine.pause();
    const started = transition(
      'task',
      task('t1', 'manager1', ['mentor1']) as never,
      'in_progress',
      {
        by: 'mentor1',
        at: new Date().toISOString(),
      },
    );
    if (!started.ok) throw new Error(started.error.message);
    await (
      await mentor.database.tasks.findOne('t1').exec()
    )?.incrementalPatch({
      status: 'in_progress',
      transitions: started.doc.transitions,
    });
    const removed = await update(server, 'manager1', ORG, MEMBERSHIP, { _deleted: true });
    expect(removed.status).toBe(201);
    // The server has taken the mentor off the programme's database before the change is sent.
    await waitFor('the mentor refused by the programme’s database', async () =>
      [401, 403].includes((await http(server, 'mentor1', 'GET', `/${PROGRAMME_DB}`)).status),
    );
    await mentor.engine.resume();
    await waitFor(
      'the task gone from this machine',
      async () => (await mentor.database.tasks.findOne('t1').exec()) === null,
    );
    expect(await replicated()).not.toContain(PROGRAMME_DB);
    await waitFor('the unsent change kept as an issue', () =>
      Promise.resolve(
        mentor.issues
          .current()
          .some((issue) => issue.docId === 't1' && issue.localVersion['status'] === 'in_progress'),
      ),
    );
    await mentor.waitForStatus((s) => s.state === 'idle' && s.outboxTotal === 0);
    // Nothing of it reached the server: the task is as the manager wrote it, not deleted.
    const there = await taskOnServer(server);
    expect(there.status).toBe(200);
    expect(there.body['status']).toBe('pending');
  });

  it('rejoining brings the programme back whole: no deletion of its was ever pushed', async () => {
    expect((await join()).status).toBe(201);
    await waitFor(
      'the task back here',
      async () => (await mentor.database.tasks.findOne('t1').exec()) !== null,
    );
    await mentor.waitForStatus((s) => s.state === 'idle' && s.outboxTotal === 0);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const back = await mentor.database.tasks.findOne('t1').exec();
    expect(back?.status).toBe('pending');
    const there = await taskOnServer(server);
    expect(there.status).toBe(200);
    expect(there.body['_deleted']).toBeUndefined();
  });
});
