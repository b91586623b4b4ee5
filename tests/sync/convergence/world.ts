// The organisation the convergence test works in: a real embedded server, accounts, and one
// installation of the app per person, each in its own process, set up as people would set it up.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deepEqual } from 'rxdb/plugins/utils';
import type { HostResult } from '../../../shared/contract';
import { collectionNames } from '../../../shared/schema';
import { databaseFor, databaseName } from '../../../shared/sync/database-names';
import type { EmbeddedServer } from '../../../server/embedded/startEmbeddedServer';
import { createAccount, http, passwordOf, startTestServer } from '../../server/harness';
import { startRemoteHost } from '../remote-host';
import type { Dump, RemoteHost } from '../remote-host';
import type { Actor } from './commands';

/** Two managers of the same programmes and mentors who are members (issue 12's three, and more). */
export const cast: readonly Actor[] = [
  { name: 'manager1', role: 'manager' },
  { name: 'manager2', role: 'manager' },
  { name: 'mentor1', role: 'mentor' },
  { name: 'mentor2', role: 'mentor' },
  { name: 'manager3', role: 'manager' },
];

export interface World {
  readonly server: EmbeddedServer;
  readonly people: readonly { readonly actor: Actor; readonly host: RemoteHost }[];
  /** A database's documents as the server holds them, keyed by id. */
  serverDocs(database: string): Promise<Map<string, Record<string, unknown>>>;
  /** Every installation holds exactly the server's documents of each database it syncs with. */
  differences(): Promise<string[]>;
  close(): Promise<void>;
}

const valueOf = <T>(what: string, result: HostResult<T>): T => {
  if (!result.ok) throw new Error(`${what}: ${result.error.message}`);
  return result.value;
};

export const startWorld = async (clients: number): Promise<World> => {
  const server = await startTestServer();
  const actors = cast.slice(0, Math.max(2, Math.min(clients, cast.length)));
  for (const actor of cast) await createAccount(server, actor.name, [actor.role]);
  const people = await Promise.all(
    actors.map(async (actor) => ({
      actor,
      host: await startRemoteHost({
        dataDir: mkdtempSync(join(tmpdir(), `mmm-${actor.name}-`)),
        serverUrl: server.url,
        username: actor.name,
        password: passwordOf(actor.name),
      }),
    })),
  );
  const first = people[0]?.host;
  if (!first) throw new Error('No installations.');

  // Everyone's profile, then two programmes both managers run with the mentors in them, and a
  // spare one mentors may apply to (and that may be archived).
  for (const { actor, host } of people) {
    valueOf(
      'profile',
      await host.call('users.editProfile', {
        userId: actor.name,
        email: `${actor.name}@example.org`,
        fullName: actor.name,
      }),
    );
  }
  for (const name of ['Frontend', 'Backend', 'Spare']) {
    const programme = valueOf(
      name,
      await first.call('programmes.create', { name, description: '', criteria: [] }),
    );
    const members =
      name === 'Spare'
        ? [['manager2', 'manager']]
        : [
            ['manager2', 'manager'],
            ['mentor1', 'mentor'],
            ['mentor2', 'mentor'],
          ];
    for (const [userId, role] of members) {
      valueOf(
        'member',
        await first.call('programmeMembers.add', {
          programmeId: programme.id,
          userId: userId ?? '',
          role: role === 'manager' ? 'manager' : 'mentor',
        }),
      );
    }
  }
  await Promise.all(people.map(({ host }) => host.synced()));

  const serverDocs = async (database: string) => {
    const answer = await http(
      server,
      'server-admin',
      'GET',
      `/${encodeURIComponent(database)}/_all_docs?include_docs=true`,
    );
    const rows = (answer.body['rows'] ?? []) as { id: string; doc: Record<string, unknown> }[];
    return new Map(
      rows
        .filter((row) => !row.id.startsWith('_design/'))
        .map((row) => {
          const { _id: id, _rev: _r, ...fields } = row.doc;
          return [row.id, { ...fields, id }];
        }),
    );
  };

  const differences = async () => {
    const found: string[] = [];
    for (const { actor, host } of people) {
      const local: Dump = await host.dump();
      for (const collection of collectionNames) {
        const database = databaseFor(collection, { name: actor.name, roles: [actor.role] });
        const expected = await serverDocs(database);
        const held = new Map(local[collection].map((doc) => [String(doc['id']), doc]));
        for (const id of new Set([...expected.keys(), ...held.keys()])) {
          if (!deepEqual(expected.get(id), held.get(id))) {
            found.push(
              `${actor.name} ${collection}/${id}: server ${JSON.stringify(expected.get(id))}, here ${JSON.stringify(held.get(id))}`,
            );
          }
        }
      }
    }
    return found;
  };

  return {
    server,
    people,
    serverDocs,
    differences,
    close: async () => {
      await Promise.all(people.map(({ host }) => host.close()));
      await server.close();
    },
  };
};

/** Every document of the organisation as the server's hubs hold it, keyed `collection/id`. */
export const organisation = async (world: World) => {
  const all = new Map<string, Record<string, unknown>>();
  for (const collection of collectionNames) {
    for (const [id, doc] of await world.serverDocs(databaseName(collection))) {
      all.set(`${collection}/${id}`, doc);
    }
  }
  return all;
};
