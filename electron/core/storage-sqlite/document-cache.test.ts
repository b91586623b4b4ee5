import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
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
import { getRxStorageSQLite } from './index';
import { insertAll, openInstance, prepare, sampleMentors } from './conformance-fixtures';

const directories: string[] = [];
afterAll(() => {
  for (const directory of directories) rmSync(directory, { recursive: true, force: true });
});

describe('document cache', () => {
  it('never serves a cached version once the file holds another (changed while closed)', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'mmm-sqlite-cache-'));
    directories.push(directory);
    const storage = getRxStorageSQLite({ directory });
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

  it('stays within its bound, dropping the least recently used first', () => {
    const cache = tableDocumentCache('bound-test');
    cacheDocument(cache, 'kept', '1-a', 1, { id: 'kept' });
    for (let i = 0; i < DOCUMENT_CACHE_MAX_ENTRIES + 10; i++) {
      cacheDocument(cache, `doc${i}`, '1-a', 1, { id: i });
      // Touched on every round, so it is never the least recently used.
      expect(cachedDocument(cache, 'kept', '1-a', 1)).toEqual({ id: 'kept' });
    }
    expect(documentCacheSize()).toBeLessThanOrEqual(DOCUMENT_CACHE_MAX_ENTRIES);
    expect(cachedDocument(cache, 'doc0', '1-a', 1)).toBeUndefined();
    expect(cachedDocument(cache, 'kept', '1-b', 1)).toBeUndefined();
  });
});
