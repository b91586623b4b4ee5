import {
  PROGRAMME_RELATIONS_FIELD,
  type ProgrammeRelations,
} from '../../shared/domain/notifications';
import { databaseOf, personScope } from '../../shared/sync/layout';
import { expectStatus } from './couchClient';
import { rowsWithPrefix } from './layoutDatabases';
import type { ProvisionContext } from './provisionContext';

/**
 * Each person's relations to programmes, listed in their own database's `_security` object, where
 * validate_doc_update sees them (`secObj`): a person writes notifications only into their own
 * database, and shared/domain's rule refuses one about a programme's event from someone without
 * the relation its kind needs (only a programme's managers announce its assignments...). Made from
 * the organisation's programmes and memberships, as the app's teams are (a programme's creator
 * manages it; a manager membership manages; any membership takes part), so the server and the
 * app agree on who runs what. Made again whole at each run: idempotent, and it heals what an
 * earlier run missed; members and other fields are kept as they are.
 */

type Relations = { manages: Set<string>; takesPart: Set<string> };

/** Every person's relations, from the organisation's database as it is now. */
export const readProgrammeRelations = async (
  context: ProvisionContext,
): Promise<ReadonlyMap<string, ProgrammeRelations>> => {
  const byPerson = new Map<string, Relations>();
  const of = (name: string) => {
    const found = byPerson.get(name);
    if (found) return found;
    const made: Relations = { manages: new Set(), takesPart: new Set() };
    byPerson.set(name, made);
    return made;
  };
  const programmes = new Set<string>();
  for (const { id, doc } of await rowsWithPrefix(context.client, 'programmes:')) {
    const programmeId = id.slice('programmes:'.length);
    programmes.add(programmeId);
    const createdBy = doc?.['createdBy'];
    if (typeof createdBy !== 'string') continue;
    of(createdBy).manages.add(programmeId);
    of(createdBy).takesPart.add(programmeId);
  }
  for (const { doc } of await rowsWithPrefix(context.client, 'programmeMembers:')) {
    const programmeId = doc?.['programmeId'];
    const userId = doc?.['userId'];
    // A membership of a programme that is gone (removed by an admin) is no relation.
    if (typeof programmeId !== 'string' || typeof userId !== 'string') continue;
    if (!programmes.has(programmeId)) continue;
    of(userId).takesPart.add(programmeId);
    if (doc?.['role'] === 'manager') of(userId).manages.add(programmeId);
  }
  return new Map(
    [...byPerson].map(([name, { manages, takesPart }]) => [
      name,
      { manages: [...manages].sort(), takesPart: [...takesPart].sort() },
    ]),
  );
};

const none: ProgrammeRelations = { manages: [], takesPart: [] };

/** Lists one person's relations in their database's `_security`, when they differ from it. */
const ensureRelationsOf = async (
  context: ProvisionContext,
  name: string,
  relations: ProgrammeRelations,
): Promise<void> => {
  const database = databaseOf(personScope(name));
  const path = `/${encodeURIComponent(database)}/_security`;
  const current = expectStatus(
    await context.client.request('GET', path),
    [200, 404],
    `Reading ${path}`,
  );
  // No database yet (an account the follower has not reached): its provisioning lists them.
  if (current.status === 404) return;
  const security = (
    typeof current.body === 'object' && current.body !== null ? current.body : {}
  ) as Record<string, unknown>;
  if (JSON.stringify(security[PROGRAMME_RELATIONS_FIELD]) === JSON.stringify(relations)) return;
  expectStatus(
    await context.client.request('PUT', path, {
      ...security,
      [PROGRAMME_RELATIONS_FIELD]: relations,
    }),
    [200, 201],
    `Writing ${path}`,
  );
  context.changes.push(
    `listed ${name}'s programmes (manages ${relations.manages.length}, in ${relations.takesPart.length}) in ${database}/_security`,
  );
};

/**
 * Lists the relations of the people named (of every account, when `names` is all of them): one
 * read of the organisation's programmes and memberships, then each person's `_security`.
 */
export const provisionProgrammeRelations = async (
  context: ProvisionContext,
  names: readonly string[],
): Promise<void> => {
  if (names.length === 0) return;
  const relations = await readProgrammeRelations(context);
  for (const name of new Set(names)) {
    await ensureRelationsOf(context, name, relations.get(name) ?? none);
  }
};
