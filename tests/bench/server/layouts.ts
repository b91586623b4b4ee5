// How each server layout `npm run bench:server` compares places documents and which databases an
// installation follows: `per-collection` (one database per collection, private ones copied to each
// person by server-side replication) and, once it exists, the layout partitioned by audience.
import { authorField, collectionNames, type CollectionName } from '../../../shared/schema';
import { replicatedBy } from '../../../shared/sync/audiences';
import { legacyDatabaseFor, databaseName } from '../../../shared/sync/database-names';
import { couchIdOf, databaseOf, homeOf } from '../../../shared/sync/layout';
import { benchOrganisation, type Person } from './organisation';

export type LayoutName = 'per-collection' | 'partitioned';

export interface BenchLayout {
  readonly name: LayoutName;
  /** The databases a person's installation holds a live feed on. */
  feedsOf(person: Person): string[];
  /** Where a person's write of a document goes, and its CouchDB `_id`. */
  placeOf(
    collection: CollectionName,
    doc: Readonly<Record<string, unknown>>,
    writer: Person,
  ): { readonly database: string; readonly couchId: string };
  /** Where the server admin seeds a document (server-side replication does the rest). */
  seedPlaceOf(
    collection: CollectionName,
    doc: Readonly<Record<string, unknown>>,
  ): { readonly database: string; readonly couchId: string };
  /** Continuous server-side replications provisioning keeps per person. */
  readonly replicationsPerPerson: number;
}

const userOf = (person: Person) => ({ name: person.name, roles: [person.role] });

export const perCollection: BenchLayout = {
  name: 'per-collection',
  feedsOf: (person) =>
    collectionNames.map((collection) => legacyDatabaseFor(collection, userOf(person))),
  placeOf: (collection, doc, writer) => ({
    database: legacyDatabaseFor(collection, userOf(writer)),
    couchId: String(doc['id']),
  }),
  seedPlaceOf: (collection, doc) => ({
    database: databaseName(collection),
    couchId: String(doc['id']),
  }),
  // Applications, details and notifications: up to the hub and back down, each.
  replicationsPerPerson: 6,
};

/** The programmes of an organisation of a size (admins read them all). */
const programmesOf = (() => {
  const known = new Map<number, readonly string[]>();
  return (size: number) => {
    let programmes = known.get(size);
    if (!programmes) {
      programmes = benchOrganisation(size).programmes;
      known.set(size, programmes);
    }
    return programmes;
  };
})();

export const partitioned = (size: number): BenchLayout => ({
  name: 'partitioned',
  feedsOf: (person) =>
    replicatedBy(userOf(person), {
      programmes: person.programmeId === undefined ? [] : [person.programmeId],
      allProgrammes: programmesOf(size),
      chats: [],
    }).map((replicated) => databaseOf(replicated.scope)),
  placeOf: (collection, doc, writer) => ({
    database: databaseOf(homeOf(collection, doc, userOf(writer))),
    couchId: couchIdOf(collection, String(doc['id'])),
  }),
  // Where its author would have written it.
  seedPlaceOf: (collection, doc) => ({
    database: databaseOf(
      homeOf(collection, doc, { name: String(doc[authorField[collection]]), roles: [] }),
    ),
    couchId: couchIdOf(collection, String(doc['id'])),
  }),
  // Up to the inbox and down from it.
  replicationsPerPerson: 2,
});

export const layouts = (size: number): Record<LayoutName, BenchLayout> => ({
  'per-collection': perCollection,
  partitioned: partitioned(size),
});
export const layoutNames: readonly LayoutName[] = ['per-collection', 'partitioned'];
