// `npm run bench:search`: the search index at 100,000 messages + 10,000 tasks + 10,000 reports, in
// a real RxDB database on the app's SQLite storage, searched as a manager who is in every chat.
// Side by side in one run: typed queries (1–3 words, some cut short, some misspelt) on the index,
// and today's scan (the search before the index: every programme, person, task and report read
// and matched per query) for the same queries — also extended over the messages, what a scan of
// the new scope would cost. Then a burst of 1,000 synced messages, the reopen, memory and size.
// Last line: one JSON object. BENCH_SEARCH_MESSAGES / _TASKS / _REPORTS scale it.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { SEARCH_LIMIT_PER_KIND } from '../../shared/contract';
import type { Actor } from '../../shared/domain';
import { mayReadReport } from '../../shared/domain/reports';
import { bestMatches, parseSearch } from '../../shared/domain/search';
import type { SearchQuery } from '../../shared/domain/search';
import { collectionNames } from '../../shared/schema';
import { openAppDatabase } from '../../electron/core/database/app-database';
import type { AppDatabase } from '../../electron/core/database/app-database';
import { programmesManagedBy, readMany } from '../../electron/core/dashboard/programme-scope';
import { silentLogger } from '../../electron/core/platform/logger';
import { answerSearch } from '../../electron/core/search/search-answers';
import { startSearchIndexer } from '../../electron/core/search/search-indexer';
import { getRxStorageSQLite } from '../../electron/core/storage-sqlite';
import { displayName, queryDocs } from '../../electron/core/workspace';
import type { Workspace } from '../../electron/core/workspace';
import { generateSearchCorpus } from './search-corpus';

const MESSAGES = Number(process.env['BENCH_SEARCH_MESSAGES'] ?? 100_000);
const TASKS = Number(process.env['BENCH_SEARCH_TASKS'] ?? 10_000);
const REPORTS = Number(process.env['BENCH_SEARCH_REPORTS'] ?? 10_000);
const PERSON: Actor = { id: 'manager1', role: 'manager' };
const NOW = Date.parse('2025-06-01T09:00:00.000Z');

const round = (ms: number) => Math.round(ms * 100) / 100;
const percentile = (values: readonly number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
};
const log = (message: string) => {
  console.log(`[bench:search] ${message}`);
};

/** The search as it was before the index (electron/core/search at main), kept here to compare. */
const scan = async (workspace: Workspace, query: SearchQuery, withMessages: boolean) => {
  const limit = SEARCH_LIMIT_PER_KIND;
  const [programmes, users, tasks, reports, managed, messages] = await Promise.all([
    queryDocs(workspace, 'programmes', {}),
    queryDocs(workspace, 'users', {}),
    readMany(workspace, 'tasks'),
    readMany(workspace, 'reports'),
    programmesManagedBy(workspace),
    withMessages ? readMany(workspace, 'messages') : Promise.resolve([]),
  ]);
  const mayRead = (report: (typeof reports)[number]) =>
    mayReadReport(workspace.actor, report, managed.has(report.programmeId) ? [PERSON.id] : []);
  return [
    ...bestMatches(programmes, query, (p) => ({ title: p.name, others: [p.description] }), limit),
    ...bestMatches(tasks, query, (task) => ({ title: task.title }), limit),
    ...bestMatches(reports.filter(mayRead), query, (report) => ({ title: report.title }), limit),
    ...bestMatches(
      users,
      query,
      (user) => ({ title: displayName(user), aliases: [user.username], others: [user.email] }),
      limit,
    ),
    ...bestMatches(messages, query, (message) => ({ title: message.body }), limit),
  ].length;
};

const main = async () => {
  const directory = mkdtempSync(join(tmpdir(), 'mmm-bench-search-'));
  try {
    let started = performance.now();
    const corpus = generateSearchCorpus({ messages: MESSAGES, tasks: TASKS, reports: REPORTS });
    // The person searching is in every chat: every message is theirs to find (the worst case).
    for (const chat of corpus.org.chats) {
      if (!chat.memberIds.includes(PERSON.id)) chat.memberIds.push(PERSON.id);
    }
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

    const filePath = join(directory, 'bench.search.sqlite');
    const startIndex = () =>
      startSearchIndexer({ database, filePath, owner: PERSON, logger: silentLogger });
    started = performance.now();
    let indexer = await startIndex();
    await indexer.settled(600_000);
    const buildMs = performance.now() - started;
    const buildLongestSliceMs = indexer.stats().longestSliceMs;
    log(
      `index built in ${Math.round(buildMs)} ms (longest slice ${round(buildLongestSliceMs)} ms)`,
    );

    const workspace = (): Workspace => ({
      actor: PERSON,
      roles: [PERSON.role],
      database,
      server: undefined as never,
      offline: true,
      now: () => new Date(NOW).toISOString(),
      newId: () => 'unused',
    });
    // The first searches after opening read the file from disk: timed apart from the rest.
    let began = performance.now();
    await answerSearch(workspace(), indexer.store(), { text: 'warm' });
    const firstQueryMs = performance.now() - began;
    for (const { text } of corpus.queries.slice(0, 20)) {
      await answerSearch(workspace(), indexer.store(), { text });
    }
    const queryTimes: number[] = [];
    const scanTimes: number[] = [];
    const scanAllTimes: number[] = [];
    let answered = 0;
    for (const { text } of corpus.queries) {
      began = performance.now();
      const { hits } = await answerSearch(workspace(), indexer.store(), { text });
      queryTimes.push(performance.now() - began);
      if (hits.length > 0) answered += 1;
      const query = parseSearch(text);
      if (!query) continue;
      began = performance.now();
      await scan(workspace(), query, false);
      scanTimes.push(performance.now() - began);
      if (scanAllTimes.length < 30) {
        began = performance.now();
        await scan(workspace(), query, true);
        scanAllTimes.push(performance.now() - began);
      }
    }
    log(`${corpus.queries.length} queries, ${answered} with hits`);

    // A burst as a sync pull writes it: 1,000 documents in two bulk writes.
    indexer.resetStats();
    const loop = monitorEventLoopDelay({ resolution: 1 });
    started = performance.now();
    loop.enable();
    for (let i = 0; i < corpus.burst.length; i += 500) {
      await database.messages.bulkInsert(corpus.burst.slice(i, i + 500));
    }
    await indexer.settled(60_000);
    const burstIndexMs = performance.now() - started;
    loop.disable();
    const burst = indexer.stats();
    const lastBurst = corpus.burst[corpus.burst.length - 1];
    const { hits: burstHits } = await answerSearch(workspace(), indexer.store(), {
      text: lastBurst?.body ?? '',
      kinds: ['message'],
    });
    if (!burstHits.some((hit) => hit.id === lastBurst?.id)) throw new Error('Burst not indexed.');

    await indexer.close();
    await database.close();
    const indexFileBytes = ['', '-wal'].reduce((sum, suffix) => {
      try {
        return sum + statSync(filePath + suffix).size;
      } catch {
        return sum;
      }
    }, 0);
    started = performance.now();
    database = await open();
    const databaseReopenMs = performance.now() - started;
    started = performance.now();
    indexer = await startIndex();
    await indexer.settled(60_000);
    await answerSearch(workspace(), indexer.store(), { text: 'meeting tomorrow' });
    const reopenMs = performance.now() - started;
    if (indexer.store().startedEmpty !== null) throw new Error('The reopen rebuilt the index.');
    const rssMb = Math.round(process.memoryUsage().rss / 1e6);
    await indexer.close();
    await database.close();

    const figures = {
      documents: MESSAGES + TASKS + REPORTS,
      queries: corpus.queries.length,
      firstQueryMs: round(firstQueryMs),
      queryP50Ms: round(percentile(queryTimes, 50)),
      queryP95Ms: round(percentile(queryTimes, 95)),
      scanP50Ms: round(percentile(scanTimes, 50)),
      scanP95Ms: round(percentile(scanTimes, 95)),
      scanWithMessagesP95Ms: round(percentile(scanAllTimes, 95)),
      buildMs: Math.round(buildMs),
      buildLongestSliceMs: round(buildLongestSliceMs),
      burstIndexMs: round(burstIndexMs),
      burstLongestSliceMs: round(burst.longestSliceMs),
      burstEventLoopMaxMs: round(loop.max / 1e6),
      databaseReopenMs: Math.round(databaseReopenMs),
      reopenMs: round(reopenMs),
      indexFileMb: Math.round(indexFileBytes / 1e5) / 10,
      rssMb,
    };
    console.table(figures);
    console.log(JSON.stringify(figures));
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
};

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
