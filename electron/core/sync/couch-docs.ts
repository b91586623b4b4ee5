import { isCollectionName } from '../../../shared/schema';
import type { CollectionName } from '../../../shared/schema';
import { couchIdOf, databaseOf, homeOf, parseCouchId } from '../../../shared/sync/layout';
import type { Self } from '../../../shared/sync/layout';

/**
 * Documents between the app and the server: the app holds `id`, the server `_id` as
 * `<collection>:<id>` (shared/sync/layout), and RxDB's replication wants `_deleted` always set.
 */

export type Fields = Record<string, unknown>;

/** A document as RxDB's replication takes it: its fields, `id`, `_deleted`. */
export type AppDoc = Fields & { readonly id: string; readonly _deleted: boolean };

/** A server document as the app holds it, and its collection; null for what is not the app's. */
export const fromCouchDoc = (
  doc: Fields,
): { readonly collection: CollectionName; readonly doc: AppDoc } | null => {
  const couchId = typeof doc['_id'] === 'string' ? doc['_id'] : '';
  const named = parseCouchId(couchId, isCollectionName);
  if (named === null) return null;
  // A plain loop: this runs for every document of every page (entries, filter and fromEntries
  // took a fifth of a catch-up's routing and checking).
  const fields: Fields = {};
  for (const key of Object.keys(doc)) if (key.charCodeAt(0) !== 95 /* _ */) fields[key] = doc[key];
  fields['id'] = named.id;
  fields['_deleted'] = doc['_deleted'] === true;
  return { collection: named.collection, doc: fields as AppDoc };
};

/** A document as the server holds it: `_id` for `id`, `_deleted` only when it is a deletion. */
export const toCouchDoc = (collection: CollectionName, doc: Fields): Fields => {
  const { id, _deleted: deleted, _meta: _m, _rev: _r, _attachments: _a, ...fields } = doc;
  return {
    ...fields,
    _id: couchIdOf(collection, String(id)),
    ...(deleted === true ? { _deleted: true } : {}),
  };
};

/** Whether a deletion says what the document was (RxDB deletes keep the fields; others may not). */
const hasFields = (doc: Fields) =>
  Object.keys(doc).some((key) => key !== 'id' && !key.startsWith('_'));

/** The database a document lives in for this person (shared/sync/layout's homeOf), by name. */
export const homeDatabaseOf = (collection: CollectionName, doc: Fields, self: Self): string =>
  databaseOf(homeOf(collection, doc, self));

/**
 * Whether a version read from `database` is for this installation to take. Only from the
 * document's home: elsewhere it is a copy the server's replication made for someone else (a
 * person's own application, seen again with the deciders) or what is left where it moved from (a
 * draft's tombstone in its author's database, once submitted). And a report never goes back from
 * submitted to draft: a live draft from the author's database does not replace a submitted
 * report here (two machines of the author, one submitting as the other edited).
 */
export const takesFrom = (
  database: string,
  collection: CollectionName,
  pulled: AppDoc,
  local: Fields | undefined,
  self: Self,
): boolean => {
  const described = !pulled._deleted || hasFields(pulled) ? pulled : local;
  if (described !== undefined && homeDatabaseOf(collection, described, self) !== database) {
    return false;
  }
  if (local === undefined || local['_deleted'] === true) return true;
  if (homeDatabaseOf(collection, local, self) === database) return true;
  return !(collection === 'reports' && local['state'] === 'submitted' && !pulled._deleted);
};
