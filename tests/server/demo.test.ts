import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, generateDemoOrganisation } from '../../shared/demo/index';
import {
  startEmbeddedServer,
  type EmbeddedServer,
} from '../../server/embedded/startEmbeddedServer';
import {
  couchIdOf,
  databaseOf,
  orgScope,
  personScope,
  programmeScope,
} from '../../shared/sync/layout';
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
  it('is loaded where each document lives and its people can sign in', async () => {
    const prefix = encodeURIComponent(JSON.stringify('programmes:'));
    const end = encodeURIComponent(JSON.stringify('programmes:\ufff0'));
    const programmes = await http(
      server,
      'server-admin',
      'GET',
      `/${databaseOf(orgScope)}/_all_docs?startkey=${prefix}&endkey=${end}`,
    );
    expect(programmes.body['rows']).toHaveLength(org.programmes.length);
    const membership = org.programmeMembers.find((member) => member.role === 'mentor');
    expect(membership).toBeDefined();
    const mentor = membership!.userId;
    const session = await asDemo(mentor, '/_session');
    expect(session.status).toBe(200);
    const theirs = databaseOf(programmeScope(membership!.programmeId));
    expect((await asDemo(mentor, `/${theirs}/_all_docs`)).status).toBe(200);
    const other = org.programmes.find(
      (programme) =>
        !org.programmeMembers.some(
          (member) => member.programmeId === programme.id && member.userId === mentor,
        ),
    );
    expect(other).toBeDefined();
    const notTheirs = databaseOf(programmeScope(other!.id));
    expect([401, 403]).toContain((await asDemo(mentor, `/${notTheirs}/_all_docs`)).status);
  });

  it('reaches each mentor’s own database through replication, and only theirs', async () => {
    const recipient = org.notifications.find((n) =>
      org.users.some((u) => u.id === n.recipientId && u.role === 'mentor'),
    );
    expect(recipient).toBeDefined();
    const name = recipient!.recipientId;
    const theirs = databaseOf(personScope(name));
    const id = couchIdOf('notifications', recipient!.id);
    let rows: { id: string }[] = [];
    for (let tries = 0; tries < 100 && !rows.some((row) => row.id === id); tries++) {
      rows = (await asDemo(name, `/${theirs}/_all_docs`)).body.rows ?? [];
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(rows.map((row) => row.id)).toContain(id);
    const other = org.users.find((u) => u.role === 'mentor' && u.id !== name)!;
    expect([401, 403]).toContain((await asDemo(other.id, `/${theirs}/_all_docs`)).status);
  });
});
