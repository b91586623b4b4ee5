// An organisation running the per-collection layout upgrades in place (issue 21): provisioning
// moves the server's documents into the layout partitioned by audience, revisions and all, and an
// installation of the old app — mentor1's, with seven changes it never sent (the fixture,
// make-fixture.ts) — switches to the new replications without losing any: each goes up as an edit
// of the revision it was made on, with no conflict, and what the new layout does not let mentor1
// read (another programme's task, another mentor's draft) leaves the machine.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  couchIdOf,
  databaseOf,
  orgScope,
  personScope,
  programmeScope,
} from '../../../shared/sync/layout';
import { provision } from '../../../server/provision/provision';
import { startEmbeddedServer } from '../../../server/embedded/startEmbeddedServer';
import type { EmbeddedServer } from '../../../server/embedded/startEmbeddedServer';
import { ADMIN, http, passwordOf, waitFor } from '../../server/harness';
import { startTestClient } from '../client';
import type { TestClient } from '../client';

const here = __dirname;
interface Fixture {
  readonly serverUrl: string;
  readonly unsent: {
    readonly pendingIds: Record<string, string[]>;
    readonly draft: string;
    readonly newDraft: string;
    readonly submitted: string;
    readonly application: string;
    readonly details: string;
  };
  readonly docs: Record<string, Record<string, unknown>[]>;
}
const fixture = JSON.parse(readFileSync(join(here, 'server.json'), 'utf8')) as Fixture;

const ORG = databaseOf(orgScope);
const MENTOR1 = databaseOf(personScope('mentor1'));
const FRONTEND = databaseOf(programmeScope('frontend'));
const BACKEND = databaseOf(programmeScope('backend'));

describe('an organisation of the per-collection layout upgrades in place', () => {
  let server: EmbeddedServer;
  let mentor: TestClient | undefined;
  const read = async (database: string, collection: string, id: string) =>
    http(
      server,
      'server-admin',
      'GET',
      `/${database}/${encodeURIComponent(couchIdOf(collection as never, id))}`,
    );

  beforeAll(async () => {
    // The same address as the old installation knew: RxDB names its replications by it, and an
    // upgrade in place keeps the server's address.
    const port = Number(new URL(fixture.serverUrl).port);
    server = await startEmbeddedServer({ port, memory: true, admin: ADMIN, log: () => undefined });
    const provisioning = { url: server.url, admin: ADMIN, fetch, replicateBy: 'name' as const };
    // The server as it was: the old layout's databases, holding what the fixture's server held.
    await provision({ ...provisioning, layout: 'per-collection' });
    for (const [name, role] of Object.entries({
      manager1: 'manager',
      mentor1: 'mentor',
      mentor2: 'mentor',
    })) {
      const id = `org.couchdb.user:${name}`;
      const made = await http(server, 'server-admin', 'PUT', `/_users/${encodeURIComponent(id)}`, {
        _id: id,
        name,
        type: 'user',
        roles: [role],
        password: passwordOf(name),
      });
      expect(made.status).toBe(201);
    }
    await provision({ ...provisioning, layout: 'per-collection' });
    for (const [database, docs] of Object.entries(fixture.docs)) {
      if (docs.length === 0) continue;
      const written = await http(server, 'server-admin', 'POST', `/${database}/_bulk_docs`, {
        docs,
        new_edits: false,
      });
      expect(written.status).toBe(201);
    }
    // The upgrade: provisioning of the partitioned layout moves the documents.
    const { changes } = await provision(provisioning);
    expect(changes.some((change) => change.startsWith('moved'))).toBe(true);
  }, 60_000);
  afterAll(async () => {
    await mentor?.close();
    await server.close();
  });

  it('moves every document to where it lives now, with its revisions', async () => {
    expect((await read(ORG, 'users', 'mentor1')).body['_rev']).toBe(
      '2-858a82ee9883abd4c650f04737066966',
    );
    expect((await read(FRONTEND, 'tasks', 'task-frontend')).status).toBe(200);
    expect((await read(BACKEND, 'tasks', 'task-backend')).status).toBe(200);
    expect((await read(MENTOR1, 'reports', fixture.unsent.draft)).body['state']).toBe('draft');
    expect((await read(MENTOR1, 'userDetails', fixture.unsent.details)).status).toBe(200);
    // The old databases are closed to everyone but server admins; a second run moves nothing.
    expect(
      (await http(server, 'mentor1', 'GET', '/mmm-reports/_all_docs')).status,
    ).toBeGreaterThanOrEqual(401);
    const again = await provision({ url: server.url, admin: ADMIN, fetch, replicateBy: 'name' });
    expect(again.changes.filter((change) => change.startsWith('moved'))).toEqual([]);
  });

  it('the old installation sends its seven unsent changes as edits, with no conflict', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'mmm-old-client-'));
    writeFileSync(
      join(directory, 'client.sqlite'),
      gunzipSync(readFileSync(join(here, 'client.sqlite.gz'))),
    );
    mentor = await startTestClient({
      serverUrl: server.url,
      username: 'mentor1',
      password: passwordOf('mentor1'),
      directory,
    });
    const client = mentor;
    await waitFor(
      'every unsent change on the server',
      () => Promise.resolve(client.status().state === 'idle' && client.status().outboxTotal === 0),
      30_000,
    );
    const { unsent } = fixture;
    const profile = await read(ORG, 'users', 'mentor1');
    expect(profile.body).toMatchObject({ city: 'Lagos' });
    expect(String(profile.body['_rev'])).toMatch(/^3-/);
    const details = await read(MENTOR1, 'userDetails', unsent.details);
    expect(details.body).toMatchObject({ yearsOfTechnicalExperience: 4 });
    expect(String(details.body['_rev'])).toMatch(/^2-/);
    const task = await read(FRONTEND, 'tasks', 'task-frontend');
    expect(task.body).toMatchObject({ status: 'in_progress' });
    expect(String(task.body['_rev'])).toMatch(/^2-/);
    const draft = await read(MENTOR1, 'reports', unsent.draft);
    expect(draft.body).toMatchObject({
      state: 'draft',
      achievements: 'Set up the project, offline',
    });
    expect(String(draft.body['_rev'])).toMatch(/^2-/);
    expect((await read(MENTOR1, 'reports', unsent.newDraft)).body).toMatchObject({
      state: 'draft',
    });
    expect((await read(FRONTEND, 'reports', unsent.submitted)).body).toMatchObject({
      state: 'submitted',
    });
    expect((await read(MENTOR1, 'applications', unsent.application)).body).toMatchObject({
      programmeId: 'backend',
      userId: 'mentor1',
    });
    expect(client.issues.current()).toEqual([]);
  });

  it('what mentor1 may no longer read leaves their machine', async () => {
    const client = mentor;
    if (!client) throw new Error('No client.');
    await waitFor(
      'the other programme’s task and the other mentor’s draft gone',
      async () =>
        (await client.database.tasks.findOne('task-backend').exec()) === null &&
        (await client.database.reports.findOne('draft-mentor2').exec()) === null,
    );
    // Gone from the machine only: the server still has them.
    expect((await read(BACKEND, 'tasks', 'task-backend')).status).toBe(200);
    expect((await http(server, 'mentor1', 'GET', `/${BACKEND}`)).status).toBeGreaterThanOrEqual(
      401,
    );
    expect(await client.database.tasks.findOne('task-frontend').exec()).not.toBeNull();
  });
});
