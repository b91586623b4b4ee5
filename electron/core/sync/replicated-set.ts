import { appRoleOf } from '../../../shared/domain/roles';
import { replicatedBy } from '../../../shared/sync/audiences';
import type { Replicated } from '../../../shared/sync/audiences';
import { databaseOf } from '../../../shared/sync/layout';
import type { Self } from '../../../shared/sync/layout';
import type { AppDatabase } from '../database/app-database';

/**
 * The databases this person's installation replicates, as its own data says (shared/sync's
 * replicatedBy): the programmes they are a member of or created — all of them for an admin — and
 * the direct and group chats they are in. The sync engine reads it again whenever a membership,
 * programme or chat is stored (pulled or written here), so the set follows at once.
 */
const queries = (database: AppDatabase, self: Self) => {
  const admin = appRoleOf(self.roles) === 'admin';
  return {
    memberships: database.programmeMembers.find({ selector: { userId: self.name } }),
    programmes: database.programmes.find(admin ? {} : { selector: { createdBy: self.name } }),
    chats: database.chats.find({ selector: { kind: { $in: ['direct', 'group'] } } }),
  };
};

const setOf = (
  self: Self,
  memberships: readonly { readonly programmeId: string }[],
  programmes: readonly { readonly id: string }[],
  chats: readonly { readonly id: string; readonly memberIds: readonly string[] }[],
): Replicated[] => {
  const created = programmes.map((programme) => programme.id);
  return replicatedBy(self, {
    programmes: [...memberships.map((member) => member.programmeId), ...created],
    allProgrammes: created,
    chats: chats.filter((chat) => chat.memberIds.includes(self.name)).map((chat) => chat.id),
  });
};

/** The databases' names of a set, to compare two sets. */
export const namesOf = (set: readonly Replicated[]): string =>
  JSON.stringify(set.map((r) => databaseOf(r.scope)));

/** The set as the data on this machine says now (read once). */
export const replicatedSetNow = async (
  database: AppDatabase,
  self: Self,
): Promise<Replicated[]> => {
  const { memberships, programmes, chats } = queries(database, self);
  const [m, p, c] = await Promise.all([memberships.exec(), programmes.exec(), chats.exec()]);
  return setOf(self, m, p, c);
};
