import { checkWrite } from '../../shared/domain/checkWrite';
import { collections, isCollectionName } from '../../shared/schema/index';
import { checkFileWrite, isFileDocId } from '../../shared/domain/files';
import { belongsIn, filesWrittenIn, parseCouchId, type Scope } from '../../shared/sync/layout';
import { checkDocumentShape, type SchemaNode } from './schemaCheck';

/**
 * The entry esbuild bundles into every validate_doc_update (see designDocs.ts): the document's
 * shape against shared/schema, then shared/domain's checkWrite. Pure and self-contained: CouchDB
 * runs it in its JavaScript engine with nothing but the documents and the user.
 */
export interface UserContext {
  readonly name: string | null;
  readonly roles: readonly string[];
  /** The database written to (CouchDB and express-pouchdb both set it). */
  readonly db?: string;
}

type Json = Readonly<Record<string, unknown>>;

/**
 * RxDB's CouchDB replication stores the primary key as `_id` only; shared/domain's rules read `id`
 * (a profile's owner, a membership's id), so the server gives them the document as the app has it.
 */
const asAppDoc = (doc: Json): Json =>
  doc.id === undefined && typeof doc._id === 'string' ? { ...doc, id: doc._id } : doc;

/** null when the write is allowed, else the reason the server refuses it. */
export const validateWrite = (
  collection: string,
  newDoc: Json,
  oldDoc: Json | null,
  userCtx: UserContext,
  secObj?: Json,
): string | null => {
  if (!isCollectionName(collection)) return `Unknown collection ${collection}.`;
  // Server admins write anything (provisioning, repairs, server-side replication).
  if (userCtx.roles.includes('_admin')) return null;
  const shape = checkDocumentShape(collections[collection] as unknown as SchemaNode, newDoc);
  if (shape !== null) return shape;
  return checkWrite({
    collection,
    newDoc: asAppDoc(newDoc),
    oldDoc: oldDoc === null ? null : asAppDoc(oldDoc),
    user: {
      name: userCtx.name,
      roles: userCtx.roles,
      ...(typeof userCtx.db === 'string' ? { db: userCtx.db } : {}),
    },
    ...(secObj && typeof secObj === 'object' ? { security: secObj } : {}),
  });
};

/** A document as the app holds it: `id` from the CouchDB id (`<collection>:<id>`), no `_id`. */
const withAppId = (doc: Json, id: string): Json => {
  const { _id: _couchId, ...fields } = doc;
  return { ...fields, id };
};

/**
 * The same, for a database of the layout partitioned by audience (shared/sync/layout): the
 * document's collection comes from its id, it must belong in this database (`scope` is fixed in
 * the design document when provisioning makes it), then its shape and shared/domain's rules.
 */
export const validateScopedWrite = (
  scope: Scope,
  newDoc: Json,
  oldDoc: Json | null,
  userCtx: UserContext,
  secObj?: Json,
): string | null => {
  if (userCtx.roles.includes('_admin')) return null;
  // Its readers hold no write rights there: only the sender writes a broadcast, in their own
  // database, and the server's replication (a server admin) brings it here.
  if (scope.kind === 'broadcast') {
    return 'A broadcast is written in its sender’s own database; the server brings it here.';
  }
  const couchId = typeof newDoc._id === 'string' ? newDoc._id : '';
  if (isFileDocId(couchId)) {
    // A file sits beside the documents that refer to it (docs/FILES.md); the deciders' copies
    // come by the server's replication, like the applications and details they belong to.
    return filesWrittenIn.includes(scope.kind)
      ? checkFileWrite(newDoc, oldDoc, userCtx.name)
      : 'Files reach this database by the server’s replication only.';
  }
  // Bytes travel as file documents only: an attachment elsewhere would escape their limits.
  const attachments = newDoc._attachments;
  if (
    typeof attachments === 'object' &&
    attachments !== null &&
    Object.keys(attachments).length > 0
  ) {
    return 'Only file documents (files:<sha256>) carry attachments.';
  }
  const named = parseCouchId(couchId, isCollectionName);
  if (named === null)
    return `${couchId} is not the id of a document of this app (<collection>:<id>).`;
  if (newDoc.id !== undefined && newDoc.id !== named.id) return 'id must be the one in _id.';
  const doc = withAppId(newDoc, named.id);
  const placement = belongsIn(scope, named.collection, doc);
  if (placement !== null) return placement;
  const shape = checkDocumentShape(collections[named.collection] as unknown as SchemaNode, doc);
  if (shape !== null) return shape;
  return checkWrite({
    collection: named.collection,
    newDoc: doc,
    oldDoc: oldDoc === null ? null : withAppId(oldDoc, named.id),
    user: { name: userCtx.name, roles: userCtx.roles },
    // The forum's locked threads (server/provision/locked-threads.ts) are listed there.
    ...(secObj && typeof secObj === 'object' ? { security: secObj } : {}),
  });
};
