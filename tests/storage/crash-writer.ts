/**
 * Child process of crash.test.ts: writes mentors in bursts into the SQLite storage and prints one
 * line per bulkWrite that resolved — `wrote <runId> <id>:<revHeight> ...`. The parent kills it with
 * SIGKILL at a random moment and then checks every printed write is on disk.
 *
 * Usage: node --import tsx tests/storage/crash-writer.ts <directory> <runId>
 * (the test bundles it first with esbuild, to start faster).
 */
import { getRxStorageSQLite } from '../../electron/core/storage-sqlite';
import {
  newDocument,
  nextRevision,
  openInstance,
} from '../../electron/core/storage-sqlite/conformance-fixtures';
import type { Mentor } from '../../electron/core/storage-sqlite/conformance-fixtures';
import type { BulkWriteRow, RxDocumentData } from 'rxdb';

const [directory, runId] = process.argv.slice(2);
if (!directory || !runId) throw new Error('usage: crash-writer <directory> <runId>');

async function main(): Promise<void> {
  const storage = getRxStorageSQLite({ directory: directory ?? '' });
  const instance = await openInstance(storage, { databaseName: 'crash' });
  process.stdout.write('ready\n');
  const mine: RxDocumentData<Mentor>[] = [];
  let next = 0;
  for (;;) {
    const burst = 1 + Math.floor(Math.random() * 20);
    for (let b = 0; b < burst; b++) {
      const rows: BulkWriteRow<Mentor>[] = [];
      const size = 1 + Math.floor(Math.random() * 30);
      for (let i = 0; i < size; i++) {
        const doc = newDocument({
          id: `r${runId}-${next++}`,
          name: 'x'.repeat(Math.floor(Math.random() * 200)),
          age: Math.floor(Math.random() * 100),
          active: Math.random() < 0.5,
          tags: ['mentor'],
        });
        rows.push({ document: doc });
      }
      // Some updates of documents this run wrote earlier, so torn updates would show too.
      for (let u = 0; u < 3 && mine.length > 0; u++) {
        const at = Math.floor(Math.random() * mine.length);
        const previous = mine[at];
        if (!previous || rows.some((r) => r.document.id === previous.id)) continue;
        rows.push({ previous, document: nextRevision(previous, { age: previous.age + 1 }) });
      }
      const result = await instance.bulkWrite(rows, 'crash');
      if (result.error.length > 0) throw new Error(JSON.stringify(result.error[0]));
      for (const row of rows) {
        const index = mine.findIndex((doc) => doc.id === row.document.id);
        if (index >= 0) mine[index] = row.document;
        else mine.push(row.document);
      }
      const reported = rows.map((r) => `${r.document.id}:${r.document._rev.split('-')[0] ?? ''}`);
      process.stdout.write(`wrote ${reported.join(' ')}\n`);
    }
    await new Promise((resolve) => setTimeout(resolve, Math.random() * 15));
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
