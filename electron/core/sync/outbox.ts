import { getAssumedMasterState } from 'rxdb';
import type { RxCollection, RxDocument } from 'rxdb';
import type { RxReplicationState } from 'rxdb/plugins/replication';
import { getHeightOfRevision } from 'rxdb/plugins/utils';
import { BehaviorSubject, filter, merge } from 'rxjs';
import type { Observable, Subscription } from 'rxjs';

/** How many documents are evaluated per storage read. */
const CHUNK = 500;
/** Changes closer together than this are evaluated together. */
const BURST_MS = 25;

interface ForkDoc {
  readonly _rev: string;
  readonly _meta: Record<string, unknown>;
}

/**
 * The documents of one collection that are written here but not yet on the server, by id. It asks
 * the replication's own bookkeeping (the assumed master state), so it survives restarts and agrees
 * with what RxDB will push.
 */
export interface OutboxTracker {
  readonly pending$: Observable<ReadonlySet<string>>;
  stop(): void;
}

export const trackOutbox = (
  collection: RxCollection,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any collection's replication, any checkpoint
  replication: RxReplicationState<any, any>,
): OutboxTracker => {
  const pending = new Set<string>();
  const subject = new BehaviorSubject<ReadonlySet<string>>(new Set());
  const identifier = `rxdbreplication${replication.replicationIdentifier}`;
  let queue: Promise<unknown> = Promise.resolve();

  const evaluate = async (ids: readonly string[]) => {
    const state = replication.internalReplicationState;
    for (let start = 0; start < ids.length; start += CHUNK) {
      const chunk = ids.slice(start, start + CHUNK);
      const docs = await collection.storageInstance.findDocumentsById(chunk, true);
      const byId = new Map(docs.map((doc) => [(doc as unknown as { id: string }).id, doc]));
      const assumed = state ? await getAssumedMasterState(state, chunk) : {};
      for (const id of chunk) {
        const doc = byId.get(id) as (ForkDoc & Record<string, unknown>) | undefined;
        const master = assumed[id];
        const fromServer =
          doc !== undefined && doc._meta[identifier] === getHeightOfRevision(doc._rev);
        const onServer =
          master !== undefined &&
          doc !== undefined &&
          collection.conflictHandler.isEqual(master.docData, doc, 'outbox');
        if (doc && !fromServer && !onServer) pending.add(id);
        else pending.delete(id);
      }
    }
    subject.next(new Set(pending));
  };
  const enqueue = (ids: () => Promise<readonly string[]> | readonly string[]) => {
    queue = queue.then(async () => evaluate(await ids())).catch(() => undefined);
  };
  // Changes come in bursts (a bulk write, a pulled batch): look at each burst once, not per id.
  const dirty = new Set<string>();
  let flushScheduled = false;
  const markDirty = (id: string) => {
    dirty.add(id);
    if (flushScheduled) return;
    flushScheduled = true;
    setTimeout(() => {
      flushScheduled = false;
      const ids = [...dirty];
      dirty.clear();
      enqueue(() => ids);
    }, BURST_MS);
  };

  // Everything once (after a restart the outbox is whatever RxDB has not pushed), then each change.
  // Not before the replication has started: its record of what the server holds (the assumed
  // master state) exists only then, and a document pulled earlier carries no mark of its own (RxDB
  // 17 gives inserted documents a fresh `_meta`, dropping the replication's). Starting is local,
  // so this waits no longer offline than online.
  enqueue(async () => {
    await replication.startPromise;
    const docs = (await collection.find().exec()) as RxDocument[];
    return docs.map((doc) => doc.primary);
  });
  const subscriptions: Subscription[] = [
    merge(collection.$, replication.sent$, replication.received$).subscribe((event: unknown) => {
      const data = event as { documentId?: string; id?: string };
      const id = data.documentId ?? data.id;
      if (typeof id === 'string') markDirty(id);
    }),
    // The bookkeeping of a push may land after its event: look again whenever a round ends.
    replication.active$.pipe(filter((active) => !active)).subscribe(() => {
      enqueue(() => [...pending]);
    }),
  ];
  return {
    pending$: subject.asObservable(),
    stop: () => {
      for (const subscription of subscriptions) subscription.unsubscribe();
      subject.complete();
    },
  };
};
