import { randomBytes } from 'node:crypto';
import type { AppMode } from '../../shared/contract';
import type { RandomBytes } from '../../shared/domain';
import { createAppFeature } from './app/app-feature';
import { createBackupFeature } from './backup/backup-feature';
import type { BackupDialogs } from './backup/backup-feature';
import { createDashboardFeatures } from './dashboard/dashboard-feature';
import type { AppDatabase } from './database/app-database';
import type { ConflictHooks } from './database/conflict-handler';
import type { DatabaseFiles } from './database/sqlite-databases';
import { createDiagnosticsFeature } from './diagnostics/diagnostics';
import { createFiles } from './files/files-feature';
import { createHost } from './host/host';
import type { Host } from './host/host';
import { createNotificationsFeatures } from './notifications/notifications-feature';
import { createPeopleFeatures } from './people/people-feature';
import type { Clock } from './platform/clock';
import type { LogBook } from './platform/file-logger';
import type { Logger } from './platform/logger';
import { createProgrammesFeatures } from './programmes/programmes-feature';
import { createReferenceListsFeatures } from './reference-lists/reference-lists-feature';
import { createReportsFeatures } from './reports/reports-feature';
import { createSearch } from './search/search-feature';
import type { Search } from './search/search-feature';
import type { SecretStore } from './session/secret-store';
import { createSessionFeatures } from './session/session-feature';
import { createSessionManager } from './session/session-manager';
import { createTasksFeatures } from './tasks/tasks-feature';
import type { FeatureDeps, PdfPrinter } from './workspace';
import { createCertificatesFeatures } from './certificates/certificates-feature';
import { createChatsFeatures } from './chats/chats-feature';
import { createForumFeatures } from './forum/forum-feature';
import { createOrganisationFeatures } from './organisation/organisation-feature';

/** Everything the core needs from its platform, passed in (DESIGN §3 rule 4). */
export interface AppHostDeps {
  readonly clock: Clock;
  readonly dataDir: string;
  /** The app's read-only resources (fonts, icon): the repository's `resources/`, or the package's. */
  readonly resourcesDir: string;
  readonly mode: AppMode;
  readonly version: string;
  readonly platform: string;
  readonly logger: Logger;
  readonly fetch: typeof fetch;
  /** safeStorage in the desktop app, a 0600 file in browser mode, memory in tests. */
  readonly secrets: SecretStore;
  /** SQLite in the app, memory storage in tests. */
  readonly openDatabase: (name: string, conflicts: ConflictHooks) => Promise<AppDatabase>;
  /** Random bytes for new ids; the system's by default, seeded in tests. */
  readonly random?: RandomBytes;
  /** The sync server the sign-in screen suggests (the embedded one, when it runs). */
  readonly defaultServerUrl?: string;
  /** The log file's folder and its recent problems, for diagnostics (absent: console only). */
  readonly logBook?: LogBook;
  /** The SQLite files behind `openDatabase`, for backups (absent on memory storage). */
  readonly databaseFiles?: DatabaseFiles;
  /** Native file dialogs in the desktop app; without them backups go to `<dataDir>/backups`. */
  readonly backupDialogs?: BackupDialogs;
  /** The most bytes of files one person may upload (docs/FILES.md "Quota"); 200 MB unless said. */
  readonly filesQuotaBytes?: number;
  /** process.versions by default; Electron's include electron and chrome. */
  readonly runtimeVersions?: Readonly<Record<string, string | undefined>>;
  /** The desktop app's print dialog for PDFs (electron/main/print-pdf.ts); browser mode has none. */
  readonly printer?: PdfPrinter;
}

export interface AppHost extends Host {
  /** The signed-in person's search index, for tests and the benchmark. */
  searchIndexer: Search['indexer'];
  /** Stops sync and closes the database. */
  close(): Promise<void>;
}

const systemRandom: RandomBytes = (length) => new Uint8Array(randomBytes(length));

/** The composition root of the core: every feature, wired to the platform it was given. */
export const createAppHost = (deps: AppHostDeps): AppHost => {
  const sessions = createSessionManager({
    fetch: deps.fetch,
    secrets: deps.secrets,
    clock: deps.clock,
    logger: deps.logger,
    openDatabase: deps.openDatabase,
  });
  const featureDeps: FeatureDeps = {
    sessions,
    clock: deps.clock,
    random: deps.random ?? systemRandom,
    logger: deps.logger,
    fetch: deps.fetch,
    dataDir: deps.dataDir,
    resourcesDir: deps.resourcesDir,
    secrets: deps.secrets,
    ...(deps.printer ? { printer: deps.printer } : {}),
  };
  const backup = createBackupFeature({
    sessions,
    clock: deps.clock,
    logger: deps.logger,
    dataDir: deps.dataDir,
    version: deps.version,
    ...(deps.databaseFiles ? { databases: deps.databaseFiles } : {}),
    ...(deps.backupDialogs ? { dialogs: deps.backupDialogs } : {}),
  });
  const search = createSearch(featureDeps);
  const files = createFiles(
    featureDeps,
    deps.filesQuotaBytes === undefined ? {} : { quotaBytes: deps.filesQuotaBytes },
  );
  const host = createHost(
    [
      createAppFeature({ ...deps, logsDir: deps.logBook?.directory ?? null }),
      ...createSessionFeatures(featureDeps),
      ...createPeopleFeatures(featureDeps),
      ...createReferenceListsFeatures(featureDeps),
      ...createProgrammesFeatures(featureDeps),
      ...createTasksFeatures(featureDeps),
      ...createReportsFeatures(featureDeps),
      ...createCertificatesFeatures(featureDeps, files),
      ...createOrganisationFeatures(featureDeps, files),
      ...createChatsFeatures(featureDeps, files),
      ...createForumFeatures(featureDeps),
      ...createDashboardFeatures(featureDeps),
      ...search.features,
      ...files.features,
      ...createNotificationsFeatures(featureDeps),
      backup.feature,
      createDiagnosticsFeature({
        sessions,
        clock: deps.clock,
        dataDir: deps.dataDir,
        version: deps.version,
        mode: deps.mode,
        platform: deps.platform,
        runtimeVersions: deps.runtimeVersions ?? process.versions,
        ...(deps.logBook ? { logBook: deps.logBook } : {}),
        ...(deps.databaseFiles ? { databases: deps.databaseFiles } : {}),
      }),
    ],
    deps.logger,
  );
  return {
    ...host,
    searchIndexer: search.indexer,
    close: async () => {
      files.close();
      await sessions.close();
      await search.close();
      await backup.close();
    },
  };
};
