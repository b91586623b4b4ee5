import type { EmbeddedServer } from '../../server/embedded/startEmbeddedServer';
import { databaseName, directChatDatabaseName } from '../../server/provision/databaseNames';
import { chat, task } from './docs';
import { createAccount, databaseExists, put, waitFor } from './harness';

/**
 * A test organisation: accounts (name → roles; [] is an applicant), a task `t1` by the first
 * manager, assigned to the chat's first member, and a direct chat that member starts, once the
 * follower has made its database.
 */
export const seedOrganisation = async (
  server: EmbeddedServer,
  options: {
    readonly accounts: Readonly<Record<string, readonly string[]>>;
    readonly directChat: { readonly id: string; readonly memberIds: readonly string[] };
  },
): Promise<void> => {
  for (const [name, roles] of Object.entries(options.accounts)) {
    await createAccount(server, name, roles);
  }
  const [starter = ''] = options.directChat.memberIds;
  const manager = Object.keys(options.accounts).find((name) =>
    options.accounts[name]?.includes('manager'),
  );
  if (manager) {
    const created = await put(
      server,
      manager,
      databaseName('tasks'),
      task('t1', manager, [starter]),
    );
    if (created.status !== 201) throw new Error(`Creating t1: ${JSON.stringify(created)}`);
  }
  const { id, memberIds } = options.directChat;
  const started = await put(
    server,
    starter,
    databaseName('chats'),
    chat(id, starter, [...memberIds]),
  );
  if (started.status !== 201) throw new Error(`Starting the chat: ${JSON.stringify(started)}`);
  const database = directChatDatabaseName(id);
  await waitFor('the chat database', () => databaseExists(server, database));
};
