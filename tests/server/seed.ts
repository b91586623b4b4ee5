import type { EmbeddedServer } from '../../server/embedded/startEmbeddedServer';
import { couchIdOf, databaseOf, personScope, programmeScope } from '../../shared/sync/layout';
import { chat, programme, task } from './docs';
import { T0, createAccount, databaseExists, place, put, waitFor } from './harness';

/** The test organisation's programme: its database holds `t1`. */
export const SEEDED_PROGRAMME = 'p1';
export const seededProgrammeDb = databaseOf(programmeScope(SEEDED_PROGRAMME));

/**
 * A test organisation: accounts (name → roles; [] is an applicant), a programme `p1` the first
 * manager runs with the chat's first member in it, a task `t1` there assigned to that member, and
 * a direct chat that member starts, once the server has made its database.
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
    const made = await place(server, manager, 'programmes', programme(SEEDED_PROGRAMME, manager));
    if (made.status !== 201) throw new Error(`Creating p1: ${JSON.stringify(made)}`);
    const joined = await place(server, manager, 'programmeMembers', {
      _id: `${SEEDED_PROGRAMME}~${starter}`,
      programmeId: SEEDED_PROGRAMME,
      userId: starter,
      role: 'mentor',
      createdBy: manager,
      createdAt: T0,
      updatedAt: T0,
    });
    if (joined.status !== 201) throw new Error(`Adding ${starter}: ${JSON.stringify(joined)}`);
    const created = await place(server, manager, 'tasks', task('t1', manager, [starter]));
    if (created.status !== 201) throw new Error(`Creating t1: ${JSON.stringify(created)}`);
  }
  const { id, memberIds } = options.directChat;
  await waitFor('the starter’s database', () =>
    databaseExists(server, databaseOf(personScope(starter))),
  );
  const started = await put(server, starter, databaseOf(personScope(starter)), {
    ...chat(id, starter, [...memberIds]),
    _id: couchIdOf('chats', id),
  });
  if (started.status !== 201) throw new Error(`Starting the chat: ${JSON.stringify(started)}`);
  const database = databaseOf({ kind: 'chat', chatId: id });
  await waitFor('the chat database', () => databaseExists(server, database));
};
