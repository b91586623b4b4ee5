/**
 * `npm run bench:storage` — the SQLite RxStorage next to RxDB's memory storage and Dexie on
 * fake-indexeddb (RxDB's runPerformanceTests, same config for all three; reads are judged against
 * the memory storage), then a 100,000-document scale test next to raw better-sqlite3 doing the same
 * durable work in one transaction: the same rows and the same index keys, same WAL and synchronous
 * setting (the floor writes are judged against).
 * Prints its figures; the last line is one JSON object. Files go to os.tmpdir() and are removed.
 * BENCH_RUNS (default 8), BENCH_SCALE_DOCS (default 100,000), BENCH_DEXIE=0 skips Dexie (slow).
 */
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { randomToken } from 'rxdb';
import type { RxDocumentData, RxStorage } from 'rxdb';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { averageSchemaData, runPerformanceTests } from 'rxdb/plugins/test-utils';
import type { PerformanceTestResult } from 'rxdb/plugins/test-utils';
import { getRxStorageSQLite } from '../../electron/core/storage-sqlite';
import {
  mentorSchema,
  newDocument,
  openInstance,
  prepare,
} from '../../electron/core/storage-sqlite/conformance-fixtures';
import { indexColumnsOf } from '../../electron/core/storage-sqlite/index-key';
import type { Mentor } from '../../electron/core/storage-sqlite/conformance-fixtures';

const PERF_CONFIG = {
  runs: Number(process.env['BENCH_RUNS'] ?? 8),
  docsAmount: 3000,
  collectionsAmount: 4,
  serialDocsAmount: 50,
  parallelQueryAmount: 4,
  insertBatches: 6,
  waitBetweenTests: 20,
  log: false,
};
const SCALE_DOCS = Number(process.env['BENCH_SCALE_DOCS'] ?? 100_000);
const PAGE_QUERIES = 200;
const WITH_DEXIE = process.env['BENCH_DEXIE'] !== '0';

/** The read metrics of runPerformanceTests, by the names the issue gives them. */
const READ_METRICS: Record<string, string> = {
  'find-by-id': 'serial-find-by-id-50',
  'find-by-ids': 'find-by-ids-3000',
  'find-by-query': 'find-by-query',
  'find-by-query-parallel': 'find-by-query-parallel-4',
  count: '4x-count',
};

type Metrics = Record<string, number>;

function metricsOf(result: PerformanceTestResult): Metrics {
  const metrics: Metrics = {};
  for (const [key, value] of Object.entries(result)) {
    if (typeof value === 'number' && key !== 'collectionsAmount' && key !== 'docsAmount') {
      metrics[key] = value;
    }
  }
  return metrics;
}

function ratios(of: Metrics, to: Metrics): Metrics {
  const out: Metrics = {};
  for (const [key, value] of Object.entries(of)) {
    const base = to[key];
    if (base !== undefined && base > 0) out[key] = round(value / base);
  }
  return out;
}

const round = (n: number): number => Math.round(n * 100) / 100;
const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
};

function directorySize(directory: string): number {
  return readdirSync(directory).reduce(
    (sum, name) => sum + statSync(join(directory, name)).size,
    0,
  );
}

function scaleMentor(i: number): Mentor {
  return {
    id: `mentor-${String(i).padStart(7, '0')}`,
    name: `Mentor ${i % 997} ${randomToken(6)}`,
    age: i % 120,
    active: i % 2 === 0,
    city: ['Lagos', 'Accra', 'Nairobi', 'Kigali'][i % 4] ?? 'Lagos',
    tags: i % 3 === 0 ? ['mentor', 'manager'] : ['mentor'],
  };
}

async function scaleTest(): Promise<Record<string, number>> {
  const directory = mkdtempSync(join(tmpdir(), 'mmm-bench-scale-'));
  try {
    const docs = Array.from({ length: SCALE_DOCS }, (_, i) => newDocument(scaleMentor(i)));
    const storage = getRxStorageSQLite({ directory });
    const instance = await openInstance(storage, { databaseName: 'scale' });
    let start = performance.now();
    const result = await instance.bulkWrite(
      docs.map((document) => ({ document })),
      'scale',
    );
    const insertMs = performance.now() - start;
    if (result.error.length > 0) throw new Error('scale insert failed');

    const pageTimes: number[] = [];
    for (let q = 0; q < PAGE_QUERIES; q++) {
      const from = q % 110;
      start = performance.now();
      const page = await instance.query(
        prepare({ selector: { age: { $gte: from } }, sort: [{ age: 'asc' }], limit: 50 }),
      );
      pageTimes.push(performance.now() - start);
      if (page.documents.length !== 50) throw new Error('page query returned a short page');
    }
    start = performance.now();
    const counted = await instance.count(prepare({ selector: { active: true } }));
    const countMs = performance.now() - start;
    if (counted.count !== SCALE_DOCS / 2) throw new Error(`count ${counted.count}`);
    await instance.close();

    start = performance.now();
    const reopened = await openInstance(getRxStorageSQLite({ directory }), {
      databaseName: 'scale',
    });
    await reopened.query(prepare({ selector: { age: 7 }, limit: 1 }));
    const reopenMs = performance.now() - start;
    await reopened.close();
    const fileBytes = directorySize(directory);

    // The physical floor: the same JSON rows, keyed by id, one transaction, no secondary indexes.
    const rawPath = join(directory, 'raw.sqlite');
    const raw = new Database(rawPath);
    raw.pragma('journal_mode = WAL');
    raw.pragma('synchronous = FULL');
    raw.exec('CREATE TABLE docs (id TEXT PRIMARY KEY NOT NULL, json TEXT NOT NULL)');
    const insert = raw.prepare('INSERT INTO docs (id, json) VALUES (?, ?)');
    start = performance.now();
    raw.transaction(() => {
      for (const doc of docs) insert.run(doc.id, JSON.stringify(doc));
    })();
    const rawInsertMs = performance.now() - start;
    raw.close();
    const rawDurable = rawDurableInserts(directory, docs);
    const rawDurableInsertMs = Math.min(rawDurable.tables, rawDurable.columns);

    return {
      docs: SCALE_DOCS,
      insertMs: round(insertMs),
      rawDurableInsertMs: round(rawDurableInsertMs),
      rawDurableTablesMs: round(rawDurable.tables),
      rawDurableColumnsMs: round(rawDurable.columns),
      insertRatioToRawDurable: round(insertMs / rawDurableInsertMs),
      rawInsertMs: round(rawInsertMs),
      insertRatioToRaw: round(insertMs / rawInsertMs),
      queryP50Ms: round(median(pageTimes)),
      countMs: round(countMs),
      reopenMs: round(reopenMs),
      fileBytes,
    };
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

/**
 * The floor for the storage's insert: raw better-sqlite3 durably writing what the storage must
 * write, no more — each document's JSON keyed by id, and for each of the schema's RxDB indexes its
 * key (RxDB's index string, encoded as the storage encodes it) in an SQL index that leads to the
 * document. Same WAL mode, synchronous=FULL, one transaction; stringifying and computing keys is in
 * the time (any storage has to do it). Two ways, the faster one is the floor:
 * - 'tables': one WITHOUT ROWID table (key, id) per index, filled in key order;
 * - 'columns': the keys as columns of the document rows, the SQL indexes built after the inserts
 *   (SQLite sorts: the fastest way to build a B-tree), each key then stored twice.
 */
function rawDurableInserts(
  directory: string,
  docs: readonly RxDocumentData<Mentor>[],
): { tables: number; columns: number } {
  const indexes = indexColumnsOf(mentorSchema());
  const open = (name: string): Database.Database => {
    const raw = new Database(join(directory, `${name}.sqlite`));
    raw.pragma('journal_mode = WAL');
    raw.pragma('synchronous = FULL');
    return raw;
  };
  const timed = (raw: Database.Database, fn: () => void): number => {
    const start = performance.now();
    raw.transaction(fn)();
    const ms = performance.now() - start;
    raw.close();
    return ms;
  };

  let raw = open('raw-tables');
  raw.exec('CREATE TABLE docs (id TEXT PRIMARY KEY NOT NULL, json TEXT NOT NULL)');
  const insert = raw.prepare('INSERT INTO docs (id, json) VALUES (?, ?)');
  const insertKeys = indexes.map((_, i) => {
    raw.exec(`CREATE TABLE k${i} (key BLOB PRIMARY KEY NOT NULL, id TEXT NOT NULL) WITHOUT ROWID`);
    return raw.prepare(`INSERT INTO k${i} (key, id) VALUES (?, ?)`);
  });
  const tablesMs = timed(raw, () => {
    for (const doc of docs) insert.run(doc.id, JSON.stringify(doc));
    indexes.forEach((index, i) => {
      const keys = docs.map((doc) => [index.keyOf(doc), doc.id] as const);
      keys.sort((a, b) => Buffer.compare(a[0], b[0]));
      const insertKey = insertKeys[i] as Database.Statement;
      for (const [key, id] of keys) insertKey.run(key, id);
    });
  });

  raw = open('raw-columns');
  const columns = indexes.map((_, i) => `k${i}`);
  raw.exec(
    `CREATE TABLE docs (id TEXT PRIMARY KEY NOT NULL, json TEXT NOT NULL, ${columns.map((c) => `${c} BLOB NOT NULL`).join(', ')})`,
  );
  const insertRow = raw.prepare(
    `INSERT INTO docs VALUES (?, ?, ${columns.map(() => '?').join(', ')})`,
  );
  const columnsMs = timed(raw, () => {
    for (const doc of docs) {
      insertRow.run(doc.id, JSON.stringify(doc), ...indexes.map((index) => index.keyOf(doc)));
    }
    for (const column of columns) raw.exec(`CREATE INDEX i${column} ON docs (${column})`);
  });
  return { tables: tablesMs, columns: columnsMs };
}

/**
 * What SQLite itself costs, whatever the storage does: one commit of one small row (the fsync with
 * synchronous=FULL), and 500 documents like runPerformanceTests' inserted as bare (id, json) rows.
 */
function commitFloors(): Record<string, number> {
  const directory = mkdtempSync(join(tmpdir(), 'mmm-bench-floor-'));
  try {
    const floors: Record<string, number> = {};
    for (const synchronous of ['FULL', 'NORMAL']) {
      const raw = new Database(join(directory, `${synchronous}.sqlite`));
      raw.pragma('journal_mode = WAL');
      raw.pragma(`synchronous = ${synchronous}`);
      raw.exec('CREATE TABLE docs (id TEXT PRIMARY KEY NOT NULL, json TEXT NOT NULL)');
      const insert = raw.prepare('INSERT INTO docs (id, json) VALUES (?, ?)');
      const commits: number[] = [];
      for (let i = 0; i < 200; i++) {
        const start = performance.now();
        insert.run(`one-${i}`, JSON.stringify(averageSchemaData()));
        commits.push(performance.now() - start);
      }
      const batches: number[] = [];
      for (let b = 0; b < 20; b++) {
        const docs = Array.from({ length: 500 }, () => averageSchemaData());
        const start = performance.now();
        raw.transaction(() => {
          for (const doc of docs) insert.run(doc.id, JSON.stringify(doc));
        })();
        batches.push(performance.now() - start);
      }
      raw.close();
      const mode = synchronous.toLowerCase();
      floors[`commitMs_${mode}`] = round(median(commits));
      floors[`insert500Ms_${mode}`] = round(median(batches));
    }
    return floors;
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const perfDirectory = mkdtempSync(join(tmpdir(), 'mmm-bench-perf-'));
  const storages: [string, RxStorage<unknown, unknown>][] = [
    ['sqlite', getRxStorageSQLite({ directory: perfDirectory })],
    // For comparison only (the headline figures are 'full'): what the fsync per commit costs.
    [
      'sqlite-durability-normal',
      getRxStorageSQLite({ directory: perfDirectory, durability: 'normal' }),
    ],
    ['memory', getRxStorageMemory() as RxStorage<unknown, unknown>],
    ...(WITH_DEXIE
      ? [
          ['dexie', getRxStorageDexie({ indexedDB, IDBKeyRange })] as [
            string,
            RxStorage<unknown, unknown>,
          ],
        ]
      : []),
  ];
  const perf: Record<string, Metrics> = {};
  try {
    // One discarded run of each first: otherwise whichever storage runs first pays for warming up
    // V8 and RxDB's own code (seen: 2-4x on reads and on property-access, which no storage serves).
    for (const [name, storage] of storages) {
      await runPerformanceTests(storage, `${name} (warm-up)`, { ...PERF_CONFIG, runs: 1 });
    }
    for (const [name, storage] of storages) {
      console.log(
        `runPerformanceTests: ${name} (${PERF_CONFIG.runs} runs, ${PERF_CONFIG.docsAmount} docs)`,
      );
      perf[name] = metricsOf(await runPerformanceTests(storage, name, PERF_CONFIG));
    }
  } finally {
    rmSync(perfDirectory, { recursive: true, force: true });
  }
  const sqlite = perf['sqlite'] ?? {};
  const ratioToMemory = ratios(sqlite, perf['memory'] ?? {});
  const ratioToDexie = ratios(sqlite, perf['dexie'] ?? {});
  const readRatioToMemory: Metrics = {};
  for (const [name, metric] of Object.entries(READ_METRICS)) {
    const ratio = ratioToMemory[metric];
    if (ratio !== undefined) readRatioToMemory[name] = ratio;
  }
  const ratioToMemoryDurabilityNormal = ratios(
    perf['sqlite-durability-normal'] ?? {},
    perf['memory'] ?? {},
  );
  console.table(
    Object.keys(sqlite).map((metric) => ({
      metric,
      sqlite: sqlite[metric],
      memory: perf['memory']?.[metric],
      dexie: perf['dexie']?.[metric],
      'sqlite/memory': ratioToMemory[metric],
      'sqlite/dexie': ratioToDexie[metric],
      'sqlite(durability normal)/memory': ratioToMemoryDurabilityNormal[metric],
    })),
  );

  console.log('floors: raw better-sqlite3, WAL, one transaction (ms)');
  const floors = commitFloors();
  console.table([floors]);

  console.log(`scale test: ${SCALE_DOCS} documents`);
  const scale = await scaleTest();
  console.table([scale]);
  console.log('reads, ratio to the memory storage (goal: at most 2)');
  console.table([readRatioToMemory]);
  console.log(
    JSON.stringify({
      perf,
      ratioToMemory,
      readRatioToMemory,
      ratioToDexie,
      ratioToMemoryDurabilityNormal,
      floors,
      scale,
    }),
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
