import { categorizeBulkWriteRows } from 'rxdb';
import type {
  BulkWriteRow,
  CategorizeBulkWriteRowsOutput,
  RxStorageInstance,
  StringKeys,
} from 'rxdb';
import { documentColumnNames, documentRowValues, statement } from './collection-table';
import type { CollectionTable } from './collection-table';
import { cacheDocument, DOCUMENT_CACHE_MAX_ENTRIES, rememberRowid } from './document-cache';
import { readDocumentsById } from './document-reads';

/** Attachment bytes, read from the Blobs before the synchronous transaction starts. */
export type AttachmentBytes = Map<Blob, Buffer>;

/** Reads every attachment Blob in the write rows (Blob reads are async; SQLite writes are not). */
export async function readAttachmentBytes<RxDocType>(
  rows: readonly BulkWriteRow<RxDocType>[],
): Promise<AttachmentBytes> {
  const bytes: AttachmentBytes = new Map();
  for (const row of rows) {
    for (const attachment of Object.values(row.document._attachments)) {
      if ('data' in attachment && attachment.data instanceof Blob && !bytes.has(attachment.data)) {
        bytes.set(attachment.data, Buffer.from(await attachment.data.arrayBuffer()));
      }
    }
  }
  return bytes;
}

/** Inserts from which a write into a table no larger than itself rebuilds the indexes instead. */
const BULK_LOAD_MIN_INSERTS = 2_000;

/**
 * Whether to drop the secondary indexes before the inserts and build them again after (in the same
 * transaction). SQLite builds an index by sorting, several times faster than inserting the same
 * keys one by one into B-trees much larger than the page cache; it pays off when the insert is at
 * least as large as what the table already holds (first import, initial sync of a big collection).
 */
function isBulkLoad<T>(state: CollectionTable<T>, inserts: number): boolean {
  if (inserts < BULK_LOAD_MIN_INSERTS) return false;
  const existing = statement(state, `SELECT count(*) FROM ${state.table}`).rows()[0]?.[0];
  return Number(existing ?? 0) <= inserts;
}

/**
 * One bulkWrite as one SQLite transaction: read the current documents, let RxDB's own
 * categorizeBulkWriteRows decide inserts, updates and 409 conflicts (so conflict semantics are
 * exactly RxDB's), then write rows and attachments. Nothing yields, so nothing interleaves.
 */
export function writeRowsToTable<RxDocType>(
  instance: RxStorageInstance<RxDocType, unknown, unknown>,
  state: CollectionTable<RxDocType>,
  rows: BulkWriteRow<RxDocType>[],
  context: string,
  attachmentBytes: AttachmentBytes,
): CategorizeBulkWriteRowsOutput<RxDocType> {
  const primaryPath = state.primaryPath as StringKeys<RxDocType>;
  // Rowids of the inserted rows, remembered only once committed (a rollback may hand them out again).
  const insertedRowids: number[] = [];
  const categorized = state.file.connection.transaction(() => {
    const ids = rows.map((row) => row.document[primaryPath] as string);
    const docsInDb = readDocumentsById(state, ids);
    const categorized = categorizeBulkWriteRows<RxDocType>(
      instance,
      primaryPath,
      docsInDb,
      rows,
      context,
    );
    const columns = documentColumnNames(state);
    const bulkLoad = isBulkLoad(state, categorized.bulkInsertDocs.length);
    // Inside this transaction: a failure or a crash rolls the dropped indexes back too.
    if (bulkLoad)
      for (const index of state.secondaryIndexes)
        state.file.connection.exec(`DROP INDEX IF EXISTS ${index.name}`);
    if (categorized.bulkInsertDocs.length > 0) {
      const insert = statement(
        state,
        `INSERT INTO ${state.table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
      );
      for (const row of categorized.bulkInsertDocs)
        insertedRowids.push(insert.run(documentRowValues(state, row.document)).lastInsertRowid);
    }
    if (categorized.bulkUpdateDocs.length > 0) {
      const assignments = columns.slice(1).map((column) => `${column} = ?`);
      const update = statement(
        state,
        `UPDATE ${state.table} SET ${assignments.join(', ')} WHERE id = ?`,
      );
      for (const row of categorized.bulkUpdateDocs) {
        const [id, ...rest] = documentRowValues(state, row.document);
        update.run([...rest, id ?? null]);
      }
    }
    if (bulkLoad)
      for (const index of state.secondaryIndexes) state.file.connection.exec(index.create);
    if (state.attachmentsTable) writeAttachments(state, categorized, attachmentBytes);
    return categorized;
  });
  categorized.bulkInsertDocs.forEach((row, i) => {
    rememberRowid(state.cache, insertedRowids[i] as number, row.document[primaryPath] as string);
  });
  // Committed: the written versions are what SQLite now holds, so later reads need not parse them.
  // A write larger than the cache keeps only its last documents (the rest would be evicted anyway).
  const written = [...categorized.bulkInsertDocs, ...categorized.bulkUpdateDocs];
  for (
    let i = Math.max(0, written.length - DOCUMENT_CACHE_MAX_ENTRIES / 4);
    i < written.length;
    i++
  ) {
    const { document } = written[i] as BulkWriteRow<RxDocType>;
    const id = document[primaryPath] as string;
    cacheDocument(state.cache, id, document);
  }
  return categorized;
}

function writeAttachments<RxDocType>(
  state: CollectionTable<RxDocType>,
  categorized: CategorizeBulkWriteRowsOutput<RxDocType>,
  attachmentBytes: AttachmentBytes,
): void {
  const table = state.attachmentsTable;
  const upsert = statement(
    state,
    `INSERT OR REPLACE INTO ${table} (docId, attachmentId, digest, type, data) VALUES (?, ?, ?, ?, ?)`,
  );
  for (const added of [...categorized.attachmentsAdd, ...categorized.attachmentsUpdate]) {
    const blob = added.attachmentData.data;
    const bytes = attachmentBytes.get(blob);
    if (!bytes) throw new Error(`attachment data was not read: ${added.attachmentId}`);
    upsert.run([
      added.documentId,
      added.attachmentId,
      added.digest,
      added.attachmentData.type,
      bytes,
    ]);
  }
  if (categorized.attachmentsRemove.length > 0) {
    const remove = statement(state, `DELETE FROM ${table} WHERE docId = ? AND attachmentId = ?`);
    for (const removed of categorized.attachmentsRemove) {
      remove.run([removed.documentId, removed.attachmentId]);
    }
  }
}

/** The attachment's bytes, or undefined when absent or when its digest is not the one asked for. */
export function readAttachment<T>(
  state: CollectionTable<T>,
  documentId: string,
  attachmentId: string,
  digest: string,
): Blob | undefined {
  if (!state.attachmentsTable) return undefined;
  const row = statement(
    state,
    `SELECT digest, type, data FROM ${state.attachmentsTable} WHERE docId = ? AND attachmentId = ?`,
  ).rows([documentId, attachmentId])[0];
  if (!row || !digest || row[0] !== digest) return undefined;
  // Copied into a plain ArrayBuffer: Blob parts may not be views of a pooled/shared buffer.
  return new Blob([new Uint8Array(row[2] as Buffer)], { type: row[1] as string });
}
