import { afterAll, describe, expect, it } from 'vitest';
import {
  closeSync,
  existsSync,
  mkdtempSync,
  openSync,
  readdirSync,
  rmSync,
  statSync,
  truncateSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createRxDatabase, randomToken } from 'rxdb';
import { wrappedValidateAjvStorage } from 'rxdb/plugins/validate-ajv';
import { getRxStorageSQLite, SQLiteStorageCorruptError } from './index';
import { insertAll, openInstance, sampleMentors } from './conformance-fixtures';

const directories: string[] = [];
function freshDirectory(): string {
  const directory = mkdtempSync(join(tmpdir(), 'mmm-sqlite-files-'));
  directories.push(directory);
  return directory;
}
afterAll(() => {
  for (const directory of directories) rmSync(directory, { recursive: true, force: true });
});

/** Writes 300 documents into a file of its own and closes it, returning the file path. */
async function writtenFile(directory: string, databaseName: string): Promise<string> {
  const storage = getRxStorageSQLite({ directory });
  const instance = await openInstance(storage, { databaseName });
  await insertAll(instance, sampleMentors(300));
  await instance.close();
  return storage.databaseFilePath(databaseName);
}

describe('sqlite storage files', () => {
  it('keeps one WAL-mode file per database in the directory and survives a new storage object', async () => {
    const directory = freshDirectory();
    const path = await writtenFile(directory, 'mentors-db');
    expect(readdirSync(directory)).toEqual(['mentors-db.sqlite']);
    const raw = new Database(path, { readonly: true });
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    raw.close();

    const reopened = await openInstance(getRxStorageSQLite({ directory }), {
      databaseName: 'mentors-db',
    });
    expect(await reopened.findDocumentsById(['m000', 'm299'], false)).toHaveLength(2);
    expect(reopened.internals).toEqual({ filePath: path, table: '"docs:mentors:v0"' });
    await reopened.close();
  });

  it('encodes database names so they cannot leave the directory', () => {
    const storage = getRxStorageSQLite({ directory: '/data' });
    expect(storage.databaseFilePath('../escape')).toBe('/data/..%2Fescape.sqlite');
  });

  it('refuses a file that is not SQLite with a named error, and leaves it untouched', async () => {
    const directory = freshDirectory();
    const path = join(directory, 'broken.sqlite');
    const { writeFileSync, readFileSync } = await import('node:fs');
    writeFileSync(path, 'this is a text file, not a database'.repeat(200));
    const before = readFileSync(path);
    const opening = openInstance(getRxStorageSQLite({ directory }), { databaseName: 'broken' });
    await expect(opening).rejects.toBeInstanceOf(SQLiteStorageCorruptError);
    await expect(opening).rejects.toThrow(/broken\.sqlite is damaged/);
    expect(readFileSync(path).equals(before)).toBe(true);
  });

  it('refuses a torn (truncated) file with a named error', async () => {
    const directory = freshDirectory();
    const path = await writtenFile(directory, 'torn');
    truncateSync(path, Math.floor(statSync(path).size / 2));
    const opening = openInstance(getRxStorageSQLite({ directory }), { databaseName: 'torn' });
    await expect(opening).rejects.toBeInstanceOf(SQLiteStorageCorruptError);
  });

  it('refuses a file with damaged pages with a named error', async () => {
    const directory = freshDirectory();
    const path = await writtenFile(directory, 'scribbled');
    const fd = openSync(path, 'r+');
    // Overwrite the middle of the file (b-tree pages), leaving the header valid.
    writeSync(fd, Buffer.alloc(8192, 0x5a), 0, 8192, 3 * 4096);
    closeSync(fd);
    const opening = openInstance(getRxStorageSQLite({ directory }), { databaseName: 'scribbled' });
    await expect(opening).rejects.toBeInstanceOf(SQLiteStorageCorruptError);
  });

  it('serves a whole RxDB database (dev-mode schema validation) and deletes its file on remove', async () => {
    const directory = freshDirectory();
    const storage = wrappedValidateAjvStorage({ storage: getRxStorageSQLite({ directory }) });
    const name = `app${randomToken(6)}`;
    const db = await createRxDatabase({ name, storage, multiInstance: false });
    await db.addCollections({
      notes: {
        schema: {
          version: 0,
          primaryKey: 'id',
          type: 'object',
          properties: {
            id: { type: 'string', maxLength: 20 },
            text: { type: 'string' },
            order: { type: 'number', minimum: 0, maximum: 1000, multipleOf: 1 },
          },
          required: ['id', 'text', 'order'],
          indexes: ['order'],
        },
      },
    });
    const notes = db.collections['notes'];
    if (!notes) throw new Error('no collection');
    await notes.bulkInsert([
      { id: 'b', text: 'second', order: 2 },
      { id: 'a', text: 'first', order: 1 },
    ]);
    await expect(notes.insert({ id: 'c', text: 3, order: 3 })).rejects.toThrow();
    const sorted = await notes.find({ sort: [{ order: 'desc' }] }).exec();
    expect(sorted.map((doc) => (doc as unknown as { text: string }).text)).toEqual([
      'second',
      'first',
    ]);
    expect(await notes.count({ selector: { order: { $gt: 1 } } }).exec()).toBe(1);
    expect(existsSync(join(directory, `${name}.sqlite`))).toBe(true);
    await db.remove();
    expect(readdirSync(directory)).toEqual([]);
  });
});
