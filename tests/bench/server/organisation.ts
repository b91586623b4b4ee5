// The organisation `npm run bench:server` simulates: N people in programmes of about ten (one
// manager, mentors), a few admins, and the documents their installations replicate. Documents are
// the demo's, cloned, so they pass the server's validation as the app's would.
import { generateDemoOrganisation } from '../../../shared/demo';
import { NONE } from '../../../shared/schema/fields';
import type { CollectionName, DocOf } from '../../../shared/schema';
import { membershipId } from '../../../shared/schema/programmeMembers';
import { programmeChannelId } from '../../../shared/sync/layout';

export type Role = 'admin' | 'manager' | 'mentor';

export interface Person {
  readonly name: string;
  readonly role: Role;
  /** The programme they work in (admins: none). */
  readonly programmeId: string | undefined;
}

export interface BenchOrganisation {
  readonly people: readonly Person[];
  readonly programmes: readonly string[];
  /** Every document, as the app holds it (`id`), by collection. */
  readonly docs: { readonly [C in CollectionName]: readonly DocOf<C>[] };
}

/** People per programme: one manager and the rest mentors. */
export const PROGRAMME_SIZE = 10;
const T0 = '2025-01-01T00:00:00.000Z';

const template = generateDemoOrganisation({ seed: 7 });
const first = <C extends CollectionName>(collection: C, pick: (doc: DocOf<C>) => boolean) => {
  const doc = (template[collection] as DocOf<C>[]).find(pick);
  if (!doc) throw new Error(`The demo has no ${collection} to copy.`);
  return doc;
};

export const benchOrganisation = (size: number): BenchOrganisation => {
  const programmeCount = Math.max(1, Math.ceil(size / PROGRAMME_SIZE));
  const admins = Math.max(1, Math.round(size / 100));
  const people: Person[] = [];
  const programmes = Array.from({ length: programmeCount }, (_, i) => `prog${i}`);
  for (let i = 0; i < admins; i += 1) {
    people.push({ name: `admin${i}`, role: 'admin', programmeId: undefined });
  }
  programmes.forEach((programmeId, i) => {
    people.push({ name: `manager${i}`, role: 'manager', programmeId });
  });
  for (let i = 0; people.length < size; i += 1) {
    people.push({
      name: `mentor${i}`,
      role: 'mentor',
      programmeId: programmes[i % programmeCount],
    });
  }

  const user = first('users', () => true);
  const programme = first('programmes', (doc) => doc.status === 'active');
  const task = first('tasks', (doc) => doc.status === 'pending');
  const draft = first('reports', (doc) => doc.state === 'draft');
  const stamp = { createdAt: T0, updatedAt: T0 };
  const managerOf = (programmeId: string) =>
    people.find((person) => person.role === 'manager' && person.programmeId === programmeId)
      ?.name ?? 'admin0';

  const docs: { [C in CollectionName]: DocOf<C>[] } = {
    users: people.map((person) => ({
      ...user,
      id: person.name,
      username: person.name,
      email: `${person.name}@bench.example`,
      role: person.role,
      ...stamp,
    })),
    userDetails: [],
    programmes: programmes.map((id) => {
      const { transitions: _t, completedBy: _c, dateCompleted: _d, ...rest } = programme;
      return { ...rest, id, name: `Programme ${id}`, createdBy: managerOf(id), ...stamp };
    }),
    programmeMembers: people.flatMap((person) =>
      person.programmeId === undefined
        ? []
        : [
            {
              id: membershipId(person.programmeId, person.name),
              programmeId: person.programmeId,
              userId: person.name,
              role: person.role === 'manager' ? ('manager' as const) : ('mentor' as const),
              createdBy: managerOf(person.programmeId),
              ...stamp,
            },
          ],
    ),
    applications: [],
    tasks: people.flatMap((person) =>
      person.role === 'mentor' && person.programmeId !== undefined
        ? [
            {
              ...task,
              id: `task-${person.name}`,
              title: `Task of ${person.name}`,
              createdBy: managerOf(person.programmeId),
              programmeId: person.programmeId,
              assignees: [person.name],
              transitions: [],
              ...stamp,
            },
          ]
        : [],
    ),
    referenceLists: [],
    reports: people.flatMap((person) =>
      person.programmeId === undefined
        ? []
        : [
            {
              ...draft,
              id: `draft-${person.name}`,
              createdBy: person.name,
              programmeId: person.programmeId,
              taskId: NONE,
              type: 'programme' as const,
              transitions: [],
              ...stamp,
            },
          ],
    ),
    certificates: [],
    chats: programmes.map((id) => ({
      id: programmeChannelId(id),
      kind: 'programme' as const,
      title: `Programme ${id}`,
      programmeId: id,
      createdBy: managerOf(id),
      memberIds: people.filter((p) => p.programmeId === id).map((p) => p.name),
      ...stamp,
    })),
    messages: [],
    forumPosts: [],
    notifications: [],
  };
  return { people, programmes, docs };
};
