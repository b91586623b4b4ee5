import { deepEqual } from 'rxdb/plugins/utils';
import { getValidator } from 'rxdb/plugins/validate-ajv';
import { BehaviorSubject, combineLatest, filter, firstValueFrom, map } from 'rxjs';
import type { Observable, Subscription } from 'rxjs';
import type { SyncState, SyncStatus } from '../../../shared/contract';
import { collectionNames, collections, isCollectionName } from '../../../shared/schema';
import type { CollectionName } from '../../../shared/schema';
import type { Replicated } from '../../../shared/sync/audiences';
import { legacyDatabaseFor } from '../../../shared/sync/database-names';
import { databaseOf, parseCouchId } from '../../../shared/sync/layout';
import type { AppDatabase } from '../database/app-database';
import type { Clock } from '../platform/clock';
import type { Logger } from '../platform/logger';
import { createChangesPages } from './changes-pages';
import { startCollectionReplication } from './collection-replication';
import type { CollectionReplication } from './collection-replication';
import { fromCouchDoc, homeDatabaseOf, toCouchDoc } from './couch-docs';
import type { AppDoc } from './couch-docs';
import { createCouchFetch } from './couch-fetch';
import type { CouchAuth, ServerRejection } from './couch-fetch';
import type { DatabaseFeed } from './database-feed';
import { createDatabaseFeeds } from './database-feeds';
import { trackOutbox } from './outbox';
import type { OutboxTracker } from './outbox';
import { namesOf, replicatedSetNow } from './replicated-set';
import { appVersionOf } from './server-conflicts';
import { createServerVersions } from './server-versions';
import type { SyncIssueStore } from './sync-issues';

export type { SyncState, SyncStatus } from '../../../shared/contract';
export { PULL_BATCH_SIZE, PUSH_BATCH_SIZE } from './batch-sizes';

export interface SyncUser {
  readonly name: string;
  readonly roles: readonly string[];
}

export interface SyncEngineOptions {
  readonly database: AppDatabase;
  readonly serverUrl: string;
  readonly user: SyncUser;
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
  /**
   * False: one longpoll per database even where the server offers one request for all
   * (database-feeds.ts); for tests that hold one database's feed.
   */
  readonly multiplexFeeds?: boolean;
}

export interface SyncEngine {
  readonly status$: Observable<SyncStatus>;
  /** The server databases replicated now (one live feed each). */
  readonly databases$: Observable<readonly string[]>;
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

/** What a change kept back because its person left the database it belongs to says. */
export const NOT_A_MEMBER_YET =
  'Not sent: this machine does not read the programme (or chat) it belongs to yet. Your change is kept here: send it again once you are a member.';
export const NOT_A_MEMBER_ANY_MORE =
  'Not sent: you are no longer a member of the programme (or chat) it belongs to. Your change is kept here: send it again if you are added back.';

const validators = Object.fromEntries(
  collectionNames.map((name) => [name, getValidator(collections[name])]),
) as Record<CollectionName, (doc: unknown) => unknown[]>;

/**
 * The replication's name for a collection, per person and server. It is the database the
 * collection replicated with before the server's data was partitioned by audience (issue 21):
 * RxDB keys its record of the server's versions by it, so an installation of that time carries on
 * from what it knew (its unsent changes keep their base) instead of taking every document for new.
 */
const replicationIdentifier = (serverUrl: string, name: CollectionName, user: SyncUser) =>
  `mmm-${serverUrl}/${legacyDatabaseFor(name, user)}`;

/**
 * The fields a refused write changed from the server's version it was based on: what Retry puts
 * back over whatever the document holds by then (a later change from the server may have replaced
 * it here). None known (a new document, or no version read): the whole refused version.
 */
const changedFields = (
  refused: Record<string, unknown>,
  base: Record<string, unknown> | undefined,
) => {
  const server = base ? fromCouchDoc(base)?.doc : undefined;
  if (!server || server._deleted) return [];
  const names = new Set([...Object.keys(refused), ...Object.keys(server)]);
  return [...names].filter(
    (name) =>
      !name.startsWith('_') &&
      name !== 'id' &&
      name !== 'updatedAt' &&
      !deepEqual(refused[name], server[name]),
  );
};

/**
 * Live replication of the server databases this person may read (shared/sync/layout): a feed
 * per database (all in one request where the server offers it: database-feeds.ts), one RxDB
 * replication per collection over every database the collection lives in
 * (collection-replication.ts), the set following memberships as they change. And what the user
 * sees of it.
 */
export const startSyncEngine = (options: SyncEngineOptions): SyncEngine => {
  const serverUrl = options.serverUrl.replace(/\/+$/, '');
  const self = options.user;
  const retryTimeMs = options.retryTimeMs ?? 5000;
  const reachable = new BehaviorSubject<boolean | null>(null);
  const unauthorised = new BehaviorSubject(false);
  const paused = new BehaviorSubject(false);
  const lastError = new BehaviorSubject<string | null>(null);
  const lastSyncedAt = new BehaviorSubject<string | null>(null);
  const databases$ = new BehaviorSubject<readonly string[]>([]);

  const named = (couchId: string) => parseCouchId(couchId, isCollectionName);
  const recordIssue = (issue: Parameters<SyncIssueStore['record']>[0]) => {
    void options.issues.record(issue).catch((error: unknown) => {
      options.logger.error(`sync: could not record a ${issue.kind} issue`, error);
    });
  };

  const recordRejection = (rejection: ServerRejection) => {
    const read = fromCouchDoc(rejection.doc);
    const { _deleted: _d, ...fields } = read?.doc ?? { id: rejection.docId };
    recordIssue({
      kind: 'rejected',
      collection: read?.collection ?? named(rejection.docId)?.collection ?? rejection.database,
      docId: read?.doc.id ?? named(rejection.docId)?.id ?? rejection.docId,
      message: rejection.reason,
      fields: changedFields(fields, rejection.base),
      localVersion: rejection.doc['_deleted'] === true ? { ...fields, _deleted: true } : fields,
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
    checkIncoming: (_database, raw) => {
      const read = fromCouchDoc(raw);
      if (read === null) return 'not a document of this app';
      if (read.doc._deleted) return null;
      const { _deleted: _d, ...fields } = read.doc;
      const errors = validators[read.collection](fields);
      if (errors.length === 0) return null;
      recordIssue({
        kind: 'invalid',
        collection: read.collection,
        docId: read.doc.id,
        message: `The server sent a ${read.collection} document that does not fit the schema; it was not stored.`,
        fields: [],
        localVersion: raw,
      });
      return 'schema';
    },
    localVersion: async (_database, couchId) => {
      const read = named(couchId);
      const doc = read ? await options.database[read.collection].findOne(read.id).exec() : null;
      return doc ? appVersionOf({ ...doc.toJSON(), _id: read?.id }) : undefined;
    },
    onServerConflict: ({ docId, localVersion, serverVersion }) => {
      const read = named(docId);
      const fields = Object.keys({ ...localVersion, ...serverVersion }).filter(
        (field) =>
          field !== 'updatedAt' &&
          field !== 'id' &&
          !deepEqual(localVersion[field], serverVersion[field]),
      );
      recordIssue({
        kind: 'conflict',
        collection: read?.collection ?? '',
        docId: read?.id ?? docId,
        message:
          'Written on the server at the same moment as another version, which stands; yours is kept here.',
        fields: fields.sort(),
        localVersion: { ...localVersion, id: read?.id ?? docId },
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

  /** For each collection, the databases it replicates with now. */
  const reading = new Map<CollectionName, Set<string>>(
    collectionNames.map((name) => [name, new Set<string>()]),
  );
  /** Databases this person read earlier in this session and no longer does (they left). */
  const left = new Set<string>();
  const recordOutside = (name: CollectionName) => (doc: AppDoc, database: string) => {
    // Never sent where this person does not read: the server would refuse it. Kept where they see
    // it (with Retry), whether they left that programme or chat or were never in it (a membership
    // still on its way: rare, and Retry sends it once it has come).
    const { _deleted: deleted, ...fields } = doc;
    recordIssue({
      kind: 'rejected',
      collection: name,
      docId: doc.id,
      message: left.has(database) ? NOT_A_MEMBER_ANY_MORE : NOT_A_MEMBER_YET,
      fields: [],
      localVersion: deleted ? { ...fields, _deleted: true } : fields,
    });
  };

  const pages = createChangesPages({
    serverUrl,
    fetch: couchFetch,
    readers: (database) =>
      collectionNames.filter((name) => reading.get(name)?.has(database)).length,
  });
  const replications = new Map<CollectionName, CollectionReplication>(
    collectionNames.map((name) => [
      name,
      startCollectionReplication({
        name,
        collection: options.database[name],
        identifier: replicationIdentifier(serverUrl, name, self),
        serverUrl,
        self,
        fetch: couchFetch,
        pages,
        retryTimeMs,
        databases: () => reading.get(name) ?? new Set(),
        onOutside: recordOutside(name),
        // Not before the set of databases is known: an empty one would take everything off.
        autoStart: false,
      }),
    ]),
  );
  const states = [...replications.values()].map((replication) => replication.state);

  const databaseFeeds = createDatabaseFeeds({
    serverUrl,
    fetch: couchFetch,
    retryTimeMs,
    multiplex: options.multiplexFeeds ?? true,
  });
  /** The live feeds, by database, and the collections each feeds. */
  const feeds = new Map<
    string,
    { feed: DatabaseFeed; collections: readonly CollectionName[]; started: () => void }
  >();
  /**
   * Feeds started and not yet at their first sequence: their collections are about to catch up,
   * so sync is not idle (a programme joined would otherwise show 'idle' before its tasks came).
   */
  const starting = new BehaviorSubject(0);
  const startFeed = (database: string, feedCollections: readonly CollectionName[]) => {
    let counted = true;
    starting.next(starting.value + 1);
    const started = () => {
      if (!counted) return;
      counted = false;
      starting.next(starting.value - 1);
    };
    const feed = databaseFeeds.add(database, {
      onStarted: () => {
        pages.forget(database);
        for (const name of feedCollections) replications.get(name)?.reSync();
        started();
      },
      onChanges: async (docs, lastSeq) => {
        // A page kept from before may hold older versions of what comes now: a catch-up handed it
        // after this would put them back.
        pages.forget(database);
        for (const name of feedCollections) {
          await replications.get(name)?.deliver(database, docs, lastSeq);
        }
      },
      onError: (error) => {
        started();
        const message = error instanceof Error ? error.message : String(error);
        lastError.next(message);
        options.logger.warn(`sync: ${database}`, message);
      },
    });
    feeds.set(database, { feed, collections: feedCollections, started });
  };

  let current: Replicated[] = [];
  /** Makes the replicated databases these: feeds started and stopped, documents left evicted. */
  const applySet = (next: Replicated[]): void => {
    const previous = current;
    current = next;
    const wanted = new Map(next.map((r) => [databaseOf(r.scope), r.collections]));
    for (const name of collectionNames) {
      reading.set(
        name,
        new Set(next.filter((r) => r.collections.includes(name)).map((r) => databaseOf(r.scope))),
      );
    }
    const before = new Set(databases$.value);
    const leaving = [...before].filter((database) => !wanted.has(database));
    const joining = [...wanted.keys()].filter((database) => !before.has(database));
    const evicting = new Set<CollectionName>();
    for (const database of leaving) {
      left.add(database);
      const entry = feeds.get(database);
      feeds.delete(database);
      entry?.started();
      entry?.feed.stop().catch(() => undefined);
      (previous.find((r) => databaseOf(r.scope) === database)?.collections ?? []).forEach((name) =>
        evicting.add(name),
      );
    }
    for (const name of evicting) replications.get(name)?.reSync({ evict: true });
    for (const database of joining) left.delete(database);
    if (!paused.value) {
      for (const [database, feedCollections] of wanted) {
        if (!feeds.has(database)) startFeed(database, feedCollections);
      }
    }
    databases$.next([...wanted.keys()]);
  };

  const subscriptions: Subscription[] = [];
  // The set as stored now, then again after every write to what decides it (below). One chain:
  // each reading is applied in the order it was made.
  let applying = replicatedSetNow(options.database, self)
    .then(applySet)
    .catch((error: unknown) => {
      options.logger.error('sync: could not work out the replicated databases', error);
    });
  // A membership, programme or chat written here (pulled or local) may change which databases
  // this person reads. Until the set is worked out again from what is stored, sync is not idle:
  // else "synced" could come between a membership's arrival and its programme's first pull.
  const settling = new BehaviorSubject(0);
  for (const name of ['programmeMembers', 'programmes', 'chats'] as const) {
    subscriptions.push(
      // The storage's own stream: it fires once a write is stored, before the replication that
      // pulled it says it is done (the union of the three collections' types is not callable).
      (options.database[name].storageInstance.changeStream() as Observable<unknown>).subscribe(
        () => {
          settling.next(settling.value + 1);
          applying = applying
            .then(async () => {
              const next = await replicatedSetNow(options.database, self);
              if (namesOf(next) !== namesOf(current)) applySet(next);
            })
            .catch((error: unknown) => {
              options.logger.error('sync: could not change the replicated databases', error);
            })
            .finally(() => {
              settling.next(settling.value - 1);
            });
        },
      ),
    );
  }
  // The replications start once the first set is applied (they read it from their first pull).
  const ready = (async () => {
    await firstValueFrom(databases$.pipe(filter((names) => names.length > 0)));
    await applying;
    await Promise.all(states.map((state) => state.start()));
  })();
  const trackers: OutboxTracker[] = [];
  for (const [name, replication] of replications) {
    subscriptions.push(
      replication.state.sent$.subscribe((doc) => {
        options.onPushed?.(name, doc as object);
      }),
      replication.state.received$.subscribe((doc) => {
        options.onPulled?.(name, doc as object);
      }),
      replication.state.error$.subscribe((error) => {
        lastError.next(error.message);
        options.logger.warn(`sync: ${name}`, error.message);
      }),
    );
    trackers.push(trackOutbox(options.database[name] as never, replication.state));
  }

  const active$ = combineLatest([...states.map((state) => state.active$), starting, settling]).pipe(
    map((flags) => flags.some((flag) => flag === true || (typeof flag === 'number' && flag > 0))),
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

  const stopFeeds = async () => {
    const all = [...feeds.values()];
    feeds.clear();
    for (const entry of all) entry.started();
    await Promise.all(all.map((entry) => entry.feed.stop()));
  };

  return {
    status$,
    databases$: databases$.asObservable(),
    pause: async () => {
      paused.next(true);
      await ready;
      // The replications first: a write made once "Pause" is pressed must wait, however long the
      // feeds (one per database, more since issue 21) take to stop.
      await Promise.all(states.map((state) => state.pause()));
      await stopFeeds();
    },
    resume: async () => {
      paused.next(false);
      await ready;
      await Promise.all(states.map((state) => state.start()));
      // Each feed starts from the database's sequence now and has its collections catch up.
      applying = applying.then(() => applySet(current));
      await applying;
    },
    awaitInSync: async () => {
      await ready;
      await Promise.all(states.map((state) => state.awaitInSync()));
    },
    superseded: (collection, doc) => {
      const home = homeDatabaseOf(collection, doc, self);
      // A database no longer read: what comes is this machine's own eviction (a deletion the
      // server never had), which must be written.
      if (reading.get(collection)?.has(home) !== true) return false;
      return versions.superseded(home, toCouchDoc(collection, doc));
    },
    stop: async () => {
      for (const subscription of subscriptions) subscription.unsubscribe();
      for (const tracker of trackers) tracker.stop();
      await applying;
      await stopFeeds();
      await Promise.all(states.map((state) => state.cancel()));
    },
  };
};
