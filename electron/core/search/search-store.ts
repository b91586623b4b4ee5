import { rmSync } from 'node:fs';
import { searchKinds } from '../../../shared/contract';
import type { SearchKind } from '../../../shared/contract';
import { betterSqlite3Driver } from '../storage-sqlite';
import { sqliteErrorCode } from '../storage-sqlite/sqlite-driver';
import type { SqliteConnection, SqliteDriver, SqliteStatement } from '../storage-sqlite';
import type { IndexEntry, IndexedCollection } from './search-entries';

/**
 * The search index on disk: SQLite FTS5 tables in a file of its own beside the person's database
 * (`databases/<name>.search.sqlite`), one table per kind of hit, plus which document each row is
 * and the checkpoint of every collection — all written in the same transactions, so the index and
 * its checkpoint never disagree, whatever moment the process dies at. docs/SEARCH.md says why FTS5.
 */

/** Raised when the layout below changes: a file of another format is rebuilt, never misread. */
export const SEARCH_FORMAT = 1;

/** Where RxDB's changes were read up to: its own checkpoint shape (`getChangedDocumentsSince`). */
export interface Checkpoint {
  readonly id: string;
  readonly lwt: number;
}

/** A document's new index entry, or undefined to drop it from the index. */
export interface IndexChange {
  readonly collection: IndexedCollection;
  readonly id: string;
  readonly entry: IndexEntry | undefined;
}

export interface SearchStore {
  readonly filePath: string;
  /** Why the index was started empty at open (new file, other format, damaged...), or null. */
  readonly startedEmpty: string | null;
  checkpoint(collection: IndexedCollection): Checkpoint | undefined;
  /** Writes changes and the checkpoints they reach, in one transaction. */
  apply(
    changes: readonly IndexChange[],
    checkpoints: Partial<Record<IndexedCollection, Checkpoint>>,
  ): void;
  /**
   * The ids of the newest `limit` documents of a kind matching an FTS5 expression. Newest first
   * is the order FTS5 reads its index in, so it stops after `limit` however many match; bm25
   * was measured 10× slower here (it counts every match of a prefix to weigh it).
   */
  newest(kind: SearchKind, match: string, limit: number): string[];
  /** Terms of titles and bodies starting with `first`, for typo tolerance. */
  termsStartingWith(first: string): ReadonlySet<string>;
  /**
   * Does up to `pages` pages of FTS5 segment merging in each table written since the last call
   * (incremental: the segments of many small commits are merged a little at a time).
   */
  merge(pages: number): void;
  /**
   * One step (about `pages` pages written) of merging every table into a single segment: FTS5's
   * 'merge' with a negative count. Queries probe every segment, so a fragmented index — after a
   * build or a burst of many slices — answers about twice as slowly (measured, bench:search).
   * True once every table is one segment.
   */
  mergeAll(pages: number): boolean;
  /** How many segments each table has (tests). */
  segments(): Record<SearchKind, number>;
  /** How many documents the index holds. */
  size(): number;
  /**
   * Every document's indexed terms per column, read back from FTS5 (slow: for tests and
   * diagnostics). Keys are `collection/id`.
   */
  contents(): Map<string, { kind: SearchKind; title: string[]; body: string[]; tags: string[] }>;
  close(): void;
}

export interface SearchStoreIdentity {
  /** Changes with the indexed collections' schemas and how text becomes terms. */
  readonly schemaHash: string;
  /** The database the index belongs to (RxDB's storage token): another one's file is rebuilt. */
  readonly databaseToken: string;
}

const TOKENIZER = `unicode61 remove_diacritics 0 categories 'L* N* Co M*'`;
const tableOf = (kind: SearchKind) => `terms_${kind}`;
/** Rows are numbered by time (ms × 1024 + n), so "newest first" is FTS5's own rowid order. */
const ROWS_PER_MS = 1024;

const schemaSql = (): string =>
  [
    'CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID',
    'CREATE TABLE IF NOT EXISTS checkpoints (collection TEXT PRIMARY KEY, id TEXT NOT NULL, lwt REAL NOT NULL) WITHOUT ROWID',
    'CREATE TABLE IF NOT EXISTS entries (rowid INTEGER PRIMARY KEY, collection TEXT NOT NULL, id TEXT NOT NULL, kind TEXT NOT NULL)',
    'CREATE UNIQUE INDEX IF NOT EXISTS entries_by_id ON entries (collection, id)',
    // Contentless: the index keeps terms, not text; detail=column: no positions (no phrase
    // queries are made), a smaller index; prefixes of 2 and 3 letters answer typing fast.
    ...searchKinds.map(
      (kind) =>
        `CREATE VIRTUAL TABLE IF NOT EXISTS ${tableOf(kind)} USING fts5(title, body, tags, tokenize="${TOKENIZER}", prefix='2 3', content='', contentless_delete=1, detail=column)`,
    ),
  ].join(';\n');

const removeFiles = (filePath: string) => {
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(filePath + suffix, { force: true });
};

/** Errors that mean the file is not a usable index: it is rebuilt instead. */
export const isDamage = (error: unknown): boolean => {
  const code = sqliteErrorCode(error) ?? '';
  return code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB' || code === 'SQLITE_IOERR';
};

const openConnection = (driver: SqliteDriver, filePath: string): SqliteConnection => {
  const connection = driver.open(filePath);
  try {
    connection.exec('PRAGMA journal_mode = WAL');
    // The index can always be rebuilt from the database: a power cut may lose its last commits
    // (the checkpoint with them), never make it disagree.
    connection.exec('PRAGMA synchronous = NORMAL');
    connection.exec('PRAGMA locking_mode = EXCLUSIVE');
    connection.exec(schemaSql());
    // FTS5 merges its segments at commit, some merges all at once (measured: 50–100 ms slices
    // during a burst). Instead the indexer asks for a little merge work after each slice.
    for (const kind of searchKinds) {
      connection.exec(
        `INSERT INTO ${tableOf(kind)} (${tableOf(kind)}, rank) VALUES ('automerge', 0); INSERT INTO ${tableOf(kind)} (${tableOf(kind)}, rank) VALUES ('crisismerge', 64)`,
      );
    }
    return connection;
  } catch (error) {
    connection.close();
    throw error;
  }
};

/** Why an existing file cannot be used as it is, or null when it can. */
const staleness = (connection: SqliteConnection, identity: SearchStoreIdentity): string | null => {
  const meta = new Map(
    connection
      .prepare('SELECT key, value FROM meta')
      .rows()
      .map(([key, value]) => [String(key), String(value)]),
  );
  if (meta.size === 0) return 'new index';
  if (meta.get('format') !== String(SEARCH_FORMAT)) return 'index format changed';
  if (meta.get('schemaHash') !== identity.schemaHash) return 'schema changed';
  if (meta.get('databaseToken') !== identity.databaseToken) return 'another database';
  return null;
};

/**
 * Opens the index file, starting it empty when it is new, of another format or schema, of another
 * database, or damaged — never failing on what is in the file.
 */
export const openSearchStore = (options: {
  readonly filePath: string;
  readonly identity: SearchStoreIdentity;
  readonly driver?: SqliteDriver;
}): SearchStore => {
  const driver = options.driver ?? betterSqlite3Driver;
  const { filePath, identity } = options;
  let connection: SqliteConnection;
  let startedEmpty: string | null;
  try {
    connection = openConnection(driver, filePath);
    startedEmpty = staleness(connection, identity);
    if (startedEmpty !== null && startedEmpty !== 'new index') {
      connection.close();
      removeFiles(filePath);
      connection = openConnection(driver, filePath);
    }
  } catch (error) {
    if (!isDamage(error)) throw error;
    removeFiles(filePath);
    connection = openConnection(driver, filePath);
    startedEmpty = 'index damaged';
  }
  if (startedEmpty !== null) {
    const writeMeta = connection.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)');
    connection.transaction(() => {
      writeMeta.run(['format', String(SEARCH_FORMAT)]);
      writeMeta.run(['schemaHash', identity.schemaHash]);
      writeMeta.run(['databaseToken', identity.databaseToken]);
    });
  }
  return createStore(connection, filePath, startedEmpty);
};

const createStore = (
  connection: SqliteConnection,
  filePath: string,
  startedEmpty: string | null,
): SearchStore => {
  const byKind = <T>(make: (kind: SearchKind) => T) =>
    Object.fromEntries(searchKinds.map((kind) => [kind, make(kind)])) as Record<SearchKind, T>;
  const insertTerms = byKind((kind) =>
    connection.prepare(
      `INSERT INTO ${tableOf(kind)} (rowid, title, body, tags) VALUES (?, ?, ?, ?)`,
    ),
  );
  const deleteTerms = byKind((kind) =>
    connection.prepare(`DELETE FROM ${tableOf(kind)} WHERE rowid = ?`),
  );
  const searches = new Map<SearchKind, SqliteStatement>();
  const mergeStep = byKind((kind) =>
    connection.prepare(`INSERT INTO ${tableOf(kind)} (${tableOf(kind)}, rank) VALUES ('merge', ?)`),
  );
  const written = new Set<SearchKind>();
  const totalChanges = connection.prepare('SELECT total_changes()');
  const changesSoFar = () => Number(totalChanges.rows()[0]?.[0] ?? 0);
  /** The tables not yet found in one segment by the current round of `mergeAll`. */
  let unmerged: SearchKind[] = [];
  const entryOf = connection.prepare(
    'SELECT rowid, kind FROM entries WHERE collection = ? AND id = ?',
  );
  const rowTaken = connection.prepare('SELECT 1 FROM entries WHERE rowid = ?');
  const lastRowFrom = connection.prepare(
    'SELECT max(rowid) FROM entries WHERE rowid >= ? AND rowid < ?',
  );
  const insertEntry = connection.prepare(
    'INSERT INTO entries (rowid, collection, id, kind) VALUES (?, ?, ?, ?)',
  );
  const deleteEntry = connection.prepare('DELETE FROM entries WHERE rowid = ?');
  const writeCheckpoint = connection.prepare(
    'INSERT OR REPLACE INTO checkpoints (collection, id, lwt) VALUES (?, ?, ?)',
  );
  const checkpoints = new Map<string, Checkpoint>(
    connection
      .prepare('SELECT collection, id, lwt FROM checkpoints')
      .rows()
      .map(([collection, id, lwt]) => [String(collection), { id: String(id), lwt: Number(lwt) }]),
  );

  // Typo tolerance compares typed words with the words the index knows, grouped by first letter.
  const vocabulary = new Map<string, Set<string>>();
  const learn = (terms: string) => {
    for (const term of terms.split(' ')) {
      if (term.length < 3) continue;
      const first = term.charAt(0);
      let group = vocabulary.get(first);
      if (!group) vocabulary.set(first, (group = new Set()));
      group.add(term);
    }
  };
  for (const kind of searchKinds) {
    connection.exec(
      `CREATE VIRTUAL TABLE IF NOT EXISTS temp.vocabulary_${kind} USING fts5vocab(main, ${tableOf(kind)}, 'col')`,
    );
    const rows = connection
      .prepare(
        `SELECT DISTINCT term FROM temp.vocabulary_${kind} WHERE col != 'tags' AND length(term) >= 3`,
      )
      .rows();
    learn(rows.map(([term]) => String(term)).join(' '));
  }

  const freeRow = (at: number): number => {
    const base = Math.floor(at) * ROWS_PER_MS;
    if (rowTaken.rows([base]).length === 0) return base;
    const last = lastRowFrom.rows([base, base + ROWS_PER_MS * 60_000])[0]?.[0];
    let row = (typeof last === 'number' ? last : base) + 1;
    while (rowTaken.rows([row]).length > 0) row += 1;
    return row;
  };

  const remove = (collection: string, id: string) => {
    const [found] = entryOf.rows([collection, id]);
    if (!found) return;
    const [row, kind] = found;
    deleteTerms[kind as SearchKind].run([row ?? null]);
    deleteEntry.run([row ?? null]);
  };

  return {
    filePath,
    startedEmpty,
    checkpoint: (collection) => checkpoints.get(collection),
    apply: (changes, reached) => {
      connection.transaction(() => {
        for (const { collection, id, entry } of changes) {
          remove(collection, id);
          if (!entry) continue;
          const row = freeRow(entry.at);
          insertTerms[entry.kind].run([row, entry.title, entry.body, entry.tags.join(' ')]);
          written.add(entry.kind);
          insertEntry.run([row, collection, id, entry.kind]);
        }
        for (const [collection, checkpoint] of Object.entries(reached)) {
          writeCheckpoint.run([collection, checkpoint.id, checkpoint.lwt]);
        }
      });
      // Only once committed: what a rolled-back write held is not remembered.
      for (const [collection, checkpoint] of Object.entries(reached)) {
        checkpoints.set(collection, checkpoint);
      }
      for (const { entry } of changes) if (entry) learn(`${entry.title} ${entry.body}`);
    },
    newest: (kind, match, limit) => {
      let statement = searches.get(kind);
      if (!statement) {
        const table = tableOf(kind);
        statement = connection.prepare(
          `SELECT e.id FROM (SELECT rowid FROM ${table} WHERE ${table} MATCH ? ORDER BY rowid DESC LIMIT ?) AS c
           JOIN entries e ON e.rowid = c.rowid ORDER BY c.rowid DESC`,
        );
        searches.set(kind, statement);
      }
      return statement.rows([match, limit]).map(([id]) => String(id));
    },
    termsStartingWith: (first) => vocabulary.get(first) ?? new Set<string>(),
    merge: (pages) => {
      for (const kind of written) mergeStep[kind].run([pages]);
      written.clear();
    },
    mergeAll: (pages) => {
      if (unmerged.length === 0) unmerged = [...searchKinds];
      const [kind] = unmerged;
      if (kind === undefined) return true;
      const before = changesSoFar();
      mergeStep[kind].run([-pages]);
      // SQLite's documented test: a step that wrote (almost) nothing had nothing left to merge.
      if (changesSoFar() - before < 2) unmerged.shift();
      return unmerged.length === 0;
    },
    segments: () =>
      byKind((kind) =>
        Number(
          connection
            .prepare(`SELECT count(DISTINCT segid) FROM ${tableOf(kind)}_idx`)
            .rows()[0]?.[0] ?? 0,
        ),
      ),
    size: () => Number(connection.prepare('SELECT count(*) FROM entries').rows()[0]?.[0] ?? 0),
    contents: () => {
      type Terms = { kind: SearchKind; title: string[]; body: string[]; tags: string[] };
      const byRow = new Map<number, Terms & { key: string }>();
      for (const [row, collection, id, kind] of connection
        .prepare('SELECT rowid, collection, id, kind FROM entries')
        .rows()) {
        byRow.set(Number(row), {
          key: `${String(collection)}/${String(id)}`,
          kind: kind as SearchKind,
          title: [],
          body: [],
          tags: [],
        });
      }
      for (const kind of searchKinds) {
        connection.exec(
          `CREATE VIRTUAL TABLE IF NOT EXISTS temp.instances_${kind} USING fts5vocab(main, ${tableOf(kind)}, 'instance')`,
        );
        for (const [term, row, column] of connection
          .prepare(`SELECT term, doc, col FROM temp.instances_${kind}`)
          .rows()) {
          const entry = byRow.get(Number(row));
          if (entry?.kind !== kind) throw new Error(`Row ${String(row)} has no entry of ${kind}.`);
          entry[String(column) as 'title' | 'body' | 'tags'].push(String(term));
        }
      }
      return new Map(
        [...byRow.values()].map(({ key, ...terms }) => [
          key,
          {
            ...terms,
            title: [...new Set(terms.title)].sort(),
            body: [...new Set(terms.body)].sort(),
            tags: [...new Set(terms.tags)].sort(),
          },
        ]),
      );
    },
    close: () => {
      connection.close();
    },
  };
};

/** Deletes an index file (and its WAL): the next open starts it empty. */
export const removeSearchStore = (filePath: string): void => {
  removeFiles(filePath);
};
