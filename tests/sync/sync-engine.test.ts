// The sync engine against the real embedded server: push, pull, the outbox, refusals and faults.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoOrganisation } from '../../shared/demo';
import type { ProgrammeDoc } from '../../shared/schema';
import type { EmbeddedServer } from '../../server/embedded/startEmbeddedServer';
import { createAccount, http, passwordOf, startTestServer, waitFor } from '../server/harness';
import { startTestClient } from './client';
import type { TestClient } from './client';

const demo = generateDemoOrganisation({ seed: 11 });
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
    await client.database.programmes.insert(programme);
    const pending = await client.waitForStatus((s) => s.outboxTotal === 1);
    expect(pending.outbox).toEqual({ programmes: 1 });
    expect(pending.pendingIds.programmes).toEqual([programme.id]);
    await client.waitForStatus((s) => s.outboxTotal === 0 && s.state === 'idle');
    const onServer = await http(server, 'server-admin', 'GET', `/mmm-programmes/${programme.id}`);
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
    expect((await http(server, 'server-admin', 'GET', `/mmm-programmes/${forged.id}`)).status).toBe(
      404,
    );

    const later = programmeBy(manager, 3);
    await client.database.programmes.insert(later);
    await waitFor(
      'the later programme on the server',
      async () =>
        (await http(server, 'server-admin', 'GET', `/mmm-programmes/${later.id}`)).status === 200,
    );
  });

  it('pulls what others wrote', async () => {
    const remote = programmeBy(manager, 4);
    const { id, ...fields } = remote;
    const put = await http(server, manager, 'PUT', `/mmm-programmes/${id}`, { _id: id, ...fields });
    expect(put.status).toBe(201);
    await waitFor(
      'the remote programme locally',
      async () => (await client.database.programmes.findOne(id).exec()) !== null,
    );
  });
});
