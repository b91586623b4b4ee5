import { afterAll, describe, expect, it } from 'vitest';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import {
  cacheDocument,
  cachedDocument,
  DOCUMENT_CACHE_MAX_ENTRIES,
  documentCacheSize,
  tableDocumentCache,
} from './document-cache';
import { betterSqlite3Driver } from './better-sqlite3-driver';
import { getRxStorageSQLite } from './index';
import {
  insertAll,
  newDocument,
  nextRevision,
  openInstance,
  prepare,
  sampleMentors,
} from './conformance-fixtures';
import type { Mentor } from './conformance-fixtures';
import type { SqliteDriver } from './sqlite-driver';

/** better-sqlite3, counting the statements that read rows (to see which reads reach SQLite). */
function countingDriver(): { driver: SqliteDriver; reads: () => number } {
  let reads = 0;
  const driver: SqliteDriver = {
    name: 'counting',
    open(filePath) {
      const connection = betterSqlite3Driver.open(filePath);
      return {
        ...connection,
        prepare(sql) {
          const statement = connection.prepare(sql);
          return {
            ...statement,
            rows(params) {
              reads += 1;
              return statement.rows(params);
            },
          };
        },
      };
    },
  };
  return { driver, reads: () => reads };
}

const directories: string[] = [];
function freshDirectory(): string {
  const directory = mkdtempSync(join(tmpdir(), 'mmm-sqlite-cache-'));
  directories.push(directory);
  return directory;
}
afterAll(() => {
  for (const directory of directories) rmSync(directory, { recursive: true, force: true });
});

describe('document cache', () => {
  it('never serves a cached version once the file holds another (changed while closed)', async () => {
    const storage = getRxStorageSQLite({ directory: freshDirectory() });
    const first = await openInstance(storage, { databaseName: 'cache' });
    const [doc] = await insertAll(first, sampleMentors(1));
    if (!doc) throw new Error('no document');
    // Read once so the parsed document is certainly cached.
    expect((await first.findDocumentsById([doc.id], false))[0]?.name).toBe(doc.name);
    const table = (first.internals as { table: string }).table;
    await first.close();

    // Another program rewrites the row while no instance has the file open.
    const raw = new Database(storage.databaseFilePath('cache'));
    const changed = { ...doc, name: 'Changed elsewhere', _rev: '2-elsewhere' };
    raw
      .prepare(`UPDATE ${table} SET json = ?, rev = ? WHERE id = ?`)
      .run(JSON.stringify(changed), changed._rev, doc.id);
    raw.close();

    const second = await openInstance(storage, { databaseName: 'cache' });
    expect((await second.findDocumentsById([doc.id], false))[0]?.name).toBe('Changed elsewhere');
    const queried = await second.query(prepare({ selector: {} }));
    expect(queried.documents.map((d) => d.name)).toEqual(['Changed elsewhere']);
    const changes = await second.getChangedDocumentsSince?.(10);
    expect(changes?.documents.map((d) => d._rev)).toEqual(['2-elsewhere']);
    await second.close();
  });

  it('never serves a cached version once a backup was put in place of the file, however soon', async () => {
    const directory = freshDirectory();
    const storage = getRxStorageSQLite({ directory });
    const first = await openInstance(storage, { databaseName: 'restore' });
    const [doc] = await insertAll(first, sampleMentors(1));
    if (!doc) throw new Error('no document');
    const backup = join(directory, 'backup.sqlite');
    await storage.backupDatabase('restore', backup);
    const renamed = nextRevision(doc, { name: 'Renamed after the backup' });
    expect((await first.bulkWrite([{ previous: doc, document: renamed }], 'test')).error).toEqual(
      [],
    );
    await first.close();
    // Same size, same inode, within the same clock tick as the close: only the content differs.
    copyFileSync(backup, storage.databaseFilePath('restore'));

    const second = await openInstance(storage, { databaseName: 'restore' });
    expect((await second.findDocumentsById([doc.id], false))[0]?.name).toBe(doc.name);
    await second.close();
  });

  it('answers reads by id from the cache without SQLite, also after a reopen of an untouched file', async () => {
    const { driver, reads } = countingDriver();
    const storage = getRxStorageSQLite({ directory: freshDirectory(), driver });
    const first = await openInstance(storage, { databaseName: 'trusted' });
    const docs = await insertAll(first, sampleMentors(20));
    const ids = docs.map((doc) => doc.id);
    let before = reads();
    expect(await first.findDocumentsById(ids, true)).toHaveLength(20);
    expect(reads()).toBe(before);
    await first.close();

    const second = await openInstance(storage, { databaseName: 'trusted' });
    before = reads();
    expect((await second.findDocumentsById(ids, true)).map((doc) => doc.id)).toEqual(ids);
    expect(reads()).toBe(before);
    // An id the cache does not hold is asked of SQLite (it may exist there).
    expect(await second.findDocumentsById(['absent'], true)).toEqual([]);
    expect(reads()).toBe(before + 1);
    // A query asks SQLite which rows, but takes the documents from the cache.
    const queried = await second.query(prepare({ selector: {}, sort: [{ id: 'asc' }] }));
    expect(queried.documents.map((doc) => doc.id)).toEqual([...ids].sort());
    expect(reads()).toBe(before + 2);
    await second.close();
  });

  it('never serves a document from a write that rolled back', async () => {
    const storage = getRxStorageSQLite({ directory: freshDirectory() });
    const instance = await openInstance(storage, { databaseName: 'rollback' });
    const [doc] = await insertAll(instance, sampleMentors(1));
    if (!doc) throw new Error('no document');
    // The second row breaks a NOT NULL column mid-transaction: the whole write rolls back.
    const broken = newDocument({ ...(sampleMentors(1)[0] as Mentor), id: 'broken' });
    (broken as unknown as { _rev: null })._rev = null;
    const renamed = nextRevision(doc, { name: 'Never committed' });
    await expect(
      instance.bulkWrite([{ previous: doc, document: renamed }, { document: broken }], 'test'),
    ).rejects.toThrow();
    expect((await instance.findDocumentsById([doc.id], false))[0]?.name).toBe(doc.name);
    await instance.close();
  });

  it('stays within its bound, dropping the least recently used first', () => {
    const cache = tableDocumentCache('bound-test');
    cacheDocument(cache, 'kept', { id: 'kept' });
    for (let i = 0; i < DOCUMENT_CACHE_MAX_ENTRIES + 10; i++) {
      cacheDocument(cache, `doc${i}`, { id: i });
      // Touched on every round, so it is never the least recently used.
      expect(cachedDocument(cache, 'kept')).toEqual({ id: 'kept' });
    }
    expect(documentCacheSize()).toBeLessThanOrEqual(DOCUMENT_CACHE_MAX_ENTRIES);
    expect(cachedDocument(cache, 'doc0')).toBeUndefined();
  });
});
