import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, generateDemoOrganisation } from '../../shared/demo/index';
import {
  startEmbeddedServer,
  type EmbeddedServer,
} from '../../server/embedded/startEmbeddedServer';
import { databaseName, privateDatabaseName } from '../../server/provision/databaseNames';
import { basicAuth } from '../../server/provision/couchClient';
import { ADMIN, http } from './harness';

/** `npm run server -- --demo`: the demo organisation, passing the server's own rules. */
let server: EmbeddedServer;
const org = generateDemoOrganisation();

const asDemo = async (name: string, path: string) => {
  const answer = await fetch(`${server.url}${path}`, {
    headers: { authorization: basicAuth({ username: name, password: DEMO_PASSWORD }) },
  });
  return { status: answer.status, body: (await answer.json()) as { rows?: { id: string }[] } };
};

beforeAll(async () => {
  server = await startEmbeddedServer({
    port: 0,
    memory: true,
    admin: ADMIN,
    demo: true,
    log: () => undefined,
  });
}, 90_000);
afterAll(async () => {
  await server.close();
});

describe('the demo organisation', () => {
  it('is loaded into the shared databases and its people can sign in', async () => {
    const programmes = await http(server, 'server-admin', 'GET', `/${databaseName('programmes')}`);
    expect(programmes.body.doc_count).toBe(org.programmes.length + 1); // + the design document
    const mentor = org.users.find((user) => user.role === 'mentor');
    expect(mentor).toBeDefined();
    const session = await asDemo(mentor!.id, '/_session');
    expect(session.status).toBe(200);
    expect((await asDemo(mentor!.id, `/${databaseName('tasks')}/_all_docs`)).status).toBe(200);
  });

  it('reaches each mentor’s private databases through replication, and only theirs', async () => {
    const recipient = org.notifications.find((n) =>
      org.users.some((u) => u.id === n.recipientId && u.role === 'mentor'),
    );
    expect(recipient).toBeDefined();
    const name = recipient!.recipientId;
    const theirs = privateDatabaseName(name, 'notifications');
    let rows: { id: string }[] = [];
    for (let tries = 0; tries < 100 && !rows.some((row) => row.id === recipient!.id); tries++) {
      rows = (await asDemo(name, `/${theirs}/_all_docs`)).body.rows ?? [];
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(rows.map((row) => row.id)).toContain(recipient!.id);
    const other = org.users.find((u) => u.role === 'mentor' && u.id !== name)!;
    expect([401, 403]).toContain((await asDemo(other.id, `/${theirs}/_all_docs`)).status);
  });
});
