// The set of databases an installation replicates follows membership live (shared/sync/audiences):
// joining a programme starts its replication; leaving stops it and takes its documents off the
// machine without a deletion that could ever be pushed (rejoining finds the programme's data
// intact on the server), and the person's own change not yet sent is kept as a sync issue.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstValueFrom } from 'rxjs';
import { transition } from '../../shared/domain';
import { isRelationRefusal } from '../../shared/domain/notifications';
import type { NotificationDoc, ReportDoc } from '../../shared/schema';
import {
  couchIdOf,
  databaseOf,
  orgScope,
  personScope,
  programmeScope,
} from '../../shared/sync/layout';
import type { EmbeddedServer } from '../../server/embedded/startEmbeddedServer';
import { membership, notification, programme, report, task } from '../server/docs';
import {
  createAccount,
  http,
  passwordOf,
  place,
  startTestServer,
  update,
  waitFor,
} from '../server/harness';
import { NOT_A_MEMBER_ANY_MORE } from '../../electron/core/sync/sync-engine';
import { startTestClient } from './client';
import type { TestClient } from './client';

const PROGRAMME_DB = databaseOf(programmeScope('p1'));
const ORG = databaseOf(orgScope);
const MEMBERSHIP = couchIdOf('programmeMembers', 'p1~mentor1');
const MENTOR_DB = databaseOf(personScope('mentor1'));
/** A test document as the app holds it: `id`, not `_id`. */
const appDoc = ({ _id: id, ...fields }: Record<string, unknown>) => ({ ...fields, id: String(id) });
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

  it('a draft submitted offline, its programme then left: the draft is here again, the submission kept, its notice refused and kept', async () => {
    await mentor.database.reports.insert(appDoc(report('r1', 'mentor1')) as ReportDoc);
    await waitFor(
      'the draft in the mentor’s own database',
      async () =>
        (await http(server, 'mentor1', 'GET', `/${MENTOR_DB}/${couchIdOf('reports', 'r1')}`))
          .status === 200,
    );
    await mentor.waitForStatus((s) => s.state === 'idle' && s.outboxTotal === 0);

    await mentor.engine.pause();
    const draft = await mentor.database.reports.findOne('r1').exec();
    const submitted = transition('report', draft?.toJSON() as never, 'submitted', {
      by: 'mentor1',
      at: new Date().toISOString(),
    });
    if (!submitted.ok) throw new Error(submitted.error.message);
    await draft?.incrementalPatch(submitted.doc);
    const removed = await update(server, 'manager1', ORG, MEMBERSHIP, { _deleted: true });
    expect(removed.status).toBe(201);
    await waitFor('the mentor refused by the programme’s database', async () =>
      [401, 403].includes((await http(server, 'mentor1', 'GET', `/${PROGRAMME_DB}`)).status),
    );
    await mentor.engine.resume();

    // What the server holds of it (the draft, in the mentor's database) is what this machine holds.
    await waitFor(
      'the draft here again',
      async () => (await mentor.database.reports.findOne('r1').exec())?.state === 'draft',
      30_000,
    );
    const keptSubmission = mentor.issues
      .current()
      .find((issue) => issue.docId === 'r1' && issue.localVersion['state'] === 'submitted');
    expect(keptSubmission?.message).toBe(NOT_A_MEMBER_ANY_MORE);
    const there = await http(
      server,
      'mentor1',
      'GET',
      `/${MENTOR_DB}/${couchIdOf('reports', 'r1')}`,
    );
    expect(there.body['state']).toBe('draft');

    // A notice about that programme sent now (the submission's, say) is refused by the server's
    // relation rule, and kept here with its reason (the app sends such refusals again for a
    // while: a membership may be on its way back).
    const notice = appDoc(
      notification('r1', 'mentor1', 'manager1', 'report_submitted', 'p1'),
    ) as NotificationDoc;
    await mentor.database.notifications.insert(notice);
    await waitFor('the notice refused for the relation and kept', () =>
      Promise.resolve(
        mentor.issues
          .current()
          .some((issue) => issue.docId === notice.id && isRelationRefusal(issue.message)),
      ),
    );
    const noticeThere = await http(
      server,
      'mentor1',
      'GET',
      `/${MENTOR_DB}/${encodeURIComponent(couchIdOf('notifications', notice.id))}`,
    );
    expect(noticeThere.status).toBe(404);
    expect(await mentor.database.notifications.findOne(notice.id).exec()).not.toBeNull();
  });
});
