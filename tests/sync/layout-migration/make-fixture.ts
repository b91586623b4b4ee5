// Makes the fixture of the layout migration test (issue 21): an installation of the app as it was
// before the server's data was partitioned by audience, holding changes it never sent, and the
// server it synced with. Run with the code of that time (commit 6dde09a or before):
//   tsx tests/sync/layout-migration/make-fixture.ts
// It writes beside itself:
// - client.sqlite.gz: mentor1's local database (the app's own file, closed cleanly);
// - server.json: every document of every app database of the server, with its revision history
//   (`_revisions`), the accounts, and what mentor1's installation was still to send.
//
// The organisation: programmes Frontend (manager1, mentor1, mentor2) and Backend (manager1,
// mentor2). mentor1 synced everything the old layout let them read — Backend's task and mentor2's
// draft too — then, with sync paused, edited their draft, started their task, changed their
// profile and mentor details, wrote a new draft, submitted a new report and applied to Backend.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { collectionNames } from '../../../shared/schema';
import { databaseName } from '../../../shared/sync/database-names';
import { startAppHarness } from '../../support/app-harness';
import { T0, createAccount, http, startTestServer, type Answer } from '../../server/harness';
import { profile, programme, report, task } from '../../server/docs';

const here = __dirname;
const T1 = '2025-03-01T10:00:00.000Z';

const membership = (programmeId: string, userId: string, role: string, createdBy: string) => ({
  _id: `${programmeId}~${userId}`,
  programmeId,
  userId,
  role,
  createdBy,
  createdAt: T0,
  updatedAt: T0,
});

const ok = (answer: Answer, what: string) => {
  if (answer.status >= 300) throw new Error(`${what}: ${JSON.stringify(answer)}`);
  return answer;
};

void (async () => {
  const server = await startTestServer();
  // The harness closes the server with the app unless it was given one: the dump comes after.
  const app = await startAppHarness({ server });
  for (const [name, role] of [
    ['manager1', 'manager'],
    ['mentor1', 'mentor'],
    ['mentor2', 'mentor'],
  ] as const) {
    await createAccount(server, name, [role]);
  }
  const put = async (collection: string, doc: Record<string, unknown>) =>
    ok(
      await http(
        server,
        'server-admin',
        'PUT',
        `/${databaseName(collection as never)}/${encodeURIComponent(String(doc['_id']))}`,
        doc,
      ),
      `${collection} ${String(doc['_id'])}`,
    );
  for (const [name, role] of [
    ['manager1', 'manager'],
    ['mentor1', 'mentor'],
    ['mentor2', 'mentor'],
  ] as const) {
    await put('users', profile(name, role));
  }
  await put('programmes', programme('frontend', 'manager1', { name: 'Frontend' }));
  await put('programmes', programme('backend', 'manager1', { name: 'Backend' }));
  for (const [programmeId, userId, role] of [
    ['frontend', 'manager1', 'manager'],
    ['frontend', 'mentor1', 'mentor'],
    ['frontend', 'mentor2', 'mentor'],
    ['backend', 'manager1', 'manager'],
    ['backend', 'mentor2', 'mentor'],
  ] as const) {
    await put('programmeMembers', membership(programmeId, userId, role, 'manager1'));
  }
  await put(
    'tasks',
    task('task-frontend', 'manager1', ['mentor1'], { programmeId: 'frontend', transitions: [] }),
  );
  await put(
    'tasks',
    task('task-backend', 'manager1', ['mentor2'], { programmeId: 'backend', transitions: [] }),
  );
  await put(
    'reports',
    report('draft-mentor2', 'mentor2', { programmeId: 'backend', title: 'Backend week 1' }),
  );

  await app.signIn('mentor1');
  await app.call('users.editProfile', { userId: 'mentor1', fullName: 'Mentor One' });
  const details = await app.call('userDetails.submit', {
    previousRoles: ['Developer'],
    previousProgrammes: [],
    yearsOfTechnicalExperience: 3,
    beenMentorBefore: false,
    technicalProficiency: [],
  });
  const draft = await app.call('reports.write', {
    type: 'programme',
    programmeId: 'frontend',
    title: 'Frontend week 1',
    achievements: 'Set up the project',
    blockers: '',
    recommendations: '',
  });
  await app.synced();

  // Offline, as far as the server knows: nothing below reaches it.
  await app.call('sync.pause', {});
  await app.call('reports.edit', {
    reportId: draft.id,
    achievements: 'Set up the project, offline',
  });
  await app.call('tasks.setStatus', { taskId: 'task-frontend', status: 'in_progress' });
  await app.call('users.editProfile', { userId: 'mentor1', city: 'Lagos' });
  await app.call('userDetails.submit', {
    previousRoles: ['Developer', 'Team lead'],
    previousProgrammes: [],
    yearsOfTechnicalExperience: 4,
    beenMentorBefore: false,
    technicalProficiency: [],
  });
  const newDraft = await app.call('reports.write', {
    type: 'programme',
    programmeId: 'frontend',
    title: 'Frontend week 2',
    achievements: 'Written on the train',
    blockers: '',
    recommendations: '',
  });
  const submitted = await app.call('reports.write', {
    type: 'task',
    programmeId: 'frontend',
    taskId: 'task-frontend',
    title: 'Task report',
    achievements: 'Started the task',
    blockers: '',
    recommendations: '',
    submit: true,
  });
  const application = await app.call('applications.apply', {
    programmeId: 'backend',
    answers: {},
  });
  // Seven documents wait: three reports, the task, the profile, the details, the application.
  const status = await app.until('sync.status', {}, (now) => (now?.outboxTotal ?? 0) >= 7);
  await app.close();

  // Every app database, every document with its revision history.
  const databases = (
    ok(await http(server, 'server-admin', 'GET', '/_all_dbs'), 'databases')
      .body as unknown as string[]
  ).filter((name) => name.startsWith('mmm-'));
  const docs: Record<string, Record<string, unknown>[]> = {};
  for (const database of databases) {
    const all = ok(await http(server, 'server-admin', 'GET', `/${database}/_all_docs`), database)
      .body['rows'] as { id: string }[];
    docs[database] = [];
    for (const { id } of all.filter((row) => !row.id.startsWith('_design/'))) {
      const doc = ok(
        await http(
          server,
          'server-admin',
          'GET',
          `/${database}/${encodeURIComponent(id)}?revs=true`,
        ),
        id,
      ).body;
      docs[database].push(doc);
    }
  }
  await server.close();

  const files = readdirSync(join(app.dataDir, 'databases'));
  const file = files.find((name) => name.endsWith('.sqlite'));
  if (!file) throw new Error(`No local database in ${app.dataDir}: ${files.join(', ')}`);
  mkdirSync(here, { recursive: true });
  writeFileSync(
    join(here, 'client.sqlite.gz'),
    gzipSync(readFileSync(join(app.dataDir, 'databases', file)), { level: 9 }),
  );
  writeFileSync(
    join(here, 'server.json'),
    `${JSON.stringify(
      {
        made: T1,
        serverUrl: server.url,
        databaseFile: file,
        accounts: { manager1: 'manager', mentor1: 'mentor', mentor2: 'mentor' },
        collections: collectionNames,
        unsent: {
          pendingIds: status?.pendingIds ?? {},
          draft: draft.id,
          newDraft: newDraft.id,
          submitted: submitted.id,
          application: application.id,
          details: details.id,
        },
        docs,
      },
      null,
      2,
    )}\n`,
  );
  console.log(
    `Wrote client.sqlite.gz (${file}) and server.json; pending ${JSON.stringify(status?.pendingIds)}`,
  );
  process.exit(0);
})();
