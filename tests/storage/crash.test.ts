import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { bundleCrashWriter } from './bundle-writer';
import { getRxStorageSQLite } from '../../electron/core/storage-sqlite';
import { openInstance } from '../../electron/core/storage-sqlite/conformance-fixtures';

/**
 * Durability: a child writes in bursts and is killed with SIGKILL at a random point, 20 times,
 * into the same file. After each kill the file opens, `PRAGMA integrity_check` is ok, and every
 * write the child reported as resolved is there (at that revision or a later one).
 */
const KILLS = 20;
const directory = mkdtempSync(join(tmpdir(), 'mmm-sqlite-crash-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

let writer = '';
beforeAll(async () => {
  writer = await bundleCrashWriter(directory);
});

/** Runs the writer, kills it 30–400 ms after its first resolved write; returns id → rev height. */
function runAndKill(
  runId: number,
): Promise<{ reported: Map<string, number>; signal: string | null }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [writer, directory, String(runId)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const reported = new Map<string, number>();
    let buffered = '';
    let stderr = '';
    let killScheduled = false;
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        if (!line.startsWith('wrote ')) continue;
        for (const entry of line.slice(6).split(' ')) {
          const [id, height] = entry.split(':');
          if (id && height) reported.set(id, Math.max(Number(height), reported.get(id) ?? 0));
        }
        if (!killScheduled) {
          killScheduled = true;
          setTimeout(() => child.kill('SIGKILL'), 30 + Math.random() * 370);
        }
      }
    });
    child.on('error', reject);
    child.on('close', (_code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`writer ended without being killed: ${stderr}`));
      else resolvePromise({ reported, signal });
    });
  });
}

describe('sqlite storage under kill -9', () => {
  it(`keeps every resolved write across ${KILLS} random kills`, { timeout: 120_000 }, async () => {
    const allReported = new Map<string, number>();
    for (let run = 0; run < KILLS; run++) {
      const { reported } = await runAndKill(run);
      expect(reported.size).toBeGreaterThan(0);
      for (const [id, height] of reported) allReported.set(id, height);

      const filePath = getRxStorageSQLite({ directory }).databaseFilePath('crash');
      const raw = new Database(filePath);
      expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
      raw.close();

      const instance = await openInstance(getRxStorageSQLite({ directory }), {
        databaseName: 'crash',
      });
      const ids = [...allReported.keys()];
      const stored = await instance.findDocumentsById(ids, false);
      const heights = new Map(stored.map((doc) => [doc.id, Number(doc._rev.split('-')[0])]));
      const missing = ids.filter((id) => (heights.get(id) ?? 0) < (allReported.get(id) ?? 0));
      expect(missing).toEqual([]);
      await instance.close();
    }
    expect(allReported.size).toBeGreaterThan(KILLS * 10);
  });
});
