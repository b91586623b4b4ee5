import { join } from 'node:path';
import type { Subscription } from 'rxjs';
import { appRoleOf } from '../../../shared/domain';
import type { AppDatabase } from '../database/app-database';
import type { Feature } from '../host/registry';
import type { SignedIn } from '../session/session-manager';
import type { SqliteDriver } from '../storage-sqlite';
import { requireWorkspace } from '../workspace';
import type { FeatureDeps } from '../workspace';
import { answerSearch } from './search-answers';
import { startSearchIndexer } from './search-indexer';
import type { SearchIndexer } from './search-indexer';

/**
 * The global search (Ctrl/Cmd+K): a full-text index of the signed-in person's database, opened
 * with it and closed with it (docs/SEARCH.md). Searches wait briefly for what was just written, so a
 * task created a moment ago is found.
 */

/** A search waits at most this long for the latest writes to be indexed. */
const FRESHNESS_WAIT_MS = 500;

/** The index file beside the person's database. */
export const searchIndexPath = (dataDir: string, databaseName: string): string =>
  join(dataDir, 'databases', `${encodeURIComponent(databaseName)}.search.sqlite`);

export interface Search {
  readonly features: Feature[];
  /** The signed-in person's index (tests and the benchmark watch it). */
  readonly indexer: () => Promise<SearchIndexer | undefined>;
  close(): Promise<void>;
}

export const createSearch = (deps: FeatureDeps & { readonly driver?: SqliteDriver }): Search => {
  let open: { database: AppDatabase; indexer: Promise<SearchIndexer | undefined> } | undefined;
  // Opening waits for the last index to close: the file is locked while it is open.
  let turn: Promise<unknown> = Promise.resolve();

  const stop = () => {
    const closing = open?.indexer;
    open = undefined;
    turn = turn
      .then(async () => (await closing)?.close())
      .catch((error: unknown) => {
        deps.logger.error('Search: closing the index failed.', error);
      });
  };
  const start = (signedIn: SignedIn) => {
    const role = appRoleOf(signedIn.user.roles);
    // An applicant without a role searches nothing (requireWorkspace refuses them).
    if (!role) return;
    const { database } = signedIn;
    const indexer = turn.then(() =>
      startSearchIndexer({
        database,
        filePath: searchIndexPath(deps.dataDir, database.name),
        owner: { id: signedIn.user.name, role },
        logger: deps.logger,
        ...(deps.driver ? { driver: deps.driver } : {}),
      }).catch((error: unknown) => {
        deps.logger.error('Search: the index could not be opened.', error);
        return undefined;
      }),
    );
    turn = indexer;
    open = { database, indexer };
  };
  const subscription: Subscription = deps.sessions.current$.subscribe((signedIn) => {
    if (signedIn?.database === open?.database) return;
    stop();
    if (signedIn) start(signedIn);
  });

  const indexer = async () => open?.indexer;

  return {
    indexer,
    close: async () => {
      subscription.unsubscribe();
      stop();
      await turn;
    },
    features: [
      {
        name: 'search',
        commands: {
          'search.find': async (input) => {
            const workspace = requireWorkspace(deps);
            const current = open?.database === workspace.database ? await open.indexer : undefined;
            if (!current) return { hits: [], indexing: { done: 0, total: 0 } };
            // While a new index is built, answer at once from what it holds so far.
            if (!current.building()) await current.settled(FRESHNESS_WAIT_MS);
            const answer = await answerSearch(workspace, current.store(), input);
            return { ...answer, indexing: current.progress() };
          },
        },
      },
    ],
  };
};
