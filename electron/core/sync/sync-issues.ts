import { BehaviorSubject } from 'rxjs';
import type { Observable } from 'rxjs';
import type { AppDatabase } from '../database/app-database';
import type { SyncIssue } from '../../../shared/contract';
import { deepEqual } from 'rxdb/plugins/utils';
import { checkWrite } from '../../../shared/domain/checkWrite';
import type { CollectionName } from '../../../shared/schema';
import { withoutBookkeeping } from '../database/conflict-handler';
import type { ConflictHooks, RecordLostChange } from '../database/conflict-handler';
import type { Clock } from '../platform/clock';
import type { Logger } from '../platform/logger';

export type { SyncIssue } from '../../../shared/contract';

/** Who writes through this database: the person signed in, as the server knows them. */
export interface SyncWriter {
  readonly name: string;
  readonly roles: readonly string[];
}

export interface SyncIssueStore {
  readonly issues$: Observable<readonly SyncIssue[]>;
  current(): readonly SyncIssue[];
  record(issue: Omit<SyncIssue, 'id' | 'createdAt'>): Promise<void>;
  /** The user retried, restored or dismissed it. */
  dismiss(id: string): Promise<void>;
}

/** Kept in one RxDB local document: local documents are not collections, and RxDB's open-source
 * build allows only 13 collections, all of which the product needs. */
const LOCAL_DOC_ID = 'sync-issues';
/** The oldest records go first past this: a bound, not an expected size. */
export const MAX_SYNC_ISSUES = 2000;

export const syncIssueId = (kind: string, collection: string, docId: string) =>
  `${kind}:${collection}:${docId}`;

export const createSyncIssueStore = async (
  database: AppDatabase,
  clock: Clock,
): Promise<SyncIssueStore> => {
  const stored = await database.getLocal<{ issues: SyncIssue[] }>(LOCAL_DOC_ID);
  // Our own record, written only by this module.
  const storedIssues: unknown = stored?.get('issues');
  const subject = new BehaviorSubject<readonly SyncIssue[]>(
    Array.isArray(storedIssues) ? (storedIssues as SyncIssue[]) : [],
  );
  let queue: Promise<unknown> = Promise.resolve();
  const update = (change: (issues: readonly SyncIssue[]) => readonly SyncIssue[]) => {
    const next = queue.then(async () => {
      const issues = change(subject.value).slice(-MAX_SYNC_ISSUES);
      await database.upsertLocal(LOCAL_DOC_ID, { issues });
      subject.next(issues);
    });
    queue = next.catch(() => undefined);
    return next;
  };
  return {
    issues$: subject.asObservable(),
    current: () => subject.value,
    record: (issue) =>
      update((issues) => {
        const id = syncIssueId(issue.kind, issue.collection, issue.docId);
        const entry: SyncIssue = { ...issue, id, createdAt: clock.now().toISOString() };
        return [...issues.filter((existing) => existing.id !== id), entry];
      }),
    dismiss: (id) => update((issues) => issues.filter((issue) => issue.id !== id)),
  };
};

/**
 * The conflict handler is given to the database before the issue store (which lives in that
 * database) exists: this records conflict losers into the store once it is attached.
 */
export const createConflictRecorder = (logger: Logger) => {
  let store: SyncIssueStore | undefined;
  const recordLost: RecordLostChange = (collection, docId, lost) => {
    void store
      ?.record({
        kind: 'conflict',
        collection,
        docId,
        message: lost.message,
        fields: lost.fields,
        localVersion: lost.localVersion,
      })
      .catch((error: unknown) => {
        logger.error('sync: could not record a conflict', error);
      });
  };
  // The last version of each document this machine pushed, newest last; bounded.
  const lastPushed = new Map<string, Record<string, unknown>>();
  const keyOf = (collection: string, id: unknown) => `${collection}\u0000${String(id)}`;
  let writer: SyncWriter | undefined;
  const hooks: ConflictHooks & {
    attach: (issues: SyncIssueStore, signedIn: SyncWriter) => void;
    rememberPushed: (collection: CollectionName, doc: object) => void;
  } = {
    recordLost,
    // The server judges a merge as this person's write on top of its version: so does the merge.
    accepts: (collection, resolved, server) =>
      writer ? checkWrite({ collection, newDoc: resolved, oldDoc: server, user: writer }) : null,
    isOwnWrite: (collection, serverDoc) => {
      const pushed = lastPushed.get(keyOf(collection, serverDoc['id']));
      return pushed !== undefined && deepEqual(pushed, serverDoc);
    },
    rememberPushed: (collection, doc) => {
      const fields = withoutBookkeeping(doc);
      const key = keyOf(collection, fields['id']);
      lastPushed.delete(key);
      lastPushed.set(key, fields);
      if (lastPushed.size > MAX_REMEMBERED_PUSHES) {
        const oldest = lastPushed.keys().next().value;
        if (oldest !== undefined) lastPushed.delete(oldest);
      }
    },
    attach: (issues, signedIn) => {
      store = issues;
      writer = signedIn;
    },
  };
  return hooks;
};

/** Enough for any burst of edits; older pushes have long been answered. */
const MAX_REMEMBERED_PUSHES = 20_000;
