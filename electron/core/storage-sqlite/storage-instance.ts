import type { Observable } from 'rxjs';
import { getIndexableStringMonad, now } from 'rxdb';
import type {
  BulkWriteRow,
  PreparedQuery,
  RxDocumentData,
  RxJsonSchema,
  RxStorageBulkWriteResponse,
  RxStorageCountResult,
  RxStorageDefaultCheckpoint,
  RxStorageInstance,
  RxStorageQueryResult,
} from 'rxdb';
import { readAttachment, readAttachmentBytes, writeRowsToTable } from './bulk-write';
import type { AttachmentBytes } from './bulk-write';
import {
  dropCollectionTable,
  findIndexColumn,
  releaseCollectionTable,
  statement,
} from './collection-table';
import type { CollectionTable, SQLiteChangeBulk } from './collection-table';
import { releaseDatabaseFile } from './database-file';
import { encodeIndexKey } from './index-key';
import { uncacheDocument } from './document-cache';
import { documentsOfRowids, readDocumentsById, rowidArraySql, rowidsOf } from './document-reads';
import { countQuery, runQuery } from './query-runner';
import { withStorageErrors } from './storage-errors';

/** What `instance.internals` exposes: enough to find the file and table when debugging. */
export interface SQLiteStorageInternals {
  readonly filePath: string;
  readonly table: string;
}

export type SQLiteInstanceCreationOptions = Record<string, never>;

/** Old tombstones purged per cleanup() call, so one call never blocks the process for long. */
const CLEANUP_BATCH = 5_000;

export class RxStorageInstanceSQLite<RxDocType> implements RxStorageInstance<
  RxDocType,
  SQLiteStorageInternals,
  SQLiteInstanceCreationOptions,
  RxStorageDefaultCheckpoint
> {
  readonly internals: SQLiteStorageInternals;
  private closed = false;

  constructor(
    readonly databaseName: string,
    readonly collectionName: string,
    readonly schema: Readonly<RxJsonSchema<RxDocumentData<RxDocType>>>,
    readonly options: Readonly<SQLiteInstanceCreationOptions>,
    private readonly state: CollectionTable<RxDocType>,
  ) {
    this.internals = { filePath: state.file.filePath, table: state.table };
  }

  async bulkWrite(
    documentWrites: BulkWriteRow<RxDocType>[],
    context: string,
  ): Promise<RxStorageBulkWriteResponse<RxDocType>> {
    this.ensureUsable();
    if (!this.state.attachmentsTable) return this.writeNow(documentWrites, context, new Map());
    // Reading attachment Blobs is asynchronous: queue these writes so they still apply in order.
    const write = this.state.writeQueue.then(async () =>
      this.writeNow(documentWrites, context, await readAttachmentBytes(documentWrites)),
    );
    this.state.writeQueue = write.catch(() => undefined);
    return write;
  }

  private writeNow(
    documentWrites: BulkWriteRow<RxDocType>[],
    context: string,
    attachmentBytes: AttachmentBytes,
  ): RxStorageBulkWriteResponse<RxDocType> {
    this.ensureUsable();
    const state = this.state;
    const categorized = this.guard(() =>
      writeRowsToTable(this, state, documentWrites, context, attachmentBytes),
    );
    const newest = categorized.newestRow?.document;
    if (categorized.errors.length > 0) {
      // categorizeBulkWriteRows also emits an INSERT event for an insert refused with 510: drop it.
      const refused = new Set(categorized.errors.map((error) => error.documentId));
      const events = categorized.eventBulk.events;
      categorized.eventBulk.events = events.filter((event) => !refused.has(event.documentId));
    }
    if (newest && categorized.eventBulk.events.length > 0) {
      // Emitted only after COMMIT returned: a listener never sees a write that could still vanish.
      categorized.eventBulk.checkpoint = {
        id: (newest as Record<string, unknown>)[state.primaryPath] as string,
        lwt: newest._meta.lwt,
      };
      state.changes$.next(categorized.eventBulk as SQLiteChangeBulk<RxDocType>);
    }
    return { error: categorized.errors };
  }

  findDocumentsById(ids: string[], withDeleted: boolean): Promise<RxDocumentData<RxDocType>[]> {
    this.ensureUsable();
    const found = this.guard(() => readDocumentsById(this.state, ids));
    const documents: RxDocumentData<RxDocType>[] = [];
    // In the order asked for, as the memory storage answers.
    for (const id of ids) {
      const doc = found.get(id);
      if (doc && (withDeleted || !doc._deleted)) documents.push(doc);
    }
    return Promise.resolve(documents);
  }

  query(preparedQuery: PreparedQuery<RxDocType>): Promise<RxStorageQueryResult<RxDocType>> {
    this.ensureUsable();
    return Promise.resolve({ documents: this.guard(() => runQuery(this.state, preparedQuery)) });
  }

  count(preparedQuery: PreparedQuery<RxDocType>): Promise<RxStorageCountResult> {
    this.ensureUsable();
    const count = this.guard(() => countQuery(this.state, preparedQuery));
    // 'fast' as in the memory storage: a bounded range scan on an index, never a full table scan.
    return Promise.resolve({ count, mode: 'fast' });
  }

  getChangedDocumentsSince(
    limit: number,
    checkpoint?: RxStorageDefaultCheckpoint,
  ): Promise<{ documents: RxDocumentData<RxDocType>[]; checkpoint: RxStorageDefaultCheckpoint }> {
    this.ensureUsable();
    // RxDB always indexes [_meta.lwt, primary key]: its key orders changes by (lwt, id), so a
    // checkpoint is one key and paging is a range scan that resumes strictly after it.
    const fields = ['_meta.lwt', this.state.primaryPath];
    const column = findIndexColumn(this.state, fields).column;
    const after = checkpoint
      ? encodeIndexKey(
          getIndexableStringMonad(
            this.schema,
            fields,
          )({
            _meta: { lwt: checkpoint.lwt },
            [this.state.primaryPath]: checkpoint.id,
          } as unknown as RxDocumentData<RxDocType>),
        )
      : Buffer.alloc(0);
    const rowids = this.guard(() =>
      rowidsOf(
        statement(
          this.state,
          rowidArraySql(
            `SELECT rowid FROM ${this.state.table} WHERE ${column} > ? ORDER BY ${column} LIMIT ?`,
          ),
        ).rows([after, limit]),
      ),
    );
    const documents = this.guard(() => documentsOfRowids(this.state, rowids));
    const last = documents[documents.length - 1];
    return Promise.resolve({
      documents,
      checkpoint: last
        ? {
            id: (last as Record<string, unknown>)[this.state.primaryPath] as string,
            lwt: last._meta.lwt,
          }
        : (checkpoint ?? { id: '', lwt: 0 }),
    });
  }

  changeStream(): Observable<SQLiteChangeBulk<RxDocType>> {
    this.ensureUsable();
    return this.state.changes$.asObservable();
  }

  getAttachmentData(documentId: string, attachmentId: string, digest: string): Promise<Blob> {
    this.ensureUsable();
    const blob = this.guard(() => readAttachment(this.state, documentId, attachmentId, digest));
    if (!blob) {
      return Promise.reject(new Error(`attachment does not exist: ${documentId}||${attachmentId}`));
    }
    return Promise.resolve(blob);
  }

  cleanup(minimumDeletedTime: number): Promise<boolean> {
    this.ensureUsable();
    const state = this.state;
    const maxDeletionTime = now() - minimumDeletedTime;
    const purged = this.guard(() =>
      state.file.connection.transaction(() => {
        const ids = statement(
          state,
          `SELECT id, rowid FROM ${state.table} WHERE deleted = 1 AND lwt <= ? LIMIT ?`,
        ).rows([maxDeletionTime, CLEANUP_BATCH]);
        const remove = statement(state, `DELETE FROM ${state.table} WHERE id = ?`);
        const removeAttachments = state.attachmentsTable
          ? statement(state, `DELETE FROM ${state.attachmentsTable} WHERE docId = ?`)
          : undefined;
        for (const [id, rowid] of ids) {
          remove.run([id ?? null]);
          removeAttachments?.run([id ?? null]);
          uncacheDocument(state.cache, id as string, rowid as number);
        }
        return ids.length;
      }),
    );
    // false tells RxDB's cleanup plugin to call again: more tombstones are waiting.
    return Promise.resolve(purged < CLEANUP_BATCH);
  }

  close(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.closed = true;
    releaseCollectionTable(this.state);
    releaseDatabaseFile(this.state.file);
    return Promise.resolve();
  }

  async remove(): Promise<void> {
    this.ensureUsable();
    this.guard(() => dropCollectionTable(this.state));
    await this.close();
  }

  private ensureUsable(): void {
    if (this.state.removed) {
      throw new Error(
        `removed already: ${this.databaseName} - ${this.collectionName} - ${this.schema.version}`,
      );
    }
    if (this.closed) {
      throw new Error(`closed: ${this.databaseName} - ${this.collectionName}`);
    }
  }

  private guard<T>(fn: () => T): T {
    return withStorageErrors(this.state.file.filePath, fn);
  }
}
