// The alternative the search benchmark measures beside the FTS5 index: MiniSearch, in memory,
// persisted as one JSON snapshot. It indexes the same entries (search-entries `entryOf`: the same
// folded terms, CJK pairs and permission tags) and answers through the same search.find pipeline
// (`answerSearchWith`): only the index differs. Its own prefix and fuzzy matching stand in for
// the FTS5 side's prefix queries and typo alternatives, its BM25 score with a recency boost for
// FTS5's newest-first order.
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import MiniSearch from 'minisearch';
import type { Options, SearchResult } from 'minisearch';
import { getChangedDocumentsSince } from 'rxdb';
import type { RxCollection, RxDocumentData } from 'rxdb';
import type { Subscription } from 'rxjs';
import type { SearchKind } from '../../shared/contract';
import type { Actor } from '../../shared/domain';
import type { AppDatabase } from '../../electron/core/database/app-database';
import { tagsSatisfy } from '../../electron/core/search/search-access';
import { candidatesOf } from '../../electron/core/search/search-answers';
import type { SearchFinder } from '../../electron/core/search/search-answers';
import { entryOf, indexedCollectionNames } from '../../electron/core/search/search-entries';
import type { IndexedCollection } from '../../electron/core/search/search-entries';
import { typosAllowed } from '../../electron/core/search/search-query';

interface MiniDoc {
  /** `collection/id`: MiniSearch wants one id field, unique across kinds. */
  readonly key: string;
  readonly id: string;
  readonly kind: SearchKind;
  readonly title: string;
  readonly body: string;
  readonly tags: readonly string[];
  readonly at: number;
}

type AnyDoc = RxDocumentData<Record<string, unknown>> & { readonly id: string };

// The entries' title and body are terms already, folded and space-separated.
const terms = (text: string) => (text === '' ? [] : text.split(' '));
const options: Options<MiniDoc> = {
  idField: 'key',
  fields: ['title', 'body'],
  storeFields: ['id', 'kind', 'tags', 'at'],
  tokenize: terms,
  processTerm: (term) => term,
};

const miniDocOf = (collection: IndexedCollection, doc: AnyDoc, owner: Actor): MiniDoc | null => {
  if (doc._deleted) return null;
  const entry = entryOf(collection, doc as never, owner);
  return entry ? { key: `${collection}/${doc.id}`, id: doc.id, ...entry } : null;
};

export interface MiniSearchIndex {
  readonly index: MiniSearch<MiniDoc>;
  /** Writes the whole index as JSON (MiniSearch has no incremental persistence): its size. */
  snapshot(filePath: string): number;
  close(): void;
}

/** Follows the change streams: each written document is indexed as its write is announced. */
const wrap = (index: MiniSearch<MiniDoc>, database: AppDatabase, owner: Actor): MiniSearchIndex => {
  const subscriptions: Subscription[] = indexedCollectionNames.map((name) =>
    (database[name] as unknown as RxCollection).eventBulks$.subscribe((bulk) => {
      for (const event of bulk.events) {
        const doc = event.documentData as unknown as AnyDoc;
        const key = `${name}/${doc.id}`;
        if (index.has(key)) index.discard(key);
        const mini = miniDocOf(name, doc, owner);
        if (mini) index.add(mini);
      }
    }),
  );
  return {
    index,
    snapshot: (filePath) => {
      writeFileSync(filePath, JSON.stringify(index));
      return statSync(filePath).size;
    },
    close: () => {
      for (const subscription of subscriptions) subscription.unsubscribe();
    },
  };
};

/** Builds the index from every document of the database, as the FTS5 side's first catch-up does. */
export const buildMiniSearch = async (
  database: AppDatabase,
  owner: Actor,
): Promise<MiniSearchIndex> => {
  const index = new MiniSearch<MiniDoc>(options);
  for (const name of indexedCollectionNames) {
    const storage = (database[name] as unknown as RxCollection).storageInstance;
    let checkpoint: unknown;
    for (;;) {
      const page = await getChangedDocumentsSince(storage, 2_000, checkpoint as never);
      if (page.documents.length === 0) break;
      index.addAll(page.documents.flatMap((doc) => miniDocOf(name, doc as AnyDoc, owner) ?? []));
      checkpoint = page.checkpoint;
    }
  }
  return wrap(index, database, owner);
};

/** Opens a snapshot written by `snapshot`. */
export const loadMiniSearch = (
  filePath: string,
  database: AppDatabase,
  owner: Actor,
): MiniSearchIndex =>
  wrap(MiniSearch.loadJSON<MiniDoc>(readFileSync(filePath, 'utf8'), options), database, owner);

const DAY = 86_400_000;

/**
 * MiniSearch as search.find's finder: one search per query (every word, the last as a prefix,
 * typos within the same edits as the FTS5 side), its results split by kind and the person's
 * scope, best first; newer documents weigh more (halved at 90 days).
 */
export const miniSearchFinder =
  (index: MiniSearch<MiniDoc>, now: number): SearchFinder =>
  (typed) => {
    let results: SearchResult[] | undefined;
    const search = () =>
      (results ??= index.search(typed.terms.join(' '), {
        combineWith: 'AND',
        prefix: (term) => term === typed.prefix,
        fuzzy: (term) => typosAllowed(term) || false,
        boost: { title: 2 },
        boostDocument: (_id, _term, stored) =>
          1 / (1 + Math.max(0, now - Number(stored?.['at'] ?? 0)) / (90 * DAY)),
      }));
    return (kind, condition) => {
      const limit = candidatesOf(kind);
      const ids: string[] = [];
      const matched = new Set<string>();
      for (const result of search()) {
        if (result['kind'] !== kind) continue;
        if (!tagsSatisfy(condition, new Set(result['tags'] as string[]))) continue;
        ids.push(String(result['id']));
        for (const term of result.terms) matched.add(term);
        if (ids.length >= limit) break;
      }
      return { ids, alternatives: [...matched] };
    };
  };
