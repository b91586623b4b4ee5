import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getRxStorageSQLite, SQLiteStorageLockedError } from '../../electron/core/storage-sqlite';
import { openInstance } from '../../electron/core/storage-sqlite/conformance-fixtures';
import { bundleCrashWriter } from './bundle-writer';

/**
 * One store, one process: while another process has the file open, opening it fails with a named
 * SQLiteStorageLockedError (rather than working with a change stream blind to the other's writes);
 * once that process is gone, the file opens normally.
 */
const directory = mkdtempSync(join(tmpdir(), 'mmm-sqlite-lock-'));
let writer = '';
beforeAll(async () => {
  writer = await bundleCrashWriter(directory);
});
afterAll(() => rmSync(directory, { recursive: true, force: true }));

function startHolder(): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [writer, directory, 'lock'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    child.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) resolve(child);
    });
    child.on('error', reject);
  });
}

describe('a second process opening the same file', () => {
  it('gets SQLiteStorageLockedError while the first holds it, and opens after it exits', async () => {
    const holder = await startHolder();
    const storage = getRxStorageSQLite({ directory, busyTimeoutMs: 200 });
    try {
      const opening = openInstance(storage, { databaseName: 'crash' });
      await expect(opening).rejects.toBeInstanceOf(SQLiteStorageLockedError);
      await expect(opening).rejects.toThrow(/in use by another process/);
    } finally {
      const exited = new Promise((resolve) => holder.on('close', resolve));
      holder.kill('SIGKILL');
      await exited;
    }
    const instance = await openInstance(storage, { databaseName: 'crash' });
    expect((await instance.findDocumentsById(['rlock-0'], false)).length).toBeLessThanOrEqual(1);
    await instance.close();
  });
});
