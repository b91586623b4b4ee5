import { DEMO_PASSWORD, generateDemoOrganisation, type DemoOptions } from '../../shared/demo/index';
import { authorField, collectionNames, type CollectionName } from '../../shared/schema/index';
import { couchIdOf, databaseOf, homeOf, orgScope } from '../../shared/sync/layout';
import { createCouchClient, expectStatus, type CouchClient } from '../provision/couchClient';
import { chatMembersOf, provisionChatDatabase } from '../provision/layoutDatabases';
import { createProvisionContext, provision, type ProvisionOptions } from '../provision/provision';
import { hashPassword } from './passwords';

/**
 * `npm run server -- --demo`: the demo organisation of shared/demo, written where the app's
 * replication would have left it (shared/sync/layout) — accounts in `_users` (password
 * DEMO_PASSWORD), each document in its author's home with `_id` as `<collection>:<id>`: profiles and
 * programmes in the organisation's database, tasks and submitted reports in their programme's,
 * drafts, applications, details and notifications in their author's own (the server's replication
 * takes them on to the deciders and to their recipients), direct-chat messages in their chat's.
 * Skipped when the server already has people.
 */
const BATCH = 1_000;

type Doc = Readonly<Record<string, unknown>> & { readonly id: string };

const writeAll = async (client: CouchClient, database: string, docs: readonly object[]) => {
  for (let start = 0; start < docs.length; start += BATCH) {
    const batch = docs.slice(start, start + BATCH);
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
  const org = databaseOf(orgScope);
  const some = expectStatus(
    await client.request(
      'GET',
      `/${org}/_all_docs?startkey=${encodeURIComponent('"users:"')}&endkey=${encodeURIComponent('"users:\ufff0"')}&limit=1`,
    ),
    [200],
    'Reading profiles',
  );
  if (((some.body as { rows?: unknown[] }).rows ?? []).length > 0) {
    return { loaded: false, people: 0 };
  }

  const demoOrg = generateDemoOrganisation(demo);
  // One hash for everybody: the password is public (printed at start), so separate salts would
  // protect nothing and cost a deliberately slow hash per person. A person who changes their
  // password gets a salt of their own.
  const hash = await hashPassword(DEMO_PASSWORD);
  for (const person of demoOrg.users) {
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

  const byDatabase = new Map<string, object[]>();
  const place = (database: string, collection: CollectionName, doc: Doc) => {
    const { id, ...fields } = doc;
    byDatabase.set(database, [
      ...(byDatabase.get(database) ?? []),
      { ...fields, _id: couchIdOf(collection, id) },
    ]);
  };
  for (const collection of collectionNames) {
    for (const doc of demoOrg[collection] as readonly Doc[]) {
      const author = String(doc[authorField[collection]]);
      place(databaseOf(homeOf(collection, doc, { name: author, roles: [] })), collection, doc);
    }
  }
  // The organisation's database first: the programmes' databases are made from it. The chats'
  // databases are made from the chats here, rather than waiting for them to reach the inbox.
  // Then what goes in each database.
  await provision(options);
  await writeAll(client, org, byDatabase.get(org) ?? []);
  await provision(options);
  const context = await createProvisionContext(options);
  for (const chat of demoOrg.chats) {
    const members = chatMembersOf({ ...chat, _id: couchIdOf('chats', chat.id) });
    if (members) await provisionChatDatabase(context, members);
  }
  for (const [database, docs] of byDatabase) {
    if (database !== org) await writeAll(client, database, docs);
  }
  return { loaded: true, people: demoOrg.users.length };
};
