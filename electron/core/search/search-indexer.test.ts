// The index against the database it follows: after any sequence of inserts, edits and deletes —
// with restarts, crashes (the index closed with changes still queued) and writes made while the
// index was closed — every document the person may read is in the index with exactly its terms,
// and nothing else is. Real RxDB databases on the SQLite storage, in temporary folders.
import {
  appendFileSync,
  copyFileSync,
  mkdtempSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import type { Actor } from '../../../shared/domain';
import type { DocOf } from '../../../shared/schema';
import { openAppDatabase } from '../database/app-database';
import type { AppDatabase } from '../database/app-database';
import type { ConflictHooks } from '../database/conflict-handler';
import { silentLogger } from '../platform/logger';
import { getRxStorageSQLite } from '../storage-sqlite';
import { entryOf, indexedCollectionNames } from './search-entries';
import type { IndexedCollection } from './search-entries';
import { startSearchIndexer } from './search-indexer';
import type { SearchIndexer } from './search-indexer';

const noConflicts: ConflictHooks = { recordLost: () => undefined, isOwnWrite: () => false };
const owner: Actor = { id: 'mentor01', role: 'mentor' };
const RUNS = Number(process.env['SEARCH_PROPERTY_RUNS'] ?? 12);
const at = (n: number) => new Date(Date.UTC(2025, 0, 1) + n * 60_000).toISOString();

const WORDS = [
  'meeting',
  'Müller',
  'review',
  'café',
  '会议室',
  'レビュー',
  'sprint',
  'naïve',
  'Zoë',
];
const text = fc
  .array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 5 })
  .map((words) => words.join(' '));

const ops = fc.array(
  fc.oneof(
    {
      weight: 6,
      arbitrary: fc.record({
        op: fc.constant('write' as const),
        collection: fc.constantFrom('messages' as const, 'tasks' as const, 'reports' as const),
        key: fc.nat(7),
        text,
      }),
    },
    {
      weight: 2,
      arbitrary: fc.record({
        op: fc.constant('delete' as const),
        collection: fc.constantFrom('messages' as const, 'tasks' as const, 'reports' as const),
        key: fc.nat(7),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        op: fc.constantFrom('restart' as const, 'crash' as const, 'writeWhileClosed' as const),
        key: fc.nat(7),
        text,
      }),
    },
  ),
  { minLength: 1, maxLength: 24 },
);

/** A document of the collection, its id from `key` (so edits and deletes meet earlier writes). */
const docOf = (collection: string, key: number, body: string, n: number) => {
  const id = `${collection.slice(0, 3)}${key}`;
  const stamp = { createdAt: at(key), updatedAt: at(n) };
  switch (collection) {
    case 'messages':
      return { id, chatId: 'chat1', createdBy: key % 2 ? 'mentor01' : 'mentor02', body, ...stamp };
    case 'tasks':
      return {
        id,
        title: body,
        description: `${body} description`,
        dateCreated: at(key),
        createdBy: 'manager1',
        status: 'pending',
        programmeId: 'P1',
        assignees: key % 2 ? ['mentor01'] : ['mentor02'],
        ...stamp,
      };
    default:
      return {
        id,
        type: 'programme',
        title: body,
        achievements: body,
        blockers: '',
        recommendations: 'none',
        dateCreated: at(key),
        // Drafts of someone else never reach this person's index.
        createdBy: key % 3 ? 'mentor01' : 'mentor02',
        taskId: '',
        programmeId: 'P1',
        state: key % 2 ? 'draft' : 'submitted',
        ...stamp,
      };
  }
};

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

/** A temporary folder (removed after the test) with the index's path, and databases in it. */
const temporaryFolder = () => {
  const directory = mkdtempSync(join(tmpdir(), 'mmm-search-'));
  folders.push(directory);
  return {
    directory,
    filePath: join(directory, 'db.search.sqlite'),
    open: (name = 'db') =>
      openAppDatabase({
        storage: getRxStorageSQLite({ directory, durability: 'normal' }),
        name,
        conflicts: noConflicts,
      }),
  };
};

const expectAgreement = async (database: AppDatabase, indexer: SearchIndexer) => {
  await indexer.settled();
  const expected = new Map<string, { title: string[]; body: string[]; tags: string[] }>();
  for (const name of indexedCollectionNames) {
    const docs = await database[name].find().exec();
    for (const doc of docs) {
      const entry = entryOf(name, doc.toJSON() as DocOf<IndexedCollection>, owner);
      if (!entry) continue;
      const sorted = (terms: string) => [...new Set(terms.split(' ').filter(Boolean))].sort();
      expected.set(`${name}/${doc.primary}`, {
        title: sorted(entry.title),
        body: sorted(entry.body),
        tags: [...new Set(entry.tags)].sort(),
      });
    }
  }
  const actual = new Map(
    [...indexer.store().contents()].map(([key, { title, body, tags }]) => [
      key,
      { title, body, tags },
    ]),
  );
  expect(actual).toEqual(expected);
};

describe('the search index and the database', () => {
  it('agree after random inserts, edits, deletes, restarts and crashes', async () => {
    await fc.assert(
      fc.asyncProperty(ops, async (sequence) => {
        const folder = temporaryFolder();
        const { filePath } = folder;
        const database = await folder.open();
        // Merging into one segment after every few documents: merges meet writes, restarts and
        // crashes too.
        const start = () =>
          startSearchIndexer({
            database,
            filePath,
            owner,
            logger: silentLogger,
            mergeAll: { afterDocuments: 3, quietMs: 0 },
          });
        let indexer = await start();
        const write = async (collection: string, key: number, body: string, n: number) => {
          const rx = database[collection as 'messages'];
          await rx.upsert(docOf(collection, key, body, n));
        };
        try {
          for (const [n, step] of sequence.entries()) {
            switch (step.op) {
              case 'write':
                await write(step.collection, step.key, step.text, n);
                break;
              case 'delete':
                await (
                  await database[step.collection]
                    .findOne(docOf(step.collection, step.key, '', 0).id)
                    .exec()
                )?.remove();
                break;
              case 'restart':
                await indexer.settled();
                await indexer.close();
                indexer = await start();
                break;
              case 'crash':
                // Written, then closed before the index had its turn: the queue is lost.
                await write('messages', step.key, step.text, n);
                await indexer.close();
                indexer = await start();
                break;
              case 'writeWhileClosed':
                await indexer.close();
                await write('tasks', step.key, step.text, n);
                indexer = await start();
                break;
            }
          }
          await expectAgreement(database, indexer);
          // And once more after a clean restart, from the file alone.
          await indexer.close();
          indexer = await start();
          expect(indexer.store().startedEmpty).toBeNull();
          await expectAgreement(database, indexer);
        } finally {
          await indexer.close();
          await database.close();
        }
      }),
      { numRuns: RUNS },
    );
  }, 240_000);

  it('indexes every document one write stores at the same lwt, whatever their order', async () => {
    // The replication stores a pulled batch in one write, every document at one lwt, in the
    // order the server sent them: the index's checkpoint (lwt, then id) must not take a smaller
    // id after a larger one for already read (a report was missing from search that way).
    const folder = temporaryFolder();
    const database = await folder.open();
    const indexer = await startSearchIndexer({
      database,
      filePath: folder.filePath,
      owner,
      logger: silentLogger,
    });
    try {
      await indexer.settled();
      const lwt = Date.now();
      const ids = Array.from({ length: 700 }, (_, n) => 699 - n);
      const rows = ids.map((key) => ({
        document: {
          ...docOf('tasks', key, `pulled ${key}`, key),
          _deleted: false,
          _rev: '1-a',
          _attachments: {},
          _meta: { lwt },
        },
      }));
      const written = await database.tasks.storageInstance.bulkWrite(rows as never, 'test');
      expect(written.error).toEqual([]);
      await expectAgreement(database, indexer);
      expect([...indexer.store().contents()].length).toBe(700);
    } finally {
      await indexer.close();
      await database.close();
    }
  });

  it('merges an index written in many slices into one segment per table, in steps', async () => {
    const folder = temporaryFolder();
    const { filePath } = folder;
    const database = await folder.open();
    const start = (mergeAll: {
      afterDocuments?: number;
      segmentsAtOpen?: number;
      quietMs?: number;
    }) =>
      startSearchIndexer({
        database,
        filePath,
        owner,
        logger: silentLogger,
        mergeAll: { quietMs: 0, ...mergeAll },
      });
    // One write per slice, as a chat delivers them: each commit leaves a segment (FTS5's own
    // merging folds them four at a time, so some are left).
    const writeOneByOne = async (indexer: SearchIndexer, from: number) => {
      for (let key = from; key < from + 30; key += 1) {
        const word = WORDS[key % WORDS.length] ?? '';
        await database.messages.insert(docOf('messages', key, word, key) as never);
        await indexer.settled();
      }
    };
    let indexer = await start({ afterDocuments: 10_000 });
    try {
      await writeOneByOne(indexer, 0);
      const fragmented = indexer.store().segments().message;
      expect(fragmented).toBeGreaterThan(1);
      await indexer.close();

      // Reopened fragmented (a build cut short): merged while idle.
      indexer = await start({ segmentsAtOpen: fragmented - 1 });
      expect(indexer.stats().sinceMergedAll).toBeGreaterThan(0);
      await indexer.merged();
      expect(indexer.store().segments().message).toBe(1);
      expect(indexer.stats().sinceMergedAll).toBe(0);
      await expectAgreement(database, indexer);
      await indexer.close();

      // Reopened in one segment: nothing due. Past the threshold of documents indexed, and
      // nothing written for a while (not between the batches of a sync): merged.
      indexer = await start({ afterDocuments: 30, segmentsAtOpen: 1, quietMs: 400 });
      expect(indexer.stats().sinceMergedAll).toBe(0);
      await writeOneByOne(indexer, 100);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(indexer.store().segments().message).toBeGreaterThan(1);
      await indexer.merged();
      expect(indexer.store().segments().message).toBe(1);
      await expectAgreement(database, indexer);
    } finally {
      await indexer.close();
      await database.close();
    }
  }, 60_000);

  it('rebuilds an index file that is damaged, of another database, or behind a restore', async () => {
    const { directory, filePath, open } = temporaryFolder();
    let database = await open('db');
    await database.messages.insert(docOf('messages', 1, 'Müller café', 1) as never);
    const start = () => startSearchIndexer({ database, filePath, owner, logger: silentLogger });
    let indexer = await start();
    await expectAgreement(database, indexer);
    await indexer.close();

    // Garbage where the file was: started empty, rebuilt, never a crash.
    writeFileSync(filePath, 'this is not an SQLite file'.repeat(200));
    indexer = await start();
    expect(indexer.store().startedEmpty).toBe('index damaged');
    await expectAgreement(database, indexer);
    await indexer.close();

    // Damage inside a valid header.
    appendFileSync(filePath, Buffer.alloc(4096, 7));
    indexer = await start();
    await expectAgreement(database, indexer);
    await indexer.close();

    // The index of another database (another storage token).
    await database.close();
    database = await open('other');
    await database.tasks.insert(docOf('tasks', 3, 'review', 3) as never);
    indexer = await start();
    expect(indexer.store().startedEmpty).toBe('another database');
    await expectAgreement(database, indexer);
    await indexer.close();

    // The database goes back in time (a backup restored): what the index saw last is gone.
    await database.close();
    const dbFile = join(directory, 'other.sqlite');
    copyFileSync(dbFile, `${dbFile}.backup`);
    database = await open('other');
    await database.tasks.insert(docOf('tasks', 4, 'sprint', 4) as never);
    indexer = await start();
    await expectAgreement(database, indexer);
    await indexer.close();
    await database.close();
    renameSync(`${dbFile}.backup`, dbFile);
    for (const suffix of ['-wal', '-shm']) rmSync(dbFile + suffix, { force: true });
    database = await open('other');
    indexer = await start();
    await expectAgreement(database, indexer);
    expect(indexer.store().contents().has('tasks/tas4')).toBe(false);
    await indexer.close();
    await database.close();
  }, 60_000);
});
