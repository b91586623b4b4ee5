// `npm run bench:search`: the search at 100,000 messages + 10,000 tasks + 10,000 reports, in a real
// RxDB database on the app's SQLite storage, searched as a manager who is in every chat. In one
// run, on the same database and the same typed queries (1–3 words, some cut short, some misspelt):
//   1. the FTS5 index the app uses (electron/core/search): build, queries, a burst of 1,000 synced
//      messages, reopen, memory;
//   2. MiniSearch, the alternative measured (search-minisearch.ts): the same, its index in memory
//      and persisted as a JSON snapshot;
//   3. today's scan (the search before the index: every programme, person, task and report read and
//      matched per query), and the scan over the messages too, for the same queries.
// Each engine's queries run in a loop of their own (a scan's garbage would otherwise be collected
// in the middle of an index's queries). Last line: one JSON object; the top-level figures are the
// chosen index's (FTS5), `miniSearch` holds the alternative's. BENCH_SEARCH_MESSAGES / _TASKS /
// _REPORTS scale it down for a quick run.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { SearchAnswer } from '../../shared/contract';
import type { Actor } from '../../shared/domain';
import { parseSearch } from '../../shared/domain/search';
import { collectionNames } from '../../shared/schema';
import type { MessageDoc } from '../../shared/schema';
import { openAppDatabase } from '../../electron/core/database/app-database';
import type { AppDatabase } from '../../electron/core/database/app-database';
import { silentLogger } from '../../electron/core/platform/logger';
import { answerSearch, answerSearchWith } from '../../electron/core/search/search-answers';
import type { SearchInput } from '../../electron/core/search/search-answers';
import { startSearchIndexer } from '../../electron/core/search/search-indexer';
import { getRxStorageSQLite } from '../../electron/core/storage-sqlite';
import type { Workspace } from '../../electron/core/workspace';
import { generateSearchCorpus } from './search-corpus';
import { buildMiniSearch, loadMiniSearch, miniSearchFinder } from './search-minisearch';
import type { MiniSearchIndex } from './search-minisearch';
import { scanSearch } from './search-scan';

const MESSAGES = Number(process.env['BENCH_SEARCH_MESSAGES'] ?? 100_000);
const TASKS = Number(process.env['BENCH_SEARCH_TASKS'] ?? 10_000);
const REPORTS = Number(process.env['BENCH_SEARCH_REPORTS'] ?? 10_000);
const BURST = 1_000;
const PERSON: Actor = { id: 'manager1', role: 'manager' };
const NOW = Date.parse('2025-06-01T09:00:00.000Z');

const round = (ms: number) => Math.round(ms * 100) / 100;
const mb = (bytes: number) => Math.round(bytes / 1e5) / 10;
const percentile = (values: readonly number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
};
const log = (message: string) => {
  console.log(`[bench:search] ${message}`);
};
/**
 * Heap in use after full collections (when run with --expose-gc, as `npm run` does), a turn of the
 * event loop later: what was just let go of is only collectable once the current task is done.
 */
const heapUsed = async () => {
  await new Promise((resolve) => {
    setImmediate(resolve);
  });
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  gc?.();
  return process.memoryUsage().heapUsed;
};
const rssMbNow = () => Math.round(process.memoryUsage().rss / 1e6);
const fileBytes = (path: string) =>
  ['', '-wal'].reduce((sum, suffix) => {
    try {
      return sum + statSync(path + suffix).size;
    } catch {
      return sum;
    }
  }, 0);

type Ask = (input: SearchInput) => Promise<Omit<SearchAnswer, 'indexing'>>;

/** Every typed query once, timed; the first 20 once before, untimed (warming). */
const timeQueries = async (ask: Ask, queries: readonly { readonly text: string }[]) => {
  for (const { text } of queries.slice(0, 20)) await ask({ text });
  const times: number[] = [];
  let answered = 0;
  const cpuBefore = process.cpuUsage();
  const wallBefore = performance.now();
  for (const { text } of queries) {
    const began = performance.now();
    const { hits } = await ask({ text });
    times.push(performance.now() - began);
    if (hits.length > 0) answered += 1;
  }
  const cpu = process.cpuUsage(cpuBefore);
  // The share of the loop's wall time this process was on a CPU: near 1 on a quiet machine (the
  // search is one thread); lower means the machine was busy and the times are inflated by it.
  const cpuShare = (cpu.user + cpu.system) / 1e3 / (performance.now() - wallBefore);
  return {
    p50: round(percentile(times, 50)),
    p95: round(percentile(times, 95)),
    answered,
    cpuShare: Math.round(cpuShare * 100) / 100,
  };
};

/** Writes a burst as a sync pull does (bulk writes of 500) and times it until `indexed`. */
const timeBurst = async (
  database: AppDatabase,
  burst: readonly MessageDoc[],
  indexed: () => Promise<void>,
) => {
  const loop = monitorEventLoopDelay({ resolution: 1 });
  const began = performance.now();
  loop.enable();
  for (let i = 0; i < burst.length; i += 500) {
    await database.messages.bulkInsert(burst.slice(i, i + 500));
  }
  await indexed();
  const ms = performance.now() - began;
  // A turn of the loop, so a delay caused by the last synchronous work is recorded too.
  await new Promise((resolve) => setTimeout(resolve, 5));
  loop.disable();
  return { ms: round(ms), eventLoopMaxMs: round(loop.max / 1e6) };
};

/** Whether the last message of a burst is found by its own words. */
const foundBurst = async (ask: Ask, burst: readonly MessageDoc[]) => {
  const last = burst[burst.length - 1];
  if (!last) return;
  const { hits } = await ask({ text: last.body, kinds: ['message'] });
  if (!hits.some((hit) => hit.id === last.id)) throw new Error('The burst was not indexed.');
};

const main = async () => {
  const directory = mkdtempSync(join(tmpdir(), 'mmm-bench-search-'));
  try {
    let started = performance.now();
    const corpus = generateSearchCorpus({
      messages: MESSAGES,
      tasks: TASKS,
      reports: REPORTS,
      burst: 2 * BURST,
    });
    // The person searching is in every chat: every message is theirs to find (the worst case).
    for (const chat of corpus.org.chats) {
      if (!chat.memberIds.includes(PERSON.id)) chat.memberIds.push(PERSON.id);
    }
    const ftsBurst = corpus.burst.slice(0, BURST);
    const miniBurst = corpus.burst.slice(BURST);
    log(`corpus in ${Math.round(performance.now() - started)} ms`);
    const open = () =>
      openAppDatabase({
        storage: getRxStorageSQLite({ directory }),
        name: 'bench',
        conflicts: { recordLost: () => undefined, isOwnWrite: () => false },
      });
    let database: AppDatabase = await open();
    started = performance.now();
    for (const name of collectionNames) {
      const docs = name === 'messages' ? corpus.messages : corpus.org[name];
      for (let i = 0; i < docs.length; i += 5_000) {
        await database[name].bulkInsert(docs.slice(i, i + 5_000) as never[]);
      }
    }
    log(`database filled in ${Math.round(performance.now() - started)} ms`);
    const workspace = (): Workspace => ({
      actor: PERSON,
      roles: [PERSON.role],
      database,
      server: undefined as never,
      serverUrl: 'http://127.0.0.1:0',
      offline: true,
      now: () => new Date(NOW).toISOString(),
      newId: () => 'unused',
    });

    // 1. FTS5.
    const filePath = join(directory, 'bench.search.sqlite');
    // The merge after the build starts at once (the app waits for 2 s without writes first).
    const startIndex = () =>
      startSearchIndexer({
        database,
        filePath,
        owner: PERSON,
        logger: silentLogger,
        mergeAll: { quietMs: 0 },
      });
    started = performance.now();
    let indexer = await startIndex();
    await indexer.settled(600_000);
    const buildMs = performance.now() - started;
    const buildLongestSliceMs = indexer.stats().longestSliceMs;
    log(`FTS5 built in ${Math.round(buildMs)} ms (longest slice ${round(buildLongestSliceMs)} ms)`);
    // Then merged into one segment per table, in steps, as the app does while idle.
    indexer.resetStats();
    started = performance.now();
    await indexer.merged(600_000);
    const mergeMs = performance.now() - started;
    const mergeLongestSliceMs = indexer.stats().longestSliceMs;
    log(`FTS5 merged in ${Math.round(mergeMs)} ms (longest step ${round(mergeLongestSliceMs)} ms)`);
    const ftsAsk: Ask = (input) => answerSearch(workspace(), indexer.store(), input);
    // The first search after opening reads the file from disk: timed apart from the rest.
    let began = performance.now();
    await ftsAsk({ text: 'warm' });
    const firstQueryMs = performance.now() - began;
    const fts = await timeQueries(ftsAsk, corpus.queries);
    log(`FTS5: ${corpus.queries.length} queries, ${fts.answered} with hits`);
    indexer.resetStats();
    const ftsBurstTime = await timeBurst(database, ftsBurst, () => indexer.settled(60_000));
    const burstLongestSliceMs = indexer.stats().longestSliceMs;
    await foundBurst(ftsAsk, ftsBurst);
    await indexer.close();
    await database.close();
    const indexFileMb = mb(fileBytes(filePath));
    started = performance.now();
    database = await open();
    const databaseReopenMs = performance.now() - started;
    started = performance.now();
    indexer = await startIndex();
    await indexer.settled(60_000);
    await ftsAsk({ text: 'meeting tomorrow' });
    const reopenMs = performance.now() - started;
    if (indexer.store().startedEmpty !== null) throw new Error('The reopen rebuilt the index.');
    const rssMb = rssMbNow();
    // What the open index holds in the JS heap (its pages are SQLite's, outside it: see rssMb).
    let heapWith = await heapUsed();
    await indexer.close();
    const ftsHeapMb = mb(heapWith - (await heapUsed()));

    // 2. MiniSearch, on the same database.
    started = performance.now();
    let mini: MiniSearchIndex | undefined = await buildMiniSearch(database, PERSON);
    const miniBuildMs = performance.now() - started;
    log(`MiniSearch built in ${Math.round(miniBuildMs)} ms`);
    const miniAsk: Ask = (input) => {
      if (!mini) throw new Error('MiniSearch is closed.');
      return answerSearchWith(workspace(), miniSearchFinder(mini.index, NOW), input);
    };
    const miniQueries = await timeQueries(miniAsk, corpus.queries);
    log(`MiniSearch: ${corpus.queries.length} queries, ${miniQueries.answered} with hits`);
    const snapshotPath = join(directory, 'bench.minisearch.json');
    // MiniSearch indexes as the change stream announces each write; a turn of the loop lets the
    // last announcement arrive.
    const miniBurstTime = await timeBurst(
      database,
      miniBurst,
      () =>
        new Promise<void>((resolve) => {
          setImmediate(resolve);
        }),
    );
    await foundBurst(miniAsk, miniBurst);
    started = performance.now();
    const snapshotBytes = mini.snapshot(snapshotPath);
    const snapshotMs = performance.now() - started;
    mini.close();
    started = performance.now();
    mini = loadMiniSearch(snapshotPath, database, PERSON);
    await miniAsk({ text: 'meeting tomorrow' });
    const miniReopenMs = performance.now() - started;
    const miniRssMb = rssMbNow();
    heapWith = await heapUsed();
    mini.close();
    mini = undefined;
    const miniHeapMb = mb(heapWith - (await heapUsed()));

    // 3. Today's scan, for the same queries (over the messages too: the first 30 only, it is slow).
    const scanTimes: number[] = [];
    const scanAllTimes: number[] = [];
    for (const { text } of corpus.queries) {
      const query = parseSearch(text);
      if (!query) continue;
      began = performance.now();
      await scanSearch(workspace(), query, false);
      scanTimes.push(performance.now() - began);
      if (scanAllTimes.length < 30) {
        began = performance.now();
        await scanSearch(workspace(), query, true);
        scanAllTimes.push(performance.now() - began);
      }
    }
    await database.close();

    const figures = {
      documents: MESSAGES + TASKS + REPORTS,
      queries: corpus.queries.length,
      engine: 'fts5',
      firstQueryMs: round(firstQueryMs),
      queryP50Ms: fts.p50,
      queryP95Ms: fts.p95,
      answered: fts.answered,
      queryCpuShare: fts.cpuShare,
      scanP50Ms: round(percentile(scanTimes, 50)),
      scanP95Ms: round(percentile(scanTimes, 95)),
      scanWithMessagesP95Ms: round(percentile(scanAllTimes, 95)),
      buildMs: Math.round(buildMs),
      buildLongestSliceMs: round(buildLongestSliceMs),
      mergeMs: Math.round(mergeMs),
      mergeLongestSliceMs: round(mergeLongestSliceMs),
      burstIndexMs: ftsBurstTime.ms,
      burstLongestSliceMs: round(burstLongestSliceMs),
      burstEventLoopMaxMs: ftsBurstTime.eventLoopMaxMs,
      databaseReopenMs: Math.round(databaseReopenMs),
      reopenMs: round(reopenMs),
      indexFileMb,
      indexHeapMb: ftsHeapMb,
      rssMb,
      miniSearch: {
        queryP50Ms: miniQueries.p50,
        queryP95Ms: miniQueries.p95,
        answered: miniQueries.answered,
        queryCpuShare: miniQueries.cpuShare,
        buildMs: Math.round(miniBuildMs),
        burstIndexMs: miniBurstTime.ms,
        burstEventLoopMaxMs: miniBurstTime.eventLoopMaxMs,
        snapshotMs: Math.round(snapshotMs),
        snapshotMb: mb(snapshotBytes),
        reopenMs: round(miniReopenMs),
        indexHeapMb: miniHeapMb,
        rssMb: miniRssMb,
      },
    };
    const { miniSearch, ...chosen } = figures;
    console.log('FTS5 (chosen) and today’s scan:');
    console.table(chosen);
    console.log('MiniSearch (the alternative):');
    console.table(miniSearch);
    console.log(JSON.stringify(figures));
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
};

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
