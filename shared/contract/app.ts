import { z } from 'zod';
import { command, liveQuery } from './define';

export const appModes = ['electron', 'browser'] as const;
export type AppMode = (typeof appModes)[number];

export interface AppInfo {
  readonly name: string;
  readonly version: string;
  /** Where this installation keeps its database and settings. */
  readonly dataDir: string;
  readonly mode: AppMode;
  readonly platform: string;
  readonly startedAt: string;
  /** The sync server this installation suggests at sign-in (the embedded one, when it runs). */
  readonly defaultServerUrl: string | null;
  /** Where the log files are (null: the console only). */
  readonly logsDir: string | null;
  /** Where browser-mode backups and the copies kept before a restore go. */
  readonly backupsDir: string;
}

export interface ClockTick {
  /** ISO timestamp of the tick. */
  readonly now: string;
  /** Ticks since the subscription began, starting at 0. */
  readonly sequence: number;
}

const noInput = z.object({}).strict();

export const appContract = {
  'app.info': command<AppInfo>()(noInput, 'Version, data directory and mode of this installation.'),
  'app.clock': liveQuery<ClockTick>()(noInput, 'The host clock, once now and then every second.'),
};
