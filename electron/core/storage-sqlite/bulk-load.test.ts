import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { MangoQuery } from 'rxdb';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import type { RxStorage } from 'rxdb';
import { betterSqlite3Driver } from './better-sqlite3-driver';
import { getRxStorageSQLite } from './index';
import { insertAll, openInstance, queryIds, sampleMentors } from './conformance-fixtures';
import type { Mentor } from './conformance-fixtures';
import type { SqliteDriver } from './sqlite-driver';

/** Large enough that a write into an empty table rebuilds the indexes instead of filling them. */
const BULK = 2_500;
const mentors = (from: number, count: number): Mentor[] =>
  sampleMentors(count).map((m, i) => ({ ...m, id: `b${String(from + i).padStart(6, '0')}` }));

const directories: string[] = [];
const freshDirectory = (): string => {
  const directory = mkdtempSync(join(tmpdir(), 'mmm-sqlite-bulk-'));
  directories.push(directory);
  return directory;
};
afterAll(() => {
  for (const directory of directories) rmSync(directory, { recursive: true, force: true });
});

const QUERIES: MangoQuery<Mentor>[] = [
  { selector: {}, sort: [{ id: 'asc' }] },
  { selector: { age: { $gte: 20, $lt: 30 } }, sort: [{ age: 'desc' }, { id: 'asc' }] },
  { selector: { active: true, name: { $gt: 'B' } }, limit: 40, skip: 5 },
  { selector: { name: { $regex: '^Z' } }, sort: [{ name: 'asc' }, { id: 'asc' }], limit: 7 },
];

function indexNames(filePath: string): string[] {
  const db = new Database(filePath, { readonly: true });
  const names = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'index' ORDER BY name")
    .pluck()
    .all() as string[];
  db.close();
  return names;
}

describe('bulk load (indexes rebuilt within the write)', () => {
  it('answers exactly as the memory storage after big and small writes, indexes intact', async () => {
    const storage = getRxStorageSQLite({ directory: freshDirectory() });
    const sqlite = await openInstance(storage, { databaseName: 'bulk' });
    const memory = await openInstance(getRxStorageMemory() as RxStorage<unknown, unknown>);
    for (const instance of [sqlite, memory]) {
      await insertAll(instance, mentors(0, BULK)); // empty table: rebuilt
      await insertAll(instance, mentors(BULK, 100)); // small: row by row
      await insertAll(instance, mentors(BULK + 100, BULK + 200)); // larger than the table: rebuilt
    }
    for (const query of QUERIES) {
      expect(await queryIds(sqlite, query)).toEqual(await queryIds(memory, query));
    }
    await sqlite.close();
    await memory.close();
    const names = indexNames(storage.databaseFilePath('bulk'));
    const fresh = getRxStorageSQLite({ directory: freshDirectory() });
    await (await openInstance(fresh, { databaseName: 'bulk' })).close();
    expect(names).toEqual(indexNames(fresh.databaseFilePath('bulk')));
  });

  it('rolls the dropped indexes back with the write when it fails', async () => {
    let insertsLeft = Infinity;
    const failing: SqliteDriver = {
      name: 'failing',
      open(filePath) {
        const connection = betterSqlite3Driver.open(filePath);
        return {
          ...connection,
          prepare(sql) {
            const prepared = connection.prepare(sql);
            if (!sql.startsWith('INSERT INTO "docs:')) return prepared;
            return {
              ...prepared,
              run(params) {
                insertsLeft -= 1;
                if (insertsLeft < 0) throw new Error('disk full (simulated)');
                return prepared.run(params);
              },
            };
          },
        };
      },
    };
    const storage = getRxStorageSQLite({ directory: freshDirectory(), driver: failing });
    const instance = await openInstance(storage, { databaseName: 'bulk' });
    insertsLeft = BULK - 1;
    await expect(insertAll(instance, mentors(0, BULK))).rejects.toThrow('disk full');
    insertsLeft = Infinity;
    await insertAll(instance, mentors(0, 50));
    expect(await queryIds(instance, { selector: { age: { $gte: 0 } } })).toHaveLength(50);
    await instance.close();
    const fresh = getRxStorageSQLite({ directory: freshDirectory() });
    await (await openInstance(fresh, { databaseName: 'bulk' })).close();
    expect(indexNames(storage.databaseFilePath('bulk'))).toEqual(
      indexNames(fresh.databaseFilePath('bulk')),
    );
  });
});
