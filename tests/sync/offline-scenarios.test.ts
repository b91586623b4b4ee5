// The three defects of issue 12, as users met them: installations of the app, each in its own
// process, working offline on the same programme and tasks, then reconnecting.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deepEqual } from 'rxdb/plugins/utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostResult, SyncIssue } from '../../shared/contract';
import type { TaskDoc } from '../../shared/schema';
import { databaseName } from '../../shared/sync/database-names';
import type { EmbeddedServer } from '../../server/embedded/startEmbeddedServer';
import { createAccount, http, passwordOf, startTestServer } from '../server/harness';
import { startRemoteHost } from './remote-host';
import type { RemoteHost } from './remote-host';

const valueOf = <T>(result: HostResult<T>): T => {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
};

describe('offline work on several machines (issue 12)', () => {
  let server: EmbeddedServer;
  let manager1: RemoteHost;
  let manager2: RemoteHost;
  let mentor: RemoteHost;
  let programmeId = '';
  const all = () => [manager1, manager2, mentor];

  const serverTask = async (id: string) =>
    (await http(server, 'server-admin', 'GET', `/${databaseName('tasks')}/${id}`)).body;
  const localTask = async (host: RemoteHost, id: string) =>
    (await host.dump()).tasks.find((task) => task['id'] === id) as TaskDoc | undefined;
  const rejected = async () =>
    (await Promise.all(all().map((host) => host.issues())))
      .flat()
      .filter((issue) => issue.kind === 'rejected');
  const offline = async (...hosts: RemoteHost[]) => {
    for (const host of hosts) await host.network(false);
  };
  const online = async (...hosts: RemoteHost[]) => {
    for (const host of hosts) {
      await host.network(true);
      await host.synced();
    }
  };
  /** Every installation holds the server's version of the task. */
  const converged = async (id: string) => {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const { _id: _i, _rev: _r, ...onServer } = await serverTask(id);
      const locals = await Promise.all(all().map((host) => localTask(host, id)));
      if (locals.every((local) => deepEqual(local, { ...onServer, id })))
        return locals[0] as TaskDoc;
      if (Date.now() > deadline) {
        throw new Error(`Never converged: ${JSON.stringify({ onServer, locals }, null, 1)}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  };
  const newTask = async (title: string, assignees: string[]) => {
    const task = valueOf(
      await manager1.call('tasks.create', { programmeId, title, description: '', assignees }),
    );
    await manager1.synced();
    await converged(task.id);
    return task;
  };

  beforeAll(async () => {
    server = await startTestServer();
    for (const name of ['manager1', 'manager2']) await createAccount(server, name, ['manager']);
    await createAccount(server, 'mentor1', ['mentor']);
    const start = (username: string) =>
      startRemoteHost({
        dataDir: mkdtempSync(join(tmpdir(), `mmm-${username}-`)),
        serverUrl: server.url,
        username,
        password: passwordOf(username),
      });
    [manager1, manager2, mentor] = await Promise.all([
      start('manager1'),
      start('manager2'),
      start('mentor1'),
    ]);
    const programme = valueOf(
      await manager1.call('programmes.create', {
        name: 'Frontend',
        description: '',
        criteria: [],
      }),
    );
    programmeId = programme.id;
    valueOf(
      await manager1.call('programmeMembers.add', {
        programmeId,
        userId: 'manager2',
        role: 'manager',
      }),
    );
    valueOf(
      await manager1.call('programmeMembers.add', {
        programmeId,
        userId: 'mentor1',
        role: 'mentor',
      }),
    );
    await Promise.all(all().map((host) => host.synced()));
  }, 90_000);
  afterAll(async () => {
    await Promise.all(all().map((host) => host.close()));
    await server.close();
  });

  it('a task started and completed offline, the app restarted offline, is accepted (defect 2)', async () => {
    const task = await newTask('Write the onboarding guide', ['mentor1']);
    await offline(mentor);
    valueOf(await mentor.call('tasks.setStatus', { taskId: task.id, status: 'in_progress' }));
    valueOf(await mentor.call('tasks.setStatus', { taskId: task.id, status: 'completed' }));
    await mentor.restart();
    expect((await mentor.status())?.state).toBe('offline');
    await online(mentor);

    const final = await converged(task.id);
    expect(final.status).toBe('completed');
    expect(final.transitions?.map((step) => [step.from, step.to, step.by])).toEqual([
      ['pending', 'in_progress', 'mentor1'],
      ['in_progress', 'completed', 'mentor1'],
    ]);
    expect(await rejected()).toEqual([]);

    // A task created and started offline.
    await offline(manager2);
    const mine = valueOf(
      await manager2.call('tasks.create', {
        programmeId,
        title: 'Set up the repository',
        description: '',
        assignees: ['manager2'],
      }),
    );
    valueOf(await manager2.call('tasks.setStatus', { taskId: mine.id, status: 'in_progress' }));
    await online(manager2);
    expect((await converged(mine.id)).status).toBe('in_progress');
    expect(await rejected()).toEqual([]);
  }, 120_000);

  it('a second conflict on a task keeps the first one’s record (defect 1)', async () => {
    const task = await newTask('Plan the kickoff', ['mentor1']);
    const conflictsOf = async (host: RemoteHost) =>
      (await host.issues()).filter(
        (issue: SyncIssue) => issue.kind === 'conflict' && issue.docId === task.id,
      );

    await offline(manager1, manager2);
    valueOf(await manager1.call('tasks.edit', { taskId: task.id, title: 'A-1' }));
    valueOf(await manager2.call('tasks.edit', { taskId: task.id, title: 'B-1' }));
    await online(manager1, manager2);
    await converged(task.id);
    expect((await conflictsOf(manager2)).map((issue) => issue.localVersion['title'])).toEqual([
      'B-1',
    ]);

    await offline(manager1, manager2);
    valueOf(await manager1.call('tasks.edit', { taskId: task.id, dueDate: '2030-01-01' }));
    valueOf(await manager2.call('tasks.edit', { taskId: task.id, dueDate: '2030-02-02' }));
    await online(manager1, manager2);
    const final = await converged(task.id);
    expect(final).toMatchObject({ title: 'A-1', dueDate: '2030-01-01' });
    const records = await conflictsOf(manager2);
    expect(records.map((issue) => [issue.fields, issue.localVersion['title']])).toEqual([
      [['title'], 'B-1'],
      [['dueDate'], 'A-1'],
    ]);
    expect(records[1]?.localVersion['dueDate']).toBe('2030-02-02');

    // Restoring the older record puts back its title only, not its older due date.
    const older = records[0];
    valueOf(await manager2.call('sync.retryIssue', { id: older?.id ?? '' }));
    await manager2.synced();
    expect(await converged(task.id)).toMatchObject({ title: 'B-1', dueDate: '2030-01-01' });
    expect((await conflictsOf(manager2)).map((issue) => issue.fields)).toEqual([['dueDate']]);
  }, 120_000);

  it('three machines reconnecting at once merge a start, a reassignment and a title (defect 3)', async () => {
    for (let round = 0; round < 3; round++) {
      const task = await newTask(`Review round ${round}`, ['mentor1']);
      await offline(...all());
      valueOf(await mentor.call('tasks.setStatus', { taskId: task.id, status: 'in_progress' }));
      valueOf(
        await manager1.call('tasks.assign', {
          taskId: task.id,
          assignees: ['mentor1', 'manager1'],
        }),
      );
      valueOf(await manager2.call('tasks.edit', { taskId: task.id, title: `Renamed ${round}` }));
      await Promise.all(all().map((host) => host.network(true)));
      await Promise.all(all().map((host) => host.synced()));

      const final = await converged(task.id);
      expect(final.title).toBe(`Renamed ${round}`);
      expect(await rejected()).toEqual([]);
      // Who has the task and where it stands is one decision: the start or the reassignment
      // stands, and the other is kept in a record on the machine that made it.
      const started = final.status === 'in_progress';
      const loser = started ? manager1 : mentor;
      const records = (await loser.issues()).filter((issue) => issue.docId === task.id);
      expect(records.length, JSON.stringify(final)).toBeGreaterThan(0);
      if (started) expect(final.assignees).toEqual(['mentor1']);
      else expect(final.assignees).toEqual(['mentor1', 'manager1']);
    }
  }, 180_000);
});
