import type { MangoQuery, RxCollection, RxDocument } from 'rxdb';
import { getValidator } from 'rxdb/plugins/validate-ajv';
import { map } from 'rxjs';
import type { Observable } from 'rxjs';
import { HostFailure } from '../../../shared/contract';
import { checkWrite } from '../../../shared/domain';
import type { DomainResult } from '../../../shared/domain';
import { collectionNames, collections } from '../../../shared/schema';
import type { CollectionName, DocOf } from '../../../shared/schema';
import type { Workspace } from './workspace';

/**
 * Reading and writing documents the way every command must: each write passes the collection's
 * schema and shared/domain's checkWrite — the same rules the server's validate_doc_update runs —
 * before it reaches the local database, so a refused change is refused here, at once and offline,
 * instead of coming back from the server later.
 */

type Validate = (doc: unknown) => { instancePath?: string; message?: string }[];
const validators = Object.fromEntries(
  collectionNames.map((name) => [name, getValidator(collections[name]) as Validate]),
) as Record<CollectionName, Validate>;

/** One collection of the signed-in person's database, typed by its name. */
export const collectionOf = <C extends CollectionName>(
  workspace: Workspace,
  collection: C,
): RxCollection<DocOf<C>> => workspace.database[collection] as unknown as RxCollection<DocOf<C>>;

/** A document as plain JSON, without RxDB's bookkeeping. */
export const plain = <C extends CollectionName>(doc: RxDocument<DocOf<C>>): DocOf<C> =>
  doc.toJSON() as DocOf<C>;

const checked = <C extends CollectionName>(
  workspace: Workspace,
  collection: C,
  next: DocOf<C>,
  previous: DocOf<C> | null,
): DocOf<C> => {
  const errors = validators[collection](next);
  if (errors.length > 0) {
    throw new HostFailure(
      'invalid_input',
      `That ${collection} document is not valid.`,
      errors.map((error) => ({
        path: (error.instancePath ?? '').replace(/^\//, '').replaceAll('/', '.') || '(document)',
        message: error.message ?? 'is not valid',
      })),
    );
  }
  const refusal = checkWrite({
    collection,
    newDoc: next as unknown as Record<string, unknown>,
    oldDoc: previous as unknown as Record<string, unknown> | null,
    user: { name: workspace.actor.id, roles: workspace.roles },
  });
  if (refusal !== null) throw new HostFailure('forbidden', refusal);
  return next;
};

/** The document, or undefined. */
export const findDoc = async <C extends CollectionName>(
  workspace: Workspace,
  collection: C,
  id: string,
): Promise<DocOf<C> | undefined> => {
  const doc = await collectionOf(workspace, collection).findOne(id).exec();
  return doc ? plain(doc) : undefined;
};

/** The document, or a `not_found` answer naming what is missing. */
export const getDoc = async <C extends CollectionName>(
  workspace: Workspace,
  collection: C,
  id: string,
  what: string = collection,
): Promise<DocOf<C>> => {
  const doc = await findDoc(workspace, collection, id);
  if (!doc)
    throw new HostFailure('not_found', `There is no such ${what} (it may not have synced yet).`);
  return doc;
};

export const queryDocs = async <C extends CollectionName>(
  workspace: Workspace,
  collection: C,
  query: MangoQuery<DocOf<C>>,
): Promise<DocOf<C>[]> => {
  const docs = await collectionOf(workspace, collection).find(query).exec();
  return docs.map(plain);
};

/** A live query's documents as plain JSON. */
export const watchDocs = <C extends CollectionName>(
  workspace: Workspace,
  collection: C,
  query: MangoQuery<DocOf<C>>,
): Observable<DocOf<C>[]> =>
  collectionOf(workspace, collection)
    .find(query)
    .$.pipe(map((docs) => docs.map(plain)));

/** One document, live; undefined while it does not exist. */
export const watchDoc = <C extends CollectionName>(
  workspace: Workspace,
  collection: C,
  id: string,
): Observable<DocOf<C> | undefined> =>
  collectionOf(workspace, collection)
    .findOne(id)
    .$.pipe(map((doc) => (doc ? plain(doc) : undefined)));

/** Inserts a new document after the checks; `conflict` when the id exists. */
export const insertDoc = async <C extends CollectionName>(
  workspace: Workspace,
  collection: C,
  doc: DocOf<C>,
): Promise<DocOf<C>> => {
  const next = checked(workspace, collection, doc, null);
  try {
    await collectionOf(workspace, collection).insert(next);
  } catch (error) {
    if ((error as { code?: string }).code === 'CONFLICT') {
      throw new HostFailure('conflict', `That ${collection} document exists already.`);
    }
    throw error;
  }
  return next;
};

/**
 * Changes a document: `change` gets the latest version (a pull may have just replaced it) and
 * returns the next; both the change's own rules and the shared checks run on that latest version.
 */
export const updateDoc = async <C extends CollectionName>(
  workspace: Workspace,
  collection: C,
  id: string,
  change: (current: DocOf<C>) => DocOf<C>,
  what: string = collection,
): Promise<DocOf<C>> => {
  const doc = await collectionOf(workspace, collection).findOne(id).exec();
  if (!doc)
    throw new HostFailure('not_found', `There is no such ${what} (it may not have synced yet).`);
  let written: DocOf<C> | undefined;
  await doc.incrementalModify((data) => {
    // RxDB hands over its bookkeeping too (`_deleted`, `_meta`...): the rules see the document.
    const previous = Object.fromEntries(
      Object.entries(data).filter(([key]) => !key.startsWith('_')),
    ) as DocOf<C>;
    written = checked(workspace, collection, change(previous), previous);
    return written;
  });
  if (!written) throw new HostFailure('internal', `The ${what} was not saved.`);
  return written;
};

/** Deletes a document after checkWrite allows it (RxDB keeps a tombstone that syncs). */
export const removeDoc = async (
  workspace: Workspace,
  collection: CollectionName,
  id: string,
  what: string = collection,
): Promise<void> => {
  // Any collection: its documents are plain JSON records as far as the rules go.
  const rxCollection = workspace.database[collection] as unknown as RxCollection<
    Record<string, unknown>
  >;
  const doc = await rxCollection.findOne(id).exec();
  if (!doc) throw new HostFailure('not_found', `There is no such ${what}.`);
  const current = doc.toJSON() as Record<string, unknown>;
  const refusal = checkWrite({
    collection,
    newDoc: { ...current, _deleted: true },
    oldDoc: current,
    user: { name: workspace.actor.id, roles: workspace.roles },
  });
  if (refusal !== null) throw new HostFailure('forbidden', refusal);
  await doc.remove();
};

/** A domain rule's answer as a document, or the host failure of the same code. */
export const unwrap = <T>(result: DomainResult<T>): T => {
  if (!result.ok) throw new HostFailure(result.error.code, result.error.message);
  return result.doc;
};
