import { Observable } from 'rxjs';
import type { AppMode } from '../../../shared/contract';
import { backupFolder } from '../backup/folders';
import type { Feature } from '../host/registry';
import type { Clock } from '../platform/clock';

export interface AppFeatureDeps {
  readonly clock: Clock;
  readonly dataDir: string;
  readonly mode: AppMode;
  readonly version: string;
  readonly platform: string;
  readonly defaultServerUrl?: string;
  /** The log files' folder; none when the app logs to the console only. */
  readonly logsDir?: string | null;
}

export const CLOCK_TICK_MS = 1000;

export const createAppFeature = (deps: AppFeatureDeps): Feature => {
  const startedAt = deps.clock.now().toISOString();
  return {
    name: 'app',
    commands: {
      'app.info': () => ({
        name: 'MMM Mentor Manager',
        version: deps.version,
        dataDir: deps.dataDir,
        mode: deps.mode,
        platform: deps.platform,
        startedAt,
        defaultServerUrl: deps.defaultServerUrl ?? null,
        logsDir: deps.logsDir ?? null,
        backupsDir: backupFolder(deps.dataDir),
      }),
    },
    liveQueries: {
      'app.clock': () =>
        new Observable((subscriber) => {
          let sequence = 0;
          const emit = () => {
            subscriber.next({ now: deps.clock.now().toISOString(), sequence: sequence++ });
          };
          emit();
          return deps.clock.every(CLOCK_TICK_MS, emit);
        }),
    },
  };
};
