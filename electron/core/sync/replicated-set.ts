import { combineLatest, distinctUntilChanged, map } from 'rxjs';
import type { Observable } from 'rxjs';
import { appRoleOf } from '../../../shared/domain/roles';
import { replicatedBy } from '../../../shared/sync/audiences';
import type { Replicated } from '../../../shared/sync/audiences';
import { databaseOf } from '../../../shared/sync/layout';
import type { Self } from '../../../shared/sync/layout';
import type { AppDatabase } from '../database/app-database';

/**
 * The databases this person's installation replicates, as its own data says (shared/sync's
 * replicatedBy): the programmes they are a member of or created — all of them for an admin — and
 * the direct and group chats they are in. Live: a membership pulled from the organisation's
 * database (or written here) adds or removes a programme's database at once.
 */
export const watchReplicatedSet = (database: AppDatabase, self: Self): Observable<Replicated[]> => {
  const admin = appRoleOf(self.roles) === 'admin';
  const memberships$ = database.programmeMembers.find({ selector: { userId: self.name } }).$;
  const programmes$ = database.programmes.find(
    admin ? {} : { selector: { createdBy: self.name } },
  ).$;
  const chats$ = database.chats.find({ selector: { kind: { $in: ['direct', 'group'] } } }).$;
  return combineLatest([memberships$, programmes$, chats$]).pipe(
    map(([memberships, programmes, chats]) => {
      const created = programmes.map((programme) => programme.id);
      return replicatedBy(self, {
        programmes: [...memberships.map((member) => member.programmeId), ...created],
        allProgrammes: created,
        chats: chats.filter((chat) => chat.memberIds.includes(self.name)).map((chat) => chat.id),
      });
    }),
    distinctUntilChanged(
      (a, b) =>
        JSON.stringify(a.map((r) => databaseOf(r.scope))) ===
        JSON.stringify(b.map((r) => databaseOf(r.scope))),
    ),
  );
};
