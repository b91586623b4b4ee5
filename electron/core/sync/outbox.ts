import { getAssumedMasterState } from 'rxdb';
import type { RxCollection, RxDocument } from 'rxdb';
import type { RxReplicationState } from 'rxdb/plugins/replication';
import { getHeightOfRevision } from 'rxdb/plugins/utils';
import { BehaviorSubject, filter } from 'rxjs';
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
  /**
   * Written as the server has them (a pulled version carries the replication's mark at its
   * revision): not in the outbox, known from the change itself — a catch-up of thousands of
   * documents reads none of them again. Settled in the queue's order, after evaluations under way.
   */
  const settled = new Set<string>();
  let flushScheduled = false;
  const scheduleFlush = () => {
    if (flushScheduled) return;
    flushScheduled = true;
    setTimeout(() => {
      flushScheduled = false;
      const ids = [...dirty];
      // Written here again in the same burst: that one is looked at.
      const fromServer = [...settled].filter((id) => !dirty.has(id));
      dirty.clear();
      settled.clear();
      enqueue(() => {
        for (const id of fromServer) pending.delete(id);
        return ids;
      });
    }, BURST_MS);
  };
  const markDirty = (id: string) => {
    dirty.add(id);
    scheduleFlush();
  };
  const isFromServer = (doc: Partial<ForkDoc> | undefined) =>
    doc?._meta !== undefined &&
    doc._rev !== undefined &&
    doc._meta[identifier] === getHeightOfRevision(doc._rev);

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
    collection.$.subscribe((event) => {
      const written = event.documentData as unknown as Partial<ForkDoc> | undefined;
      if (isFromServer(written)) {
        settled.add(event.documentId);
        scheduleFlush();
      } else markDirty(event.documentId);
    }),
    replication.sent$.subscribe((doc: unknown) => {
      const id = (doc as { id?: unknown }).id;
      if (typeof id === 'string') markDirty(id);
    }),
    // A version received can only take a document out of the outbox (RxDB writes it only over
    // what the server last had). One not in it is left alone: either written, and settled above,
    // or equal to what is here. What a receipt changes after an evaluation read is looked at again
    // when the round ends (below).
    replication.received$.subscribe((doc: unknown) => {
      const id = (doc as { id?: unknown }).id;
      if (typeof id === 'string' && (pending.has(id) || dirty.has(id))) markDirty(id);
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
