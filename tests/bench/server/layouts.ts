// How each server layout `npm run bench:server` compares places documents and which databases an
// installation follows: `per-collection` (one database per collection, private ones copied to each
// person by server-side replication) and, once it exists, the layout partitioned by audience.
import { collectionNames, type CollectionName } from '../../../shared/schema';
import { databaseFor, databaseName } from '../../../shared/sync/database-names';
import type { Person } from './organisation';

export type LayoutName = 'per-collection';

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
  feedsOf: (person) => collectionNames.map((collection) => databaseFor(collection, userOf(person))),
  placeOf: (collection, doc, writer) => ({
    database: databaseFor(collection, userOf(writer)),
    couchId: String(doc['id']),
  }),
  seedPlaceOf: (collection, doc) => ({
    database: databaseName(collection),
    couchId: String(doc['id']),
  }),
  // Applications, details and notifications: up to the hub and back down, each.
  replicationsPerPerson: 6,
};

export const layouts: Record<LayoutName, BenchLayout> = { 'per-collection': perCollection };
