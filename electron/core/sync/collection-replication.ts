import type { RxCollection, RxReplicationWriteToMasterRow, WithDeleted } from 'rxdb';
import { deepEqual } from 'rxdb/plugins/utils';
import { replicateRxCollection } from 'rxdb/plugins/replication';
import type { RxReplicationState } from 'rxdb/plugins/replication';
import { Subject } from 'rxjs';
import { z } from 'zod';
import { answerJson, jsonObject } from './couch-answers';
import type { CollectionName } from '../../../shared/schema';
import {
  collectionsIn,
  couchIdOf,
  databaseOf,
  formerHomeOf,
  personScope,
} from '../../../shared/sync/layout';
import type { Self } from '../../../shared/sync/layout';
import { PULL_BATCH_SIZE, PUSH_BATCH_SIZE } from './batch-sizes';
import type { ChangesPages } from './changes-pages';
import { fromCouchDoc, homeDatabaseOf, takesFrom, toCouchDoc } from './couch-docs';
import { RetryableSyncError, UNKNOWN_ERROR } from './couch-fetch';
import type { AppDoc, Fields } from './couch-docs';

/**
 * One RxDB replication per collection, with every database the collection lives in for this
 * person (shared/sync/layout): tasks with each programme's database, reports with the person's own
 * and each programme's. Its checkpoint holds a sequence per database (`{ "mmm-org": "12", … }`,
 * stacked by RxDB as it stores it), so each database is caught up from where it was left.
 *
 * One replication, not one per database: RxDB keeps, per replication, the server's version of
 * each document it last saw (the "assumed master state") and judges every local change against
 * it. A document that moves between databases — a draft submitted, leaving its author's database
 * for its programme's — needs one such record wherever it lives; with a replication per database,
 * the programme's would never have seen the draft, would take the submitted report arriving from
 * another machine of the author for a local edit it must not overwrite, and would keep it a draft.
 *
 * Pull: the feeds of the databases (database-feed.ts) bring live changes; catching up reads each
 * database's changes from its checkpoint (changes-pages.ts: a page once for all its collections). Only versions from a document's home are taken
 * (couch-docs.ts `takesFrom`). Push: each change goes to its home; a report that moved writes the
 * submitted report to its programme and then a tombstone (with the submitted fields, so it says
 * where the report went) in its author's database — one document, never two copies.
 */

export type Checkpoint = Readonly<Record<string, string | null | undefined>>;

export interface CollectionReplicationOptions {
  readonly name: CollectionName;

  readonly collection: RxCollection;
  /** Stable per person, server and collection: a restart resumes from the last checkpoints. */
  readonly identifier: string;
  readonly serverUrl: string;
  readonly self: Self;
  /** The sync fetch wrapper (couch-fetch.ts). */
  readonly fetch: typeof fetch;
  readonly retryTimeMs: number;
  /** The databases' changes, each page read once for all the collections that live there. */
  readonly pages: ChangesPages;
  /** The databases this collection replicates with now (the set follows memberships). */
  readonly databases: () => ReadonlySet<string>;
  /**
   * A local change whose home this person does not read now (they left that programme or chat,
   * or their membership has not come yet): never sent, the engine keeps it as a sync issue, and
   * it goes from this machine with the rest of that database.
   */
  readonly onOutside: (doc: AppDoc, database: string) => void;
  /** False: started later (`state.start()`), once the databases are known. */
  readonly autoStart?: boolean;
}

export interface CollectionReplication {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- as the collection
  readonly state: RxReplicationState<any, Checkpoint>;
  /** Documents a database's feed brought, up to `lastSeq`: routed, then handed to RxDB. */
  deliver(database: string, docs: readonly Fields[], lastSeq: string): Promise<void>;
  /**
   * Catch up with every database; with `evict`, first take off this machine the documents whose
   * home is no longer read (without deletions that could ever be pushed).
   */
  reSync(options?: { readonly evict?: boolean }): void;
}

const allDocsSchema = z.object({
  rows: z.array(z.object({ key: z.string().optional(), doc: jsonObject.nullish() }).loose()),
});
/** What submitting a report changes: a draft differing from it only in these is its earlier step. */
const STEP_FIELDS = new Set([
  'state',
  'transitions',
  'submittedAt',
  'updatedAt',
  '_rev',
  '_meta',
  '_attachments',
  '_deleted',
]);
const isEarlierStep = (earlier: Fields, next: Fields) =>
  Object.keys({ ...earlier, ...next })
    .filter((field) => !STEP_FIELDS.has(field))
    .every((field) => deepEqual(earlier[field], next[field]));

const bulkDocsSchema = z.array(
  z.object({ id: z.string(), ok: z.boolean().optional(), error: z.string().optional() }).loose(),
);

const withoutBookkeeping = (doc: Fields): Fields => {
  const { _meta: _m, _rev: _r, _attachments: _a, ...fields } = doc;
  return fields;
};

/** How many times documents that stayed through an eviction are looked at again, a second apart. */
const MAX_EVICTION_ROUNDS = 10;

export const startCollectionReplication = (
  options: CollectionReplicationOptions,
): CollectionReplication => {
  const { name, collection, self } = options;
  const base = options.serverUrl.replace(/\/+$/, '');
  const isEqual = (a: Fields, b: Fields) =>
    collection.conflictHandler.isEqual(a, b, 'mmm-replication');
  const stream = new Subject<
    { documents: WithDeleted<unknown>[]; checkpoint: Checkpoint } | 'RESYNC'
  >();

  const json = async (response: Response, what: string) => {
    if (!response.ok) throw new Error(`${what} answered ${response.status}.`);
    return await answerJson(response);
  };
  const post = async (database: string, endpoint: string, body: unknown) =>
    json(
      await options.fetch(`${base}/${database}/${endpoint}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }),
      `${database}/${endpoint}`,
    );

  /** This machine's versions of some documents (deleted ones too), by id. */
  const localVersions = async (ids: readonly string[]) => {
    const docs =
      ids.length === 0 ? [] : await collection.storageInstance.findDocumentsById([...ids], true);
    return new Map(docs.map((doc) => [String((doc as Fields)['id']), doc as Fields]));
  };

  /** What this collection takes of documents read from a database (shared/sync/layout's homes). */
  const ownPrefix = `${name}:`;
  const route = async (database: string, docs: readonly Fields[]): Promise<AppDoc[]> => {
    const mine = docs.flatMap((raw) => {
      // Every collection of the database routes each page: the others' documents are passed over
      // by their id before anything is made of them.
      const couchId = raw['_id'];
      if (typeof couchId !== 'string' || !couchId.startsWith(ownPrefix)) return [];
      const read = fromCouchDoc(raw);
      return read && read.collection === name ? [read.doc] : [];
    });
    const local = await localVersions(mine.map((doc) => doc.id));
    return mine.filter((doc) => takesFrom(database, name, doc, local.get(doc.id), self));
  };

  // Catching up, databases removed: their documents go from this machine first.
  let evictionDue = true;
  let evictionRounds = 0;
  const offered = new Set<string>();
  const ownDatabase = databaseOf(personScope(self.name));
  const evictions = async (batchSize: number) => {
    if (!evictionDue) return null;
    const reading = options.databases();
    const docs = (await collection.find().exec()) as { toJSON(): Fields }[];
    let outside: AppDoc[] = [];
    const emptied: Record<string, null> = {};
    for (const doc of docs) {
      const fields = doc.toJSON() as Fields & { id: string };
      const home = homeDatabaseOf(name, fields, self);
      if (reading.has(home) || offered.has(fields.id)) continue;
      offered.add(fields.id);
      emptied[home] = null;
      // As if the server had deleted it: RxDB writes it over the local version only where that is
      // what the server last had, so a change not yet sent stays (and its push is recorded).
      outside.push({ ...withoutBookkeeping(fields), id: fields.id, _deleted: true });
      if (outside.length >= batchSize) break;
    }
    if (outside.length === 0) {
      evictionDue = false;
      // What had a change under way when it was offered stayed (RxDB writes a server deletion
      // only over what the server last had). Its push ends soon — sent, refused and kept as an
      // issue, or kept as one because its database was left — and then it can go: looked at again.
      const stayed = docs.some((doc) => offered.has(String(doc.toJSON()['id'])));
      offered.clear();
      if (stayed && evictionRounds < MAX_EVICTION_ROUNDS) {
        evictionRounds += 1;
        setTimeout(() => reSync({ evict: true, again: true }), 1_000).unref();
      }
      return null;
    }
    if (collectionsIn.person.includes(name) && reading.has(ownDatabase)) {
      // What moved away from this person's own database and was kept back (a draft submitted
      // offline, its programme then left) is still there on the server as it was: that version
      // is what this machine holds again, not nothing (the kept record has the change).
      const there = await readMasters(
        ownDatabase,
        outside.map((doc) => doc.id),
      );
      outside = outside.map((doc) => {
        const found = there.get(doc.id)?.app;
        return found && !found._deleted && homeDatabaseOf(name, found, self) === ownDatabase
          ? found
          : doc;
      });
    }
    return { documents: outside, checkpoint: emptied };
  };

  /**
   * A database that cannot be read now (a programme's, just made, whose members the server has
   * not set yet) must not hold up the others: it is tried again a little later.
   */
  let retries = 0;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  const retryLater = () => {
    if (retryTimer !== undefined) return;
    const wait = Math.min(60_000, options.retryTimeMs * 2 ** Math.min(retries, 6));
    retries += 1;
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      if (!state.isStopped()) stream.next('RESYNC');
    }, wait);
    // A retry never keeps the process alive (the app, or a test, may be closing).
    retryTimer.unref();
  };

  const reSync = ({
    evict = false,
    again = false,
  }: { readonly evict?: boolean; readonly again?: boolean } = {}) => {
    if (retryTimer !== undefined) {
      clearTimeout(retryTimer);
      retryTimer = undefined;
    }
    if (evict) evictionDue = true;
    if (!again) evictionRounds = 0;
    stream.next('RESYNC');
  };

  /**
   * How far each database was read with none of this collection's documents found, from which
   * checkpoint: RxDB stores no checkpoint for a pull that brings no documents, so a collection
   * with nothing in a database (reports among 10,000 tasks) read the whole database again at
   * every catch-up (measured: each page of a first pull read twice). Taken only while the
   * checkpoint is still the one it was read from; sequences are never compared (Apache CouchDB's
   * are opaque).
   */
  const scanned = new Map<string, { readonly from: string; readonly to: string }>();

  const pull = async (checkpoint: Checkpoint | undefined, batchSize: number) => {
    const evicted = await evictions(batchSize);
    if (evicted) {
      // RxDB ends a catch-up at a batch shorter than it asked for: the one that asked for this
      // (a programme joined as another was left, its feed just started) must still run, else
      // what the joined database held before its feed started would never come.
      setTimeout(() => {
        if (!state.isStopped()) stream.next('RESYNC');
      }, 0);
      return evicted;
    }
    const databases = [...options.databases()];
    const documents: { database: string; doc: AppDoc }[] = [];
    const reached: Record<string, string | null> = {};
    const failures: unknown[] = [];
    for (const database of databases) {
      const from = checkpoint?.[database] ?? '0';
      const empty = scanned.get(database);
      let since = empty?.from === from ? empty.to : from;
      const before = documents.length;
      try {
        for (;;) {
          const page = await options.pages.read(database, since, batchSize);
          // The server reads the next page while this one is routed and stored.
          if (!page.complete) options.pages.prefetch(database, page.lastSeq, batchSize);
          for (const doc of await route(database, page.docs)) documents.push({ database, doc });
          since = page.lastSeq;
          reached[database] = since;
          if (documents.length === before) scanned.set(database, { from, to: since });
          if (page.complete || documents.length >= batchSize) break;
        }
      } catch (error) {
        failures.push(error);
      }
      if (documents.length >= batchSize) break;
    }
    // None could be read (offline): RxDB retries. Some: the rest are taken, those tried again.
    if (failures.length > 0 && failures.length === databases.length) throw failures[0];
    if (failures.length > 0) retryLater();
    else retries = 0;
    // A database left while this ran: what it brought is not taken, and it starts over if joined.
    const reading = options.databases();
    for (const database of Object.keys(reached))
      if (!reading.has(database)) reached[database] = null;
    // Left: joined again, it is read from its start.
    for (const database of [...scanned.keys()])
      if (!reading.has(database)) scanned.delete(database);
    return {
      documents: documents.filter(({ database }) => reading.has(database)).map(({ doc }) => doc),
      checkpoint: reached,
    };
  };

  /** The server's versions of some documents of a database, tombstones included. */
  const readMasters = async (database: string, ids: readonly string[]) => {
    const answer = allDocsSchema.parse(
      await post(database, '_all_docs', {
        keys: ids.map((id) => couchIdOf(name, id)),
        include_docs: true,
      }),
    );
    return new Map(
      answer.rows.flatMap((row) => {
        const read = row.doc ? fromCouchDoc(row.doc) : null;
        return read && row.doc ? [[read.doc.id, { app: read.doc, couch: row.doc }] as const] : [];
      }),
    );
  };

  const writeDocs = async (database: string, docs: readonly Fields[]) => {
    if (docs.length === 0) return new Map<string, string | undefined>();
    const rows = bulkDocsSchema.parse(await post(database, '_bulk_docs', { docs }));
    return new Map(rows.map((row) => [row.id, row.error]));
  };

  /** Pushes rows whose home is `database`; returns the server versions they conflict with. */
  const pushTo = async (
    database: string,
    rows: readonly RxReplicationWriteToMasterRow<Fields>[],
  ): Promise<Fields[]> => {
    const reading = options.databases();
    const idOf = (row: RxReplicationWriteToMasterRow<Fields>) => String(row.newDocumentState['id']);
    const masters = await readMasters(database, rows.map(idOf));
    // Where a moved document comes from: the database its last known server version lived in,
    // or, with none known, where it may have lived (a draft whose answer this machine lost).
    const sourceOf = (row: RxReplicationWriteToMasterRow<Fields>) => {
      const assumed = row.assumedMasterState;
      if (assumed?.['_deleted']) return undefined;
      const former = assumed ? undefined : formerHomeOf(name, row.newDocumentState, self);
      const source = assumed ? homeDatabaseOf(name, assumed, self) : former && databaseOf(former);
      return source !== undefined && source !== database && reading.has(source)
        ? source
        : undefined;
    };
    const sources = new Map<string, Map<string, { app: AppDoc; couch: Fields }>>();
    for (const source of new Set(rows.map(sourceOf))) {
      if (source === undefined) continue;
      const ids = rows.filter((row) => sourceOf(row) === source).map(idOf);
      sources.set(source, await readMasters(source, ids));
    }

    const conflicts: Fields[] = [];
    const toWrite: Fields[] = [];
    const leaving: { source: string; doc: Fields }[] = [];
    for (const row of rows) {
      const id = idOf(row);
      const next = row.newDocumentState;
      const source = sourceOf(row);
      const left = source === undefined ? undefined : sources.get(source)?.get(id);
      if (source !== undefined && left && !left.app._deleted) {
        // It moves: the version it leaves must be the one this machine last saw there (or, with
        // none known, this one a step earlier: its own draft whose answer it lost).
        const base =
          row.assumedMasterState ?? (isEarlierStep(left.app, next) ? left.app : undefined);
        if (!base || !isEqual(left.app, base)) {
          conflicts.push(left.app);
          continue;
        }
        leaving.push({
          source,
          doc: { ...toCouchDoc(name, next), _rev: left.couch['_rev'], _deleted: true },
        });
      }
      const real = masters.get(id);
      if (!real) {
        toWrite.push(toCouchDoc(name, next));
      } else if (isEqual(real.app, next)) {
        // The server has it already (the same move made on another machine, a write whose
        // answer was lost): nothing to write.
      } else if (
        source === undefined &&
        row.assumedMasterState &&
        isEqual(real.app, row.assumedMasterState)
      ) {
        toWrite.push({ ...toCouchDoc(name, next), _rev: real.couch['_rev'] });
      } else {
        conflicts.push(real.app);
        const at = leaving.findIndex((entry) => entry.doc['_id'] === couchIdOf(name, id));
        if (at >= 0) leaving.splice(at, 1);
      }
    }

    const written = await writeDocs(database, toWrite);
    // A document the answer does not clearly take, or refuse, is not written: the whole push is
    // tried again (what was written meanwhile is then found equal, and left), never taken as sent.
    const unanswered = toWrite
      .map((doc) => String(doc['_id']))
      .filter((id) => !written.has(id) || written.get(id) === UNKNOWN_ERROR);
    if (unanswered.length > 0) {
      throw new RetryableSyncError(
        `${database}: the server gave no clear answer for ${unanswered.length} of ${toWrite.length} documents; sending again.`,
      );
    }
    const stale = [...written].filter(([, error]) => error === 'conflict').map(([id]) => id);
    const failed = new Set(stale);
    if (stale.length > 0) {
      const current = await readMasters(
        database,
        stale.map((couchId) => couchId.slice(name.length + 1)),
      );
      conflicts.push(...[...current.values()].map((master) => master.app));
    }
    // Then the tombstones where moved documents were (their new home has them now).
    for (const source of new Set(leaving.map((entry) => entry.source))) {
      const docs = leaving
        .filter((entry) => entry.source === source && !failed.has(String(entry.doc['_id'])))
        .map((entry) => entry.doc);
      const results = await writeDocs(source, docs);
      const raced = [...results].filter(([, error]) => error === 'conflict').map(([id]) => id);
      if (raced.length > 0) {
        // Changed there meanwhile (the author's other machine): that version meets the conflict
        // rules, and the move is made again on top of their outcome.
        const current = await readMasters(
          source,
          raced.map((couchId) => couchId.slice(name.length + 1)),
        );
        conflicts.push(...[...current.values()].map((master) => master.app));
      }
    }
    return conflicts;
  };

  const push = async (rows: RxReplicationWriteToMasterRow<Fields>[]) => {
    const reading = options.databases();
    const byDatabase = new Map<string, RxReplicationWriteToMasterRow<Fields>[]>();
    const conflicts: Fields[] = [];
    let kept = false;
    for (const row of rows) {
      const home = homeDatabaseOf(name, row.newDocumentState, self);
      if (reading.has(home)) {
        byDatabase.set(home, [...(byDatabase.get(home) ?? []), row]);
      } else {
        // Kept as a sync issue: answered as sent, so it does not block the rest.
        options.onOutside(row.newDocumentState as AppDoc, home);
        kept = true;
      }
    }
    for (const [database, group] of byDatabase) conflicts.push(...(await pushTo(database, group)));
    // What was kept leaves this machine with the rest of the database it belonged to, once RxDB
    // has recorded it as sent (an eviction leaves alone what differs from the server's version).
    if (kept) setTimeout(() => reSync({ evict: true }), 1_000).unref();
    return conflicts as WithDeleted<unknown>[];
  };

  const state = replicateRxCollection<unknown, Checkpoint>({
    replicationIdentifier: options.identifier,
    collection,
    live: true,
    retryTime: options.retryTimeMs,
    waitForLeadership: false,
    autoStart: options.autoStart ?? true,
    pull: {
      batchSize: PULL_BATCH_SIZE,
      handler: async (checkpoint, batchSize) => {
        const result = await pull(checkpoint, batchSize);
        return result;
      },
      stream$: stream.asObservable(),
    },
    push: {
      batchSize: PUSH_BATCH_SIZE,
      handler: (rows) => push(rows as RxReplicationWriteToMasterRow<Fields>[]),
    },
  });

  return {
    state,
    deliver: async (database, docs, lastSeq) => {
      if (!options.databases().has(database)) return;
      const documents = await route(database, docs);
      if (documents.length === 0) return;
      stream.next({
        documents: documents,
        checkpoint: { [database]: lastSeq },
      });
    },
    reSync,
  };
};
