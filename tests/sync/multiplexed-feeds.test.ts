// The live feeds of an installation in one request (electron/core/sync/database-feeds.ts) against
// the embedded server, which offers `POST /_mmm/changes`: two installations converge with no
// per-database longpoll at all; a programme joined is added to the one request and its live
// changes come through it; a server without the feature (Apache CouchDB) gets one longpoll per
// database, as before.
import { firstValueFrom } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocOf } from '../../shared/schema';
import { MULTIPLEXED_FEATURE, MULTIPLEXED_PATH } from '../../shared/sync/multiplexed-changes';
import { databaseOf, orgScope, programmeScope } from '../../shared/sync/layout';
import type { EmbeddedServer } from '../../server/embedded/startEmbeddedServer';
import { membership, profile, programme, task } from '../server/docs';
import { createAccount, passwordOf, place, startTestServer, waitFor } from '../server/harness';
import { startTestClient } from './client';
import { startRemoteClient } from './remote-client';
import type { RemoteClient } from './remote-client';
import type { TestClient } from './client';

const P1 = databaseOf(programmeScope('p1'));
const ORG = databaseOf(orgScope);
/** A test document as the app holds it: `id`, not `_id`. */
const appDoc = ({ _id: id, ...fields }: Record<string, unknown>) => ({ ...fields, id: String(id) });

/** A fetch that counts the live requests it sends: multiplexed ones (with their databases) and longpolls. */
const countingFetch = (options: { readonly hideFeature?: boolean } = {}) => {
  const seen = { multiplexed: [] as string[][], longpolls: 0 };
  /** As Apache CouchDB: no feature in the welcome, and the route taken for a database name. */
  let couchdb = options.hideFeature ?? false;
  const network: typeof fetch = async (input, init) => {
    const url = new URL(String(input instanceof Request ? input.url : input));
    if (url.pathname === MULTIPLEXED_PATH && typeof init?.body === 'string') {
      const body = JSON.parse(init.body) as { since: Record<string, unknown> };
      seen.multiplexed.push(Object.keys(body.since).sort());
      if (couchdb) {
        return Response.json(
          { error: 'illegal_database_name', reason: "Name: '_mmm'." },
          { status: 400 },
        );
      }
    }
    if (url.pathname.endsWith('/_changes') && url.searchParams.get('feed') === 'longpoll') {
      seen.longpolls += 1;
    }
    const response = await fetch(input, init);
    if (!couchdb || url.pathname !== '/') return response;
    // Apache CouchDB's welcome: the same, without this server's feature.
    const welcome = (await response.json()) as { features?: unknown[] };
    const features = (welcome.features ?? []).filter((name) => name !== MULTIPLEXED_FEATURE);
    return new Response(JSON.stringify({ ...welcome, features }), {
      status: response.status,
      headers: { 'content-type': 'application/json' },
    });
  };
  return {
    seen,
    network,
    /** From now on the server answers as Apache CouchDB would. */
    becomeCouchDb: () => {
      couchdb = true;
    },
  };
};

describe('one live request per installation', () => {
  let server: EmbeddedServer;
  // In its own process: RxDB's open-source build opens 13 collections per process, one client's.
  let manager: RemoteClient;
  let mentor: TestClient;
  const mentorNet = countingFetch();

  beforeAll(async () => {
    server = await startTestServer();
    await createAccount(server, 'manager1', ['manager']);
    await createAccount(server, 'mentor1', ['mentor']);
    await place(server, 'manager1', 'programmes', programme('p1', 'manager1'));
    manager = await startRemoteClient({
      serverUrl: server.url,
      username: 'manager1',
      password: passwordOf('manager1'),
    });
    mentor = await startTestClient({
      serverUrl: server.url,
      username: 'mentor1',
      password: passwordOf('mentor1'),
      fetch: mentorNet.network,
    });
    await manager.waitFor('the manager idle', async (c) => (await c.status()).state === 'idle');
    await mentor.waitForStatus((s) => s.state === 'idle');
  }, 60_000);
  afterAll(async () => {
    await mentor.close();
    await manager.close();
    await server.close();
  });

  it('two installations converge through it, with no per-database longpoll', async () => {
    await manager.call('insert', {
      collection: 'programmes',
      doc: appDoc(programme('p2', 'manager1')),
    });
    await mentor.database.users.insert(appDoc(profile('mentor1', 'mentor')) as DocOf<'users'>);
    await waitFor(
      'the manager’s programme on the mentor’s machine',
      async () => (await mentor.database.programmes.findOne('p2').exec()) !== null,
    );
    await manager.waitFor(
      'the mentor’s profile on the manager’s machine',
      async (c) => (await c.call('get', { collection: 'users', docId: 'mentor1' })) !== null,
    );
    expect(mentorNet.seen.longpolls).toBe(0);
    // Every database the mentor replicates, in the one request.
    const last = mentorNet.seen.multiplexed.at(-1) ?? [];
    expect(last).toContain(ORG);
    expect(last).toEqual([...(await firstValueFrom(mentor.engine.databases$))].sort());
    expect(mentor.issues.current()).toEqual([]);
    expect(await manager.issues()).toEqual([]);
  });

  it('a programme joined is added to the one request, and its live changes come through it', async () => {
    const asked = mentorNet.seen.multiplexed.length;
    expect(
      (await place(server, 'manager1', 'programmeMembers', membership('p1', 'mentor1', 'manager1')))
        .status,
    ).toBe(201);
    await waitFor('p1 in the mentor’s request', () =>
      Promise.resolve(mentorNet.seen.multiplexed.slice(asked).some((names) => names.includes(P1))),
    );
    await mentor.waitForStatus((s) => s.state === 'idle');
    // Written after the join: only the live feed brings it (no catch-up runs by itself).
    await place(
      server,
      'manager1',
      'tasks',
      task('t-live', 'manager1', ['mentor1'], { programmeId: 'p1' }),
    );
    await waitFor(
      'the new task on the mentor’s machine',
      async () => (await mentor.database.tasks.findOne('t-live').exec()) !== null,
    );
    expect(mentorNet.seen.longpolls).toBe(0);
  });
});

/** A fresh server and one manager's installation on `net`, for one test. */
const withManager = async (
  net: ReturnType<typeof countingFetch>,
  test: (server: EmbeddedServer, client: TestClient) => Promise<void>,
) => {
  const server = await startTestServer();
  let client: TestClient | undefined;
  try {
    await createAccount(server, 'manager1', ['manager']);
    client = await startTestClient({
      serverUrl: server.url,
      username: 'manager1',
      password: passwordOf('manager1'),
      fetch: net.network,
    });
    await client.waitForStatus((s) => s.state === 'idle');
    await test(server, client);
  } finally {
    await client?.close();
    await server.close();
  }
};

describe('a server without the multiplexed feed', () => {
  it('gets one longpoll per database, and changes still arrive', async () => {
    const net = countingFetch({ hideFeature: true });
    await withManager(net, async (server, client) => {
      await place(server, 'manager1', 'programmes', programme('p9', 'manager1'));
      await waitFor(
        'the programme on the machine',
        async () => (await client.database.programmes.findOne('p9').exec()) !== null,
      );
      expect(net.seen.multiplexed).toEqual([]);
      expect(net.seen.longpolls).toBeGreaterThan(1);
    });
  }, 60_000);
});

describe('a server swapped for one without the route, under a running app', () => {
  it('moves every database to a longpoll of its own, and changes still arrive', async () => {
    const net = countingFetch();
    await withManager(net, async (server, client) => {
      // Idle can come before the live request goes out (it follows each database's start).
      await waitFor('the multiplexed request', () =>
        Promise.resolve(net.seen.multiplexed.length > 0),
      );
      expect(net.seen.longpolls).toBe(0);
      net.becomeCouchDb();
      // The request held now ends with a change; the next one meets the route missing.
      await place(server, 'manager1', 'programmes', programme('p7', 'manager1'));
      await waitFor(
        'the first programme on the machine',
        async () => (await client.database.programmes.findOne('p7').exec()) !== null,
      );
      await waitFor('a longpoll per database', () => Promise.resolve(net.seen.longpolls > 1));
      const asked = net.seen.multiplexed.length;
      // Written after the move: only the database's own longpoll can bring it.
      await place(server, 'manager1', 'programmes', programme('p8', 'manager1'));
      await waitFor(
        'the second programme on the machine',
        async () => (await client.database.programmes.findOne('p8').exec()) !== null,
      );
      // Not asked in a loop once missing (at most the one request under way when it went).
      expect(net.seen.multiplexed.length - asked).toBeLessThanOrEqual(1);
    });
  }, 60_000);
});
