import type { AppMode } from '../../shared/contract';
import { databaseFor } from '../../shared/sync/database-names';
import { createAppFeature } from './app/app-feature';
import type { AppDatabase } from './database/app-database';
import type { ConflictHooks } from './database/conflict-handler';
import { createHost } from './host/host';
import type { Host } from './host/host';
import type { Clock } from './platform/clock';
import type { Logger } from './platform/logger';
import type { SecretStore } from './session/secret-store';
import { createSessionFeatures } from './session/session-feature';
import { createSessionManager } from './session/session-manager';

/** Everything the core needs from its platform, passed in (DESIGN §3 rule 4). */
export interface AppHostDeps {
  readonly clock: Clock;
  readonly dataDir: string;
  readonly mode: AppMode;
  readonly version: string;
  readonly platform: string;
  readonly logger: Logger;
  readonly fetch: typeof fetch;
  /** safeStorage in the desktop app, a 0600 file in browser mode, memory in tests. */
  readonly secrets: SecretStore;
  /** SQLite in the app, memory storage in tests. */
  readonly openDatabase: (name: string, conflicts: ConflictHooks) => Promise<AppDatabase>;
}

export interface AppHost extends Host {
  /** Stops sync and closes the database. */
  close(): Promise<void>;
}

/** The composition root of the core: every feature, wired to the platform it was given. */
export const createAppHost = (deps: AppHostDeps): AppHost => {
  const sessions = createSessionManager({
    fetch: deps.fetch,
    secrets: deps.secrets,
    clock: deps.clock,
    logger: deps.logger,
    openDatabase: deps.openDatabase,
    databaseFor,
  });
  const host = createHost(
    [createAppFeature(deps), ...createSessionFeatures(sessions)],
    deps.logger,
  );
  return { ...host, close: () => sessions.close() };
};
