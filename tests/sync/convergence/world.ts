// The organisation the convergence test works in: a real embedded server, accounts, and one
// installation of the app per person, each in its own process, set up as people would set it up.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deepEqual } from 'rxdb/plugins/utils';
import type { HostResult } from '../../../shared/contract';
import { collectionNames, isCollectionName } from '../../../shared/schema';
import type { CollectionName } from '../../../shared/schema';
import { replicatedBy } from '../../../shared/sync/audiences';
import {
  databaseOf,
  decisionsScope,
  homeOf,
  orgScope,
  parseCouchId,
  type Self,
} from '../../../shared/sync/layout';
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
  /** A database's documents as the server holds them, keyed `collection/id`. */
  serverDocs(database: string): Promise<Map<string, Record<string, unknown>>>;
  /** Every installation holds exactly the server's documents of each database it syncs with. */
  /** What an installation holds unlike the server, but for what `kept` says it keeps by design. */
  differences(kept?: (name: string, collection: string, id: string) => boolean): Promise<string[]>;
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
    return new Map<string, Record<string, unknown>>(
      rows.flatMap((row) => {
        const named = parseCouchId(row.id, isCollectionName);
        if (!named) return [];
        const { _id: _i, _rev: _r, ...fields } = row.doc;
        return [[`${named.collection}/${named.id}`, { ...fields, id: named.id }] as const];
      }),
    );
  };

  /**
   * What the server holds of each collection for a person: from the databases they read, each
   * document from its home (shared/sync/layout), as their installation takes it.
   */
  const expectedFor = async (self: Self) => {
    const org = await serverDocs(databaseOf(orgScope));
    const docsOf = (collection: CollectionName) =>
      [...org].filter(([key]) => key.startsWith(`${collection}/`)).map(([, doc]) => doc);
    const created = docsOf('programmes')
      .filter((programme) => programme['createdBy'] === self.name)
      .map((programme) => String(programme['id']));
    const member = docsOf('programmeMembers')
      .filter((membership) => membership['userId'] === self.name)
      .map((membership) => String(membership['programmeId']));
    const expected = new Map<CollectionName, Map<string, Record<string, unknown>>>(
      collectionNames.map((name) => [name, new Map()]),
    );
    const copies: string[] = [];
    for (const { scope } of replicatedBy(self, {
      programmes: [...member, ...created],
      allProgrammes: docsOf('programmes').map((programme) => String(programme['id'])),
      chats: [],
    })) {
      const database = databaseOf(scope);
      for (const [key, doc] of await serverDocs(database)) {
        const collection = key.slice(0, key.indexOf('/')) as CollectionName;
        if (databaseOf(homeOf(collection, doc, self)) !== database) continue;
        const held = expected.get(collection);
        if (held?.has(String(doc['id']))) copies.push(`${self.name}: two live copies of ${key}`);
        held?.set(String(doc['id']), doc);
      }
    }
    return { expected, copies };
  };

  const differences = async (
    kept: (name: string, collection: string, id: string) => boolean = () => false,
  ) => {
    const found: string[] = [];
    for (const { actor, host } of people) {
      const local: Dump = await host.dump();
      const { expected: all, copies } = await expectedFor({
        name: actor.name,
        roles: [actor.role],
      });
      found.push(...copies);
      for (const collection of collectionNames) {
        const expected = all.get(collection) ?? new Map<string, Record<string, unknown>>();
        const held = new Map(local[collection].map((doc) => [String(doc['id']), doc]));
        for (const id of new Set([...expected.keys(), ...held.keys()])) {
          const keptHere = !expected.has(id) && kept(actor.name, collection, id);
          if (!keptHere && !deepEqual(expected.get(id), held.get(id))) {
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

/**
 * Every document of the organisation as the server holds it, keyed `collection/id`: the
 * organisation's database, the deciders' (applications and details), every programme's, and the
 * people's own drafts and notifications.
 */
export const organisation = async (world: World) => {
  const all = new Map<string, Record<string, unknown>>();
  const listed = await http(world.server, 'server-admin', 'GET', '/_all_dbs');
  const databases = (listed.body as unknown as string[]).filter(
    (name) => name.startsWith('mmm-programme-') || name.startsWith('mmm-person-'),
  );
  for (const database of [databaseOf(orgScope), databaseOf(decisionsScope), ...databases]) {
    const person = database.startsWith('mmm-person-');
    for (const [key, doc] of await world.serverDocs(database)) {
      if (person && !key.startsWith('reports/') && !key.startsWith('notifications/')) continue;
      all.set(key, doc);
    }
  }
  return all;
};
