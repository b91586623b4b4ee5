// What a catch-up reads of the server (electron/core/sync/collection-replication.ts): a
// collection with none of its documents in a database does not read that database from its start
// again at the next catch-up. RxDB stores no checkpoint for a pull that brings no documents, so
// before, every catch-up of a programme's database full of tasks had reports, chats, messages and
// forum posts read all of it again (a first pull read each page twice).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseOf, programmeScope } from '../../shared/sync/layout';
import type { EmbeddedServer } from '../../server/embedded/startEmbeddedServer';
import { programme, task } from '../server/docs';
import {
  createAccount,
  passwordOf,
  place,
  placeAll,
  startTestServer,
  waitForDatabase,
} from '../server/harness';
import { startTestClient } from './client';
import type { TestClient } from './client';

const P1 = databaseOf(programmeScope('p1'));
const TASKS = 2_500;

describe('catching up', () => {
  let server: EmbeddedServer;
  let client: TestClient;
  /** The `since` of every catch-up read of the programme's database, in order. */
  const reads: string[] = [];

  beforeAll(async () => {
    server = await startTestServer();
    await createAccount(server, 'manager1', ['manager']);
    await place(server, 'manager1', 'programmes', programme('p1', 'manager1'));
    await waitForDatabase(server, 'manager1', P1);
    await placeAll(
      server,
      'tasks',
      Array.from({ length: TASKS }, (_, i) =>
        task(`t${String(i).padStart(5, '0')}`, 'manager1', []),
      ),
    );
    const network: typeof fetch = async (input, init) => {
      const url = new URL(String(input instanceof Request ? input.url : input));
      if (url.pathname === `/${P1}/_changes` && url.searchParams.get('feed') === 'normal') {
        reads.push(url.searchParams.get('since') ?? '');
      }
      return await fetch(input, init);
    };
    client = await startTestClient({
      serverUrl: server.url,
      username: 'manager1',
      password: passwordOf('manager1'),
      fetch: network,
    });
  }, 120_000);
  afterAll(async () => {
    await client.close();
    await server.close();
  });

  const allTasks = async () => {
    await client.waitForStatus((status) => status.state === 'idle', 60_000);
    for (let i = 0; i < 600 && (await client.database.tasks.count().exec()) < TASKS; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(await client.database.tasks.count().exec()).toBe(TASKS);
  };

  it('reads a database once per catch-up, whatever collections find nothing in it', async () => {
    await allTasks();
    // Three pages of 1,000; each read once (the feed starting as the first catch-up runs may ask
    // the first page again), never each page once per collection.
    const fromStart = reads.filter((since) => since === '0').length;
    expect(fromStart).toBeGreaterThanOrEqual(1);
    expect(fromStart).toBeLessThanOrEqual(2);
    expect(reads.length).toBeLessThanOrEqual(8);
  });

  it('starts the next catch-up where the last one ended, for every collection', async () => {
    reads.length = 0;
    // Sync paused and resumed: the feeds start again, and every collection catches up.
    await client.engine.pause();
    await client.engine.resume();
    await allTasks();
    await client.waitForStatus((status) => status.state === 'idle', 60_000);
    expect(reads.length).toBeGreaterThan(0);
    expect(reads).not.toContain('0');
  });
});
