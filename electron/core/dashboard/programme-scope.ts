import type { MangoQuery } from 'rxdb';
import type { CollectionName, DocOf } from '../../../shared/schema';
import { collectionOf, queryDocs } from '../workspace';
import type { Workspace } from '../workspace';

/**
 * Which programmes are "theirs" for a person's overview: the ones a manager created or manages,
 * or the ones a mentor belongs to. Memberships are few (one document per person and programme),
 * so both are indexed look-ups.
 */
export const programmesManagedBy = async (workspace: Workspace): Promise<Set<string>> => {
  const me = workspace.actor.id;
  const [created, managing] = await Promise.all([
    queryDocs(workspace, 'programmes', { selector: { createdBy: me } }),
    queryDocs(workspace, 'programmeMembers', { selector: { userId: me, role: 'manager' } }),
  ]);
  return new Set([
    ...created.map((programme) => programme.id),
    ...managing.map((member) => member.programmeId),
  ]);
};

export const programmesJoinedBy = async (workspace: Workspace): Promise<Set<string>> => {
  const memberships = await queryDocs(workspace, 'programmeMembers', {
    selector: { userId: workspace.actor.id },
  });
  return new Set(memberships.map((member) => member.programmeId));
};

/**
 * Many documents to count or match, as RxDB holds them: its own data objects, not a copy per
 * document (10,000 copies cost more than the counting). Read-only; what leaves the core is built
 * from them.
 */
export const readMany = async <C extends CollectionName>(
  workspace: Workspace,
  collection: C,
  query: MangoQuery<DocOf<C>> = {},
): Promise<readonly Readonly<DocOf<C>>[]> => {
  const docs = await collectionOf(workspace, collection).find(query).exec();
  return docs.map((doc) => doc._data as Readonly<DocOf<C>>);
};
