import { DEMO_PASSWORD, generateDemoOrganisation, type DemoOptions } from '../../shared/demo/index';
import { collectionNames, type CollectionName } from '../../shared/schema/index';
import { createCouchClient, expectStatus, type CouchClient } from '../provision/couchClient';
import { databaseName, directChatDatabaseName } from '../provision/databaseNames';
import { provision, type ProvisionOptions } from '../provision/provision';
import { hashPassword } from './passwords';

/**
 * `npm run server -- --demo`: the demo organisation of shared/demo, written as the app's replication
 * would have left it — accounts in `_users` (password DEMO_PASSWORD), documents in their databases
 * with the primary key as `_id`, private documents in the hubs (server-side replication copies them
 * into each person's databases), direct-chat messages in their chat's database. Skipped when the
 * server already has people.
 */
const BATCH = 1_000;

type Doc = Readonly<Record<string, unknown>> & { readonly id: string };

/** RxDB's CouchDB replication stores `id` as `_id` (couchSwapPrimaryToId). */
const asCouchDoc = ({ id, ...rest }: Doc) => ({ _id: id, ...rest });

const writeAll = async (client: CouchClient, database: string, docs: readonly Doc[]) => {
  for (let start = 0; start < docs.length; start += BATCH) {
    const batch = docs.slice(start, start + BATCH).map(asCouchDoc);
    const answer = await client.request('POST', `/${database}/_bulk_docs`, { docs: batch });
    expectStatus(answer, [201], `Writing demo documents to ${database}`);
    const failed = (answer.body as { error?: string; id?: string }[]).filter((row) => row.error);
    if (failed.length > 0)
      throw new Error(`Demo documents refused in ${database}: ${JSON.stringify(failed[0])}`);
  }
};

/** `demo` sizes the organisation (benchmarks scale it, e.g. `{ tasks: 10_000 }`). */
export const loadDemoOrganisation = async (
  options: ProvisionOptions,
  demo: DemoOptions = {},
): Promise<{ loaded: boolean; people: number }> => {
  const client = createCouchClient(options);
  // One design document at most, so two rows tell whether anybody has a profile yet.
  const some = expectStatus(
    await client.request('GET', `/${databaseName('users')}/_all_docs?limit=2`),
    [200],
    'Reading profiles',
  );
  const rows = (some.body as { rows?: { id: string }[] }).rows ?? [];
  if (rows.some((row) => !row.id.startsWith('_design/'))) return { loaded: false, people: 0 };

  const org = generateDemoOrganisation(demo);
  // One hash for everybody: the password is public (printed at start), so separate salts would
  // protect nothing and cost a deliberately slow hash per person. A person who changes their
  // password gets a salt of their own.
  const hash = await hashPassword(DEMO_PASSWORD);
  for (const person of org.users) {
    const id = `org.couchdb.user:${person.id}`;
    const answer = await client.request('PUT', `/_users/${encodeURIComponent(id)}`, {
      _id: id,
      name: person.id,
      type: 'user',
      roles: [person.role],
      ...hash,
    });
    expectStatus(answer, [201, 409], `Creating demo account ${person.id}`);
  }

  const direct = new Set(org.chats.filter((chat) => chat.kind === 'direct').map((chat) => chat.id));
  for (const collection of collectionNames.filter((name) => name !== 'messages')) {
    await writeAll(client, databaseName(collection), org[collection]);
  }
  // Private databases for every demo account and direct chat, before the messages that go there.
  await provision(options);
  const byDatabase = new Map<string, Doc[]>();
  for (const message of org.messages) {
    const database = direct.has(message.chatId)
      ? directChatDatabaseName(message.chatId)
      : databaseName('messages' satisfies CollectionName);
    byDatabase.set(database, [...(byDatabase.get(database) ?? []), message]);
  }
  for (const [database, docs] of byDatabase) await writeAll(client, database, docs);
  return { loaded: true, people: org.users.length };
};
