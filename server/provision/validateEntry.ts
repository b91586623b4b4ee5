import { checkWrite } from '../../shared/domain/checkWrite';
import { collections, isCollectionName } from '../../shared/schema/index';
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
