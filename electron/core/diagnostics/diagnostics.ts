import { stat } from 'node:fs/promises';
import { arch, release } from 'node:os';
import { basename } from 'node:path';
import { firstValueFrom, timeout } from 'rxjs';
import type { Observable } from 'rxjs';
import type { AppMode, DiagnosticsReport, SyncIssue, SyncStatus } from '../../../shared/contract';
import { backupFolder } from '../backup/folders';
import type { DatabaseFiles } from '../database/sqlite-databases';
import type { Feature } from '../host/registry';
import type { Clock } from '../platform/clock';
import type { LogBook } from '../platform/file-logger';
import { redactText } from '../platform/redact';
import { localDatabaseName } from '../session/session-manager';
import type { SessionManager, SignedIn } from '../session/session-manager';

export interface DiagnosticsDeps {
  readonly sessions: SessionManager;
  readonly clock: Clock;
  readonly dataDir: string;
  readonly version: string;
  readonly mode: AppMode;
  readonly platform: string;
  /** process.versions: Electron adds its own and Chromium's. */
  readonly runtimeVersions: Readonly<Record<string, string | undefined>>;
  readonly logBook?: LogBook;
  readonly databases?: DatabaseFiles;
}

const modeNames: Record<AppMode, string> = { electron: 'desktop app', browser: 'browser mode' };
const RUNTIMES = ['electron', 'chrome', 'node', 'v8'] as const;

const firstOf = <T>(source: Observable<T>) =>
  firstValueFrom(source.pipe(timeout({ first: 2000 }))).catch(() => undefined);

const megabytes = (bytes: number) => `${(bytes / (1024 * 1024)).toFixed(1)} MB`;

const databaseLine = async (deps: DiagnosticsDeps, current: SignedIn) => {
  const name = localDatabaseName(current.serverUrl, current.user.name);
  if (!deps.databases) return `Local database: ${name} (in memory)`;
  const path = deps.databases.filePath(name);
  const sizes = await Promise.all(
    ['', '-wal'].map((suffix) =>
      stat(path + suffix).then(
        (s) => s.size,
        () => 0,
      ),
    ),
  );
  return `Local database: ${basename(path)}, ${megabytes(sizes[0] ?? 0)} (+ ${megabytes(sizes[1] ?? 0)} not yet checkpointed)`;
};

const syncLines = (status: SyncStatus | undefined, issues: readonly SyncIssue[] | undefined) => {
  if (!status) return ['Sync: no answer from the sync engine'];
  const count = (kind: SyncIssue['kind']) => (issues ?? []).filter((i) => i.kind === kind).length;
  return [
    `Sync: ${status.state}; last synced ${status.lastSyncedAt ?? 'never'}; ` +
      `${status.outboxTotal} change(s) not on the server yet; error: ${status.error ?? 'none'}`,
    `Sync issues: ${count('rejected')} refused, ${count('conflict')} conflict(s), ${count('invalid')} misfit(s)`,
  ];
};

/**
 * The support report behind "Copy diagnostics": what runs where, the sync state and the last
 * problems from the log. It names the server and the person (support needs them) but never a
 * password, cookie or token — and the whole text goes through the log's redaction once more.
 */
export const collectDiagnostics = async (deps: DiagnosticsDeps): Promise<DiagnosticsReport> => {
  const generatedAt = deps.clock.now().toISOString();
  const versions = RUNTIMES.filter((name) => deps.runtimeVersions[name])
    .map((name) => `${name} ${deps.runtimeVersions[name] ?? ''}`)
    .join(' · ');
  const lines = [
    `MMM Mentor Manager ${deps.version} (${modeNames[deps.mode]})`,
    `Report made: ${generatedAt}`,
    `System: ${deps.platform} ${release()} (${arch()})`,
    `Versions: ${versions}`,
    `Data folder: ${deps.dataDir}`,
    `Logs folder: ${deps.logBook?.directory ?? 'none (logging to the console only)'}`,
    `Backups folder: ${backupFolder(deps.dataDir)}`,
  ];
  const current = deps.sessions.current();
  if (current) {
    const [status, issues] = await Promise.all([
      firstOf(current.engine.status$),
      firstOf(current.issues.issues$),
    ]);
    lines.push(
      `Signed in: ${current.user.name} (${current.user.roles.join(', ') || 'no role'}) on ${current.serverUrl}` +
        (current.offline ? ', offline sign-in' : ''),
      await databaseLine(deps, current),
      ...syncLines(status, issues),
    );
  } else {
    lines.push('Signed in: nobody');
  }
  const problems = deps.logBook?.recentProblems() ?? [];
  lines.push(
    problems.length === 0 ? 'Recent problems: none' : 'Recent problems (oldest first):',
    ...problems.map((p) => `  ${p.at} ${p.level.toUpperCase()} ${p.text.split('\n')[0] ?? ''}`),
  );
  return { generatedAt, text: redactText(lines.join('\n')) };
};

export const createDiagnosticsFeature = (deps: DiagnosticsDeps): Feature => ({
  name: 'diagnostics',
  commands: {
    'diagnostics.collect': () => collectDiagnostics(deps),
  },
});
