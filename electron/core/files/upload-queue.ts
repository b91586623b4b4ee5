import { mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BehaviorSubject } from 'rxjs';
import type { Observable } from 'rxjs';
import { z } from 'zod';
import { HostFailure } from '../../../shared/contract';
import { hexOfRef } from '../../../shared/domain/files';
import type { Logger } from '../platform/logger';
import type { ServerAccess } from '../sync/server-access';
import type { FileStore } from './file-store';
import { sendFile, sendFiles } from './file-transfer';
import type { BatchedFile, SendOutcome } from './file-transfer';

/**
 * Files uploaded on this machine and not yet on the server (docs/FILES.md): one small JSON file
 * each in `<data folder>/files/outbox/`, beside the bytes — outside RxDB, whose 13 collections are
 * all in use. An entry stays until the server has the file, so an upload made offline, or cut
 * short by a dropped connection or a restart, is sent when the server is next reachable; the
 * server is asked first, so a file is never sent twice.
 */
const entrySchema = z.object({
  ref: z.string(),
  /** The database the file goes into (shared/sync/layout `uploadScopeOf`). */
  database: z.string(),
  serverUrl: z.string(),
  createdBy: z.string(),
  name: z.string(),
  mimeType: z.string(),
  size: z.number(),
  queuedAt: z.string(),
  /** The server's reason when it would not take the file (sending again will not help). */
  refused: z.string().optional(),
  /** Set before the first try: a later one asks the server whether that one reached it. */
  tried: z.boolean().optional(),
});
export type UploadEntry = z.infer<typeof entrySchema>;

/** Whose uploads, to which server. */
export interface Uploader {
  readonly serverUrl: string;
  readonly name: string;
}

/** Whether an entry is this person's, for this server. */
export const isUploadOf = (entry: UploadEntry, who: Uploader): boolean =>
  entry.serverUrl === who.serverUrl && entry.createdBy === who.name;

export interface UploadQueue {
  add(entry: UploadEntry): Promise<void>;
  /** Everything waiting, oldest first (refused ones too, with the server's reason). */
  list(): Promise<readonly UploadEntry[]>;
  /**
   * Sends what waits for this person on this server, small new files several to a request.
   * Resolves true when nothing of theirs is left to send (refused ones aside), false when it must
   * be tried again (the server unreachable, or busy). One drain at a time; a call during one waits for it.
   */
  drain(server: ServerAccess, who: Uploader): Promise<boolean>;
  /**
   * A refused file of this person's goes again at the next drain (room freed under the quota, a
   * rule changed). False when they have no refused file by that reference.
   */
  sendAgain(ref: string, who: Uploader): Promise<boolean>;
  /**
   * Gives up a refused file of this person's: its entry goes, its bytes stay on this machine
   * (documents here may show them) until nothing refers to them. False when there is none.
   */
  drop(ref: string, who: Uploader): Promise<boolean>;
  /** The entries, each time they change (the sync panel's outbox). */
  readonly entries$: Observable<readonly UploadEntry[]>;
  /**
   * How far each file being sent is, 0 to 1, by its entry's key (`keyOf`); a file not being sent
   * is not there. Changes by whole percents.
   */
  readonly progress$: Observable<ReadonlyMap<string, number>>;
}

/** An entry's key: the file and the database it goes into. */
export const keyOf = (entry: Pick<UploadEntry, 'ref' | 'database'>): string =>
  `${entry.ref}~${entry.database}`;

/** Requests sent at once. */
const PARALLEL_UPLOADS = 4;
/**
 * Files this small go to the server several to a request, new ones only (one tried before is
 * asked for first, alone); bigger ones go alone, with their progress. A batch holds at most
 * `BATCH_FILES` files and `BATCH_BYTES` bytes (measured: 100 pictures of 20 KB one request each
 * took 2.6–3.5× a plain PUT and GET of the same bytes).
 */
const BATCHED_FILE_BYTES = 256 * 1024;
const BATCH_FILES = 25;
const BATCH_BYTES = 2 * 1024 * 1024;

type Outcome = 'done' | 'later' | 'offline';
const worst = (outcomes: readonly Outcome[]): Outcome =>
  outcomes.includes('offline') ? 'offline' : outcomes.includes('later') ? 'later' : 'done';

/** The work of a drain: single entries, and batches of small new files for one database. */
const batchesOf = (entries: readonly UploadEntry[]): UploadEntry[][] => {
  const jobs: UploadEntry[][] = [];
  const open = new Map<string, UploadEntry[]>();
  for (const entry of entries) {
    if (entry.tried === true || entry.size > BATCHED_FILE_BYTES) {
      jobs.push([entry]);
      continue;
    }
    const batch = open.get(entry.database) ?? [];
    const bytes = batch.reduce((sum, each) => sum + each.size, 0);
    if (batch.length >= BATCH_FILES || bytes + entry.size > BATCH_BYTES) {
      jobs.push(batch);
      open.set(entry.database, [entry]);
    } else open.set(entry.database, [...batch, entry]);
  }
  for (const batch of open.values()) if (batch.length > 0) jobs.push(batch);
  return jobs;
};

const fileNameOf = (entry: Pick<UploadEntry, 'ref' | 'database'>) =>
  `${hexOfRef(entry.ref) ?? 'invalid'}~${entry.database}.json`;

export const createUploadQueue = (options: {
  readonly directory: string;
  readonly store: FileStore;
  readonly logger: Logger;
}): UploadQueue => {
  const entries$ = new BehaviorSubject<readonly UploadEntry[]>([]);
  const progress$ = new BehaviorSubject<ReadonlyMap<string, number>>(new Map());
  const setProgress = (key: string, fraction: number | undefined) => {
    const next = new Map(progress$.value);
    if (fraction === undefined) next.delete(key);
    else next.set(key, fraction);
    progress$.next(next);
  };
  const read = async (): Promise<UploadEntry[]> => {
    let names: string[];
    try {
      names = await readdir(options.directory);
    } catch {
      return [];
    }
    const entries: UploadEntry[] = [];
    for (const name of names.filter((each) => each.endsWith('.json'))) {
      try {
        const parsed = entrySchema.safeParse(
          JSON.parse(await readFile(join(options.directory, name), 'utf8')),
        );
        if (parsed.success) entries.push(parsed.data);
        else options.logger.warn(`files: an unreadable upload entry ${name} is left alone`);
      } catch {
        // Being written or removed right now: the next read sees it settled.
      }
    }
    return entries.sort((a, b) => a.queuedAt.localeCompare(b.queuedAt));
  };
  const publish = async () => {
    entries$.next(await read());
  };
  // Within a drain the list is kept in memory: reading the folder again after each of 100 files
  // made the drain quadratic.
  const settle = (entry: UploadEntry, replacement?: UploadEntry) => {
    const others = entries$.value.filter((each) => fileNameOf(each) !== fileNameOf(entry));
    entries$.next(replacement ? [...others, replacement] : others);
  };
  const write = async (entry: UploadEntry) => {
    await mkdir(options.directory, { recursive: true });
    const path = join(options.directory, fileNameOf(entry));
    // Renamed into place: a crash never leaves half an entry.
    await writeFile(`${path}.${process.pid}.tmp`, JSON.stringify(entry));
    await rename(`${path}.${process.pid}.tmp`, path);
  };
  const remove = (entry: UploadEntry) =>
    rm(join(options.directory, fileNameOf(entry)), { force: true });

  const sendAll = async (server: ServerAccess, who: Uploader) => {
    const waiting = await read();
    entries$.next(waiting);
    /**
     * `done`: sent, or settled as refused; `later`: this file not now (a chat's database not open
     * yet), the others go on; `offline`: the server did not answer, the drain stops.
     */
    const sendOne = async (entry: UploadEntry): Promise<Outcome> => {
      const hex = hexOfRef(entry.ref);
      const file = await options.store.get(entry.ref);
      if (hex === undefined || file === undefined) {
        const refused = { ...entry, refused: 'The file is no longer on this machine.' };
        await write(refused);
        settle(entry, refused);
        return 'done';
      }
      if (entry.tried !== true) await write({ ...entry, tried: true });
      const key = keyOf(entry);
      const onSent = (sent: number, total: number) => {
        const fraction = total === 0 ? 1 : Math.floor((sent / total) * 100) / 100;
        if (progress$.value.get(key) !== fraction) setProgress(key, fraction);
      };
      try {
        const outcome = await sendFile(
          server,
          {
            database: entry.database,
            hex,
            bytes: file.bytes,
            mimeType: entry.mimeType,
            createdBy: entry.createdBy,
          },
          entry.tried === true,
          onSent,
        );
        if (outcome.kind === 'sent' || outcome.kind === 'there') {
          await remove(entry);
          settle(entry);
        } else if (outcome.kind === 'refused') {
          const refused = { ...entry, tried: true, refused: outcome.reason };
          await write(refused);
          settle(entry, refused);
        } else return 'later';
        return 'done';
      } catch (error) {
        if (error instanceof HostFailure && error.code === 'unavailable') return 'offline';
        throw error;
      } finally {
        setProgress(key, undefined);
      }
    };
    // A few requests at a time, small files several to one: a hundred small pictures are round
    // trips more than bytes.
    const mine = waiting.filter((entry) => entry.refused === undefined && isUploadOf(entry, who));
    /** A batch: what its answer leaves unsure goes alone, asked for first. */
    const sendBatch = async (batch: readonly UploadEntry[]): Promise<Outcome> => {
      const files: { entry: UploadEntry; file: BatchedFile }[] = [];
      const outcomesOfAlone: Outcome[] = [];
      for (const entry of batch) {
        const hex = hexOfRef(entry.ref);
        const stored = await options.store.get(entry.ref);
        if (hex === undefined || stored === undefined) {
          outcomesOfAlone.push(await sendOne(entry)); // records it as gone
          continue;
        }
        files.push({
          entry,
          file: { hex, bytes: stored.bytes, mimeType: entry.mimeType, createdBy: entry.createdBy },
        });
      }
      if (files.length === 0) return worst(outcomesOfAlone);
      const database = files[0]?.entry.database ?? '';
      await Promise.all(files.map(({ entry }) => write({ ...entry, tried: true })));
      let outcomes: ReadonlyMap<string, SendOutcome>;
      try {
        outcomes = await sendFiles(
          server,
          database,
          files.map(({ file }) => file),
        );
      } catch (error) {
        if (error instanceof HostFailure && error.code === 'unavailable') return 'offline';
        throw error;
      }
      for (const { entry, file } of files) {
        const outcome = outcomes.get(file.hex);
        if (outcome?.kind === 'sent' || outcome?.kind === 'there') {
          await remove(entry);
          settle(entry);
        } else {
          const alone = await sendOne({ ...entry, tried: true });
          outcomesOfAlone.push(alone);
          if (alone === 'offline') break;
        }
      }
      return worst(outcomesOfAlone);
    };
    const jobs = batchesOf(mine);
    let next = 0;
    const outcomes: Outcome[] = [];
    // A file that must wait (a chat's database not open yet) holds back no other; a server that
    // does not answer stops the drain.
    const worker = async () => {
      while (!outcomes.includes('offline') && next < jobs.length) {
        const job = jobs[next];
        next += 1;
        if (!job) continue;
        outcomes.push(job.length === 1 && job[0] ? await sendOne(job[0]) : await sendBatch(job));
      }
    };
    await Promise.all(Array.from({ length: PARALLEL_UPLOADS }, worker));
    return worst(outcomes) === 'done';
  };

  const refusedOf = async (ref: string, who: Uploader) => {
    await loaded;
    return entries$.value.filter(
      (entry) => entry.ref === ref && entry.refused !== undefined && isUploadOf(entry, who),
    );
  };
  let running: Promise<boolean> | undefined;
  const loaded = publish();
  return {
    entries$: entries$.asObservable(),
    progress$: progress$.asObservable(),
    add: async (entry) => {
      await loaded;
      await write(entry);
      // The list kept in memory, not the folder read again: adding 100 files read it 100 times.
      const others = entries$.value.filter((each) => fileNameOf(each) !== fileNameOf(entry));
      entries$.next([...others, entry].sort((a, b) => a.queuedAt.localeCompare(b.queuedAt)));
    },
    list: read,
    sendAgain: async (ref, who) => {
      const refused = (await refusedOf(ref, who)).map(({ refused: _r, ...entry }) => entry);
      for (const entry of refused) {
        await write(entry);
        settle(entry, entry);
      }
      return refused.length > 0;
    },
    drop: async (ref, who) => {
      const refused = await refusedOf(ref, who);
      for (const entry of refused) {
        await remove(entry);
        settle(entry);
      }
      return refused.length > 0;
    },
    drain: async (server, who) => {
      while (running) await running.catch(() => false);
      running = sendAll(server, who);
      try {
        return await running;
      } finally {
        running = undefined;
      }
    },
  };
};
