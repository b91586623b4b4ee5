// The online backup the app's "Back up my data" uses: a consistent copy while the store is written.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { insertAll, openInstance, sampleMentors } from './conformance-fixtures';
import type { Mentor } from './conformance-fixtures';
import { getRxStorageSQLite } from './index';

const directories: string[] = [];
const freshDirectory = () => {
  const directory = mkdtempSync(join(tmpdir(), 'mmm-sqlite-backup-'));
  directories.push(directory);
  return directory;
};
afterAll(() => {
  for (const directory of directories) rmSync(directory, { recursive: true, force: true });
});

const rowCount = (path: string) => {
  const db = new Database(path, { readonly: true });
  try {
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    return Number(db.prepare('SELECT count(*) FROM "docs:mentors:v0"').pluck().get());
  } finally {
    db.close();
  }
};

describe('online backup of a database file', () => {
  it('copies a consistent snapshot while the store keeps writing through the same connection', async () => {
    const storage = getRxStorageSQLite({ directory: freshDirectory() });
    const instance = await openInstance(storage, { databaseName: 'live' });
    await insertAll(instance, sampleMentors(3000));
    expect(storage.isDatabaseOpen('live')).toBe(true);

    const destination = join(freshDirectory(), 'copy.sqlite');
    const state = { done: false };
    const backup = storage.backupDatabase('live', destination).then(() => {
      state.done = true;
    });
    let written = 0;
    while (!state.done) {
      const more: Mentor[] = sampleMentors(1).map((m) => ({ ...m, id: `w${written}` }));
      await insertAll(instance, more);
      written += 1;
      // Writes come from events in the app, between the copy's steps (which run on the event loop).
      await new Promise((resolve) => setImmediate(resolve));
    }
    await backup;
    // Writes made during the copy went through the connection being copied: they are in it.
    expect(written).toBeGreaterThan(0);
    expect(rowCount(destination)).toBe(3000 + written);

    // The copy is a database of this storage like any other.
    const copyStorage = getRxStorageSQLite({ directory: join(destination, '..') });
    const copy = await openInstance(copyStorage, { databaseName: 'copy' });
    expect(await copy.findDocumentsById(['m000', `w${written - 1}`], false)).toHaveLength(2);
    await copy.close();
    await instance.close();
    expect(storage.isDatabaseOpen('live')).toBe(false);
  });

  it('backs up a closed database, and refuses one that does not exist', async () => {
    const storage = getRxStorageSQLite({ directory: freshDirectory() });
    const instance = await openInstance(storage, { databaseName: 'closed' });
    await insertAll(instance, sampleMentors(10));
    await instance.close();
    const destination = join(freshDirectory(), 'closed-copy.sqlite');
    await storage.backupDatabase('closed', destination);
    expect(rowCount(destination)).toBe(10);
    expect(storage.isDatabaseOpen('closed')).toBe(false);
    await expect(storage.backupDatabase('nobody', join(freshDirectory(), 'x'))).rejects.toThrow(
      'There is no database "nobody"',
    );
  });
});
