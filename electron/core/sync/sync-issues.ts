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
import type { SyncEngine } from './sync-engine';

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

/** What a record is about: several conflict records may share it, each with its own id. */
export const syncIssueId = (kind: string, collection: string, docId: string) =>
  `${kind}:${collection}:${docId}`;

/** Kept in one RxDB local document: local documents are not collections, and RxDB's open-source
 * build allows only 13 collections, all of which the product needs. */
const LOCAL_DOC_ID = 'sync-issues';
/** A bound, not an expected size: past it the oldest records go, and a `dropped` record says so. */
export const MAX_SYNC_ISSUES = 2000;
/** How many of the dropped records the `dropped` record names. */
const DROPPED_NAMED = 50;

interface Stored {
  readonly issues: SyncIssue[];
  /** Numbers records, so several of one kind about one document each have their own id. */
  readonly seq?: number;
}

/**
 * Refusals and misfits are about what a document is now: a newer one replaces the record of the
 * same document. Conflict records are each a version that lost: all are kept, however many one
 * document has, until the person restores or dismisses each (issue 12).
 */
const replacesSameDocument = (kind: SyncIssue['kind']) => kind === 'rejected' || kind === 'invalid';

const sameRecord = (a: Omit<SyncIssue, 'id' | 'createdAt'>, b: SyncIssue) =>
  a.kind === b.kind &&
  a.collection === b.collection &&
  a.docId === b.docId &&
  a.message === b.message &&
  deepEqual(a.fields, b.fields) &&
  deepEqual(a.localVersion, b.localVersion);

/**
 * Keeps the list within MAX_SYNC_ISSUES. Misfits go first (the server still has those
 * documents), then the oldest records; what went is named in one `dropped` record, never silently.
 */
const withinBound = (issues: readonly SyncIssue[], now: string, id: string): SyncIssue[] => {
  if (issues.length <= MAX_SYNC_ISSUES) return [...issues];
  const previous = issues.find((issue) => issue.kind === 'dropped');
  const others = issues.filter((issue) => issue.kind !== 'dropped');
  const excess = others.length - (MAX_SYNC_ISSUES - 1);
  const misfits = others.filter((issue) => issue.kind === 'invalid').slice(0, excess);
  const oldest = others
    .filter((issue) => issue.kind !== 'invalid')
    .slice(0, Math.max(0, excess - misfits.length));
  const gone = new Set([...misfits, ...oldest]);
  const named = previous?.localVersion['records'];
  // Our own record, written just below.
  const before = Array.isArray(named) ? (named as { collection: string; docId: string }[]) : [];
  const count = Number(previous?.localVersion['count'] ?? 0) + gone.size;
  const dropped: SyncIssue = {
    id,
    kind: 'dropped',
    collection: '',
    docId: '',
    fields: [],
    message: `${count} older sync records did not fit in the ${MAX_SYNC_ISSUES} kept on this machine and were dropped (the oldest first; documents the server sent that did not fit before any of your versions).`,
    localVersion: {
      count,
      records: [
        ...before,
        ...[...gone].map(({ kind, collection, docId }) => ({ kind, collection, docId })),
      ].slice(-DROPPED_NAMED),
    },
    createdAt: now,
  };
  return [dropped, ...others.filter((issue) => !gone.has(issue))];
};

export const createSyncIssueStore = async (
  database: AppDatabase,
  clock: Clock,
): Promise<SyncIssueStore> => {
  const stored = await database.getLocal<Stored>(LOCAL_DOC_ID);
  // Our own record, written only by this module.
  const storedIssues: unknown = stored?.get('issues');
  const storedSeq: unknown = stored?.get('seq');
  let seq = typeof storedSeq === 'number' ? storedSeq : 0;
  const subject = new BehaviorSubject<readonly SyncIssue[]>(
    Array.isArray(storedIssues) ? (storedIssues as SyncIssue[]) : [],
  );
  let queue: Promise<unknown> = Promise.resolve();
  const update = (change: (issues: readonly SyncIssue[]) => readonly SyncIssue[]) => {
    const next = queue.then(async () => {
      const changed = change(subject.value);
      const issues = withinBound(changed, clock.now().toISOString(), `dropped#${seq + 1}`);
      if (issues.length !== changed.length) seq++;
      await database.upsertLocal<Stored>(LOCAL_DOC_ID, { issues, seq });
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
        // The same loss met twice (a push retried) is one record.
        if (issues.some((existing) => sameRecord(issue, existing))) return issues;
        seq++;
        const key = syncIssueId(issue.kind, issue.collection, issue.docId);
        const entry: SyncIssue = {
          ...issue,
          id: `${key}#${seq}`,
          createdAt: clock.now().toISOString(),
        };
        const replaced = replacesSameDocument(issue.kind)
          ? issues.filter(
              (existing) => syncIssueId(existing.kind, existing.collection, existing.docId) !== key,
            )
          : issues;
        return [...replaced, entry];
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
  let engine: Pick<SyncEngine, 'superseded'> | undefined;
  const hooks: ConflictHooks & {
    attach: (issues: SyncIssueStore, signedIn: SyncWriter) => void;
    /** The sync engine, once started: what it knows of the server's versions. */
    follow: (started: Pick<SyncEngine, 'superseded'>) => void;
    rememberPushed: (collection: CollectionName, doc: object) => void;
    rememberPulled: (collection: CollectionName, doc: object) => void;
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
    /**
     * A version from the server replaced the local one: the local document no longer descends
     * from this machine's last push, so that push may no longer stand in for the base of a merge
     * (measured: RxDB put an out-of-date echo of an earlier push over the newer local version, an
     * edit followed on it, and "our own push is on the server, ours stands" then wrote the revert
     * over the newer push without a record).
     */
    rememberPulled: (collection, doc) => {
      const fields = withoutBookkeeping(doc);
      const key = keyOf(collection, fields['id']);
      const pushed = lastPushed.get(key);
      if (pushed !== undefined && !deepEqual(pushed, fields)) lastPushed.delete(key);
    },
    superseded: (collection, serverDoc) => engine?.superseded(collection, serverDoc) ?? false,
    attach: (issues, signedIn) => {
      store = issues;
      writer = signedIn;
    },
    follow: (started) => {
      engine = started;
    },
  };
  return hooks;
};

/** Enough for any burst of edits; older pushes have long been answered. */
const MAX_REMEMBERED_PUSHES = 20_000;
