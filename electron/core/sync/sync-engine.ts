import { replicateCouchDB } from 'rxdb/plugins/replication-couchdb';
import type { RxCouchDBReplicationState } from 'rxdb/plugins/replication-couchdb';
import { deepEqual } from 'rxdb/plugins/utils';
import { getValidator } from 'rxdb/plugins/validate-ajv';
import { BehaviorSubject, combineLatest, map } from 'rxjs';
import type { Observable, Subscription } from 'rxjs';
import { collectionNames, collections } from '../../../shared/schema';
import type { SyncState, SyncStatus } from '../../../shared/contract';
import type { CollectionName } from '../../../shared/schema';
import type { AppDatabase } from '../database/app-database';
import type { Clock } from '../platform/clock';
import type { Logger } from '../platform/logger';
import { createCouchFetch } from './couch-fetch';
import { createServerVersions } from './server-versions';
import { appVersionOf } from './server-conflicts';
import type { CouchAuth, ServerRejection } from './couch-fetch';
import { trackOutbox } from './outbox';
import type { OutboxTracker } from './outbox';
import type { SyncIssueStore } from './sync-issues';

export type { SyncState, SyncStatus } from '../../../shared/contract';

export interface SyncUser {
  readonly name: string;
  readonly roles: readonly string[];
}

export interface SyncEngineOptions {
  readonly database: AppDatabase;
  readonly serverUrl: string;
  readonly user: SyncUser;
  /** The server database a collection replicates with, for this user (private ones included). */
  readonly databaseFor: (collection: CollectionName, user: SyncUser) => string;
  readonly auth: CouchAuth;
  readonly fetch: typeof fetch;
  readonly issues: SyncIssueStore;
  readonly clock: Clock;
  readonly logger: Logger;
  /** How long to wait before retrying after a failure; a backoff for offline periods. */
  readonly retryTimeMs?: number;
  /** Each document version this machine pushed (for telling its own echo from a conflict). */
  readonly onPushed?: (collection: CollectionName, doc: object) => void;
  /** Each version from the server that replaced the local one. */
  readonly onPulled?: (collection: CollectionName, doc: object) => void;
  readonly timeoutMs?: number;
}

export interface SyncEngine {
  readonly status$: Observable<SyncStatus>;
  pause(): Promise<void>;
  resume(): Promise<void>;
  /** Resolves once everything local is on the server and everything remote is here. */
  awaitInSync(): Promise<void>;
  /**
   * Whether a version from the server (as RxDB holds it) is older than one the server is known to
   * have: RxDB must not put it in place (the conflict handler asks, see server-versions.ts).
   */
  superseded(collection: CollectionName, doc: Record<string, unknown>): boolean;
  stop(): Promise<void>;
}

/** Live updates must not lag after a bulk change: RxDB's default batch of 20 does (DESIGN §4). */
export const PULL_BATCH_SIZE = 500;
export const PUSH_BATCH_SIZE = 500;

const validators = Object.fromEntries(
  collectionNames.map((name) => [name, getValidator(collections[name])]),
) as Record<CollectionName, (doc: unknown) => unknown[]>;

/** Live replication of every collection with its server database, and what the user sees of it. */
export const startSyncEngine = (options: SyncEngineOptions): SyncEngine => {
  const serverUrl = options.serverUrl.replace(/\/+$/, '');
  const collectionOfDatabase = new Map(
    collectionNames.map((name) => [options.databaseFor(name, options.user), name]),
  );
  const reachable = new BehaviorSubject<boolean | null>(null);
  const unauthorised = new BehaviorSubject(false);
  const paused = new BehaviorSubject(false);
  const lastError = new BehaviorSubject<string | null>(null);
  const lastSyncedAt = new BehaviorSubject<string | null>(null);

  const recordRejection = (rejection: ServerRejection) => {
    const collection = collectionOfDatabase.get(rejection.database) ?? rejection.database;
    const { _id: id, _rev: _r, ...fields } = rejection.doc;
    void options.issues
      .record({
        kind: 'rejected',
        collection,
        docId: rejection.docId,
        message: rejection.reason,
        fields: [],
        localVersion: { ...fields, id: typeof id === 'string' ? id : rejection.docId },
      })
      .catch((error: unknown) => {
        options.logger.error('sync: could not record a rejection', error);
      });
  };

  const versions = createServerVersions();
  const couchFetch = createCouchFetch({
    versions,
    fetch: options.fetch,
    auth: options.auth,
    timeoutMs: options.timeoutMs ?? 30_000,
    longpollTimeoutMs: 90_000,
    onRejected: recordRejection,
    // Documents from the server are checked like any other input; a misfit never reaches the store.
    checkIncoming: (database, doc) => {
      const name = collectionOfDatabase.get(database);
      if (!name) return null;
      const { _id: id, _rev: _r, _revisions: _v, _deleted: deleted, ...fields } = doc;
      if (deleted === true) return null;
      const errors = validators[name]({ ...fields, id });
      if (errors.length === 0) return null;
      void options.issues.record({
        kind: 'invalid',
        collection: name,
        docId: typeof id === 'string' ? id : '',
        message: `The server sent a ${name} document that does not fit the schema; it was not stored.`,
        fields: [],
        localVersion: doc,
      });
      return 'schema';
    },
    localVersion: async (database, docId) => {
      const name = collectionOfDatabase.get(database);
      const doc = name ? await options.database[name].findOne(docId).exec() : null;
      return doc ? appVersionOf(doc.toJSON()) : undefined;
    },
    onServerConflict: ({ database, docId, localVersion, serverVersion }) => {
      const collection = collectionOfDatabase.get(database) ?? database;
      const fields = Object.keys({ ...localVersion, ...serverVersion }).filter(
        (field) => field !== 'updatedAt' && !deepEqual(localVersion[field], serverVersion[field]),
      );
      void options.issues
        .record({
          kind: 'conflict',
          collection,
          docId,
          message:
            'Written on the server at the same moment as another version, which stands; yours is kept here.',
          fields: fields.sort(),
          localVersion,
        })
        .catch((error: unknown) => {
          options.logger.error('sync: could not record a conflict', error);
        });
    },
    onUnauthorised: () => {
      unauthorised.next(true);
    },
    onReachable: (isReachable) => {
      reachable.next(isReachable);
    },
    onAuthorised: () => {
      if (unauthorised.value) unauthorised.next(false);
    },
  });

  const replications = new Map<CollectionName, RxCouchDBReplicationState<unknown>>();
  const trackers: OutboxTracker[] = [];
  const subscriptions: Subscription[] = [];

  for (const name of collectionNames) {
    const database = options.databaseFor(name, options.user);
    const replication = replicateCouchDB<unknown>({
      // Stable per server and database: a restart resumes from the last checkpoint.
      replicationIdentifier: `mmm-${serverUrl}/${database}`,
      collection: options.database[name],
      url: `${serverUrl}/${database}/`,
      fetch: couchFetch,
      live: true,
      retryTime: options.retryTimeMs ?? 5000,
      waitForLeadership: false,
      autoStart: true,
      pull: { batchSize: PULL_BATCH_SIZE },
      push: { batchSize: PUSH_BATCH_SIZE },
    });
    subscriptions.push(
      replication.sent$.subscribe((doc) => {
        options.onPushed?.(name, doc);
      }),
      replication.received$.subscribe((doc) => {
        options.onPulled?.(name, doc);
      }),
      replication.error$.subscribe((error) => {
        lastError.next(error.message);
        options.logger.warn(`sync: ${name}`, error.message);
      }),
    );
    replications.set(name, replication);
    trackers.push(trackOutbox(options.database[name] as never, replication));
  }

  const active$ = combineLatest([...replications.values()].map((r) => r.active$)).pipe(
    map((flags) => flags.some(Boolean)),
  );
  const outbox$ = combineLatest(trackers.map((tracker) => tracker.pending$));
  subscriptions.push(
    combineLatest([active$, reachable]).subscribe(([active, isReachable]) => {
      if (!active && isReachable === true) {
        lastSyncedAt.next(options.clock.now().toISOString());
        lastError.next(null);
      }
    }),
  );

  const status$ = combineLatest([
    active$,
    outbox$,
    reachable,
    unauthorised,
    paused,
    lastError,
    lastSyncedAt,
  ]).pipe(
    map(([active, pending, isReachable, isUnauthorised, isPaused, error, syncedAt]): SyncStatus => {
      const outbox: Partial<Record<CollectionName, number>> = {};
      const pendingIds: Partial<Record<CollectionName, readonly string[]>> = {};
      collectionNames.forEach((name, index) => {
        const ids = pending[index];
        if (ids && ids.size > 0) {
          outbox[name] = ids.size;
          pendingIds[name] = [...ids];
        }
      });
      const state: SyncState = isPaused
        ? 'paused'
        : isUnauthorised
          ? 'unauthorised'
          : isReachable === false
            ? 'offline'
            : isReachable === null
              ? 'connecting'
              : active
                ? 'syncing'
                : error !== null
                  ? 'error'
                  : 'idle';
      return {
        state,
        lastSyncedAt: syncedAt,
        outbox,
        outboxTotal: Object.values(outbox).reduce((sum, count) => sum + count, 0),
        pendingIds,
        error: state === 'error' || state === 'offline' ? error : null,
      };
    }),
  );

  return {
    status$,
    pause: async () => {
      paused.next(true);
      await Promise.all([...replications.values()].map((r) => r.pause()));
    },
    resume: async () => {
      paused.next(false);
      await Promise.all([...replications.values()].map((r) => r.start()));
    },
    awaitInSync: async () => {
      await Promise.all([...replications.values()].map((r) => r.awaitInSync()));
    },
    superseded: (collection, doc) =>
      versions.superseded(options.databaseFor(collection, options.user), doc),
    stop: async () => {
      for (const subscription of subscriptions) subscription.unsubscribe();
      for (const tracker of trackers) tracker.stop();
      await Promise.all([...replications.values()].map((r) => r.cancel()));
    },
  };
};
