import { addRxPlugin, createRxDatabase } from 'rxdb';
import { RxDBLocalDocumentsPlugin } from 'rxdb/plugins/local-documents';
import { RxDBMigrationSchemaPlugin } from 'rxdb/plugins/migration-schema';
import type { RxCollection, RxDatabase, RxStorage } from 'rxdb';
import { collectionNames, collections } from '../../../shared/schema';
import type { CollectionName, DocOf } from '../../../shared/schema';
import { createConflictHandler } from './conflict-handler';
import type { ConflictHooks } from './conflict-handler';
import { migrationStrategiesOf } from './migrations';

addRxPlugin(RxDBLocalDocumentsPlugin);
addRxPlugin(RxDBMigrationSchemaPlugin);

export type AppCollections = { [C in CollectionName]: RxCollection<DocOf<C>> };
export type AppDatabase = RxDatabase<AppCollections>;

export interface AppDatabaseOptions {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- RxStorage's internals differ per storage
  readonly storage: RxStorage<any, any>;
  /** One database per signed-in person and server, so two accounts never mix on one machine. */
  readonly name: string;
  readonly conflicts: ConflictHooks;
}

/**
 * The local database: every collection of DESIGN §2. Local-only records (sync issues) are RxDB
 * local documents, since the open-source RxDB allows 13 collections in a process.
 */
export const openAppDatabase = async (options: AppDatabaseOptions): Promise<AppDatabase> => {
  const database = await createRxDatabase<AppCollections>({
    name: options.name,
    storage: options.storage,
    // The main process is the only writer; a second process is refused by the storage's lock.
    multiInstance: false,
    eventReduce: true,
    closeDuplicates: true,
    localDocuments: true,
  });
  await database.addCollections(
    Object.fromEntries(
      collectionNames.map((name) => [
        name,
        {
          schema: collections[name],
          // A database of an older version is migrated as it opens (./migrations).
          migrationStrategies: migrationStrategiesOf(name),
          conflictHandler: createConflictHandler(name, options.conflicts),
        },
      ]),
    ),
  );
  return database;
};
