import { appendFileSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Clock } from './clock';
import type { Logger } from './logger';
import { describeDetail, redactText } from './redact';

export type LogLevel = 'info' | 'warn' | 'error';

export interface LogEntry {
  readonly at: string;
  readonly level: LogLevel;
  /** The message and its details, secrets removed. */
  readonly text: string;
}

/** What support needs from the log: where it is, and the last things that went wrong. */
export interface LogBook {
  readonly directory: string;
  /** Warnings and errors, oldest first, at most RECENT_PROBLEMS of them. */
  recentProblems(): readonly LogEntry[];
}

export interface FileLogger extends Logger, LogBook {
  /** The file being written now; older ones are `<name>.1.log` … `<name>.<maxFiles-1>.log`. */
  readonly file: string;
}

export interface FileLoggerOptions {
  readonly directory: string;
  readonly clock: Clock;
  /** Default `mmm` → `mmm.log`, `mmm.1.log`, … */
  readonly name?: string;
  /** A file is rotated once it would pass this size (default 1 MiB). */
  readonly maxBytes?: number;
  /** Files kept, the current one included (default 5): the log never takes more than ~5 MiB. */
  readonly maxFiles?: number;
  /** Also written here (the console), as before there was a file. */
  readonly echo?: Logger;
}

export const RECENT_PROBLEMS = 20;

/**
 * The app's log: lines appended to `<directory>/<name>.log`, rotated by size, with secrets removed
 * before anything is written. Writes are synchronous so a crash right after still leaves the line
 * on disk (the log is small and quiet); a log that cannot be written never stops the app.
 */
export const createFileLogger = (options: FileLoggerOptions): FileLogger => {
  const name = options.name ?? 'mmm';
  const maxBytes = options.maxBytes ?? 1024 * 1024;
  const maxFiles = Math.max(1, options.maxFiles ?? 5);
  const file = join(options.directory, `${name}.log`);
  const numbered = (n: number) => join(options.directory, `${name}.${n}.log`);
  const problems: LogEntry[] = [];
  let size: number | undefined;
  let broken = false;

  const currentSize = () => {
    if (size === undefined) {
      try {
        size = statSync(file).size;
      } catch {
        size = 0;
      }
    }
    return size;
  };

  const rotate = () => {
    rmSync(maxFiles > 1 ? numbered(maxFiles - 1) : file, { force: true });
    for (let n = maxFiles - 2; n >= 1; n -= 1) {
      try {
        renameSync(numbered(n), numbered(n + 1));
      } catch {
        // That generation does not exist yet.
      }
    }
    if (maxFiles > 1) renameSync(file, numbered(1));
    size = 0;
  };

  const write = (level: LogLevel, message: string, details: readonly unknown[]) => {
    const at = options.clock.now().toISOString();
    const text = [redactText(message), ...details.map(describeDetail)].join(' ');
    if (level !== 'info') {
      problems.push({ at, level, text });
      if (problems.length > RECENT_PROBLEMS) problems.shift();
    }
    if (broken) return;
    const line = `${at} ${level.toUpperCase().padEnd(5)} ${text.replace(/\n/g, '\n    ')}\n`;
    const bytes = Buffer.byteLength(line);
    try {
      mkdirSync(options.directory, { recursive: true });
      if (currentSize() > 0 && currentSize() + bytes > maxBytes) rotate();
      appendFileSync(file, line, { mode: 0o600 });
      size = currentSize() + bytes;
    } catch (error) {
      // Out of disk, read-only folder: say so once on the console and carry on without a file.
      broken = true;
      options.echo?.error(
        `The log file ${file} cannot be written; logging to the console only.`,
        error,
      );
    }
  };

  return {
    directory: options.directory,
    file,
    recentProblems: () => [...problems],
    info: (message, ...details) => {
      options.echo?.info(message, ...details);
      write('info', message, details);
    },
    warn: (message, ...details) => {
      options.echo?.warn(message, ...details);
      write('warn', message, details);
    },
    error: (message, ...details) => {
      options.echo?.error(message, ...details);
      write('error', message, details);
    },
  };
};
