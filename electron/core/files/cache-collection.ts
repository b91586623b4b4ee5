import { mkdir, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { collectionNames } from '../../../shared/schema';
import { collectFileRefs } from '../../../shared/domain/file-refs';
import type { AppDatabase } from '../database/app-database';

/**
 * Collection of the local file cache (docs/FILES.md "Collection"): a file in `<data>/files` goes
 * when no document on this machine refers to it, it is not waiting to upload, and it has been here
 * a day untouched. The folder is shared by everyone who signs in on this machine, while each person
 * has a local database of their own: each database's references are kept in `references/<name>`
 * when its person is signed in, and nothing is collected while a local database has never said
 * what it refers to. The cache only holds copies of what the server has (a file not yet there is
 * in the upload queue, never collected): a copy collected too eagerly comes back from the server.
 */

/** How long a file stays in the cache, untouched and unreferenced, before it may go. */
export const CACHE_GRACE_MS = 24 * 60 * 60_000;

const HEX = /^[0-9a-f]{64}$/;
const referencesSchema = z.object({ hexes: z.array(z.string()) });

/** Every file the documents of a local database refer to (all collections, any field). */
export const referencedIn = async (database: AppDatabase): Promise<Set<string>> => {
  const referenced = new Set<string>();
  for (const name of collectionNames) {
    const docs = await database.collections[name].find().exec();
    for (const doc of docs) collectFileRefs(doc.toJSON(), referenced);
  }
  return referenced;
};

export interface CacheSweep {
  /** The files removed (hex). */
  readonly removed: readonly string[];
  /** Why nothing was collected, when something stopped it. */
  readonly skipped?: string;
}

export const collectCache = async (options: {
  /** `<data>/files`. */
  readonly directory: string;
  /** The hexes waiting in the upload queue (read after the folder, so a new upload is seen). */
  readonly queued: () => Promise<ReadonlySet<string>>;
  /** The signed-in person's local database: its name and what it refers to now. */
  readonly current?: { readonly name: string; readonly referenced: () => Promise<Set<string>> };
  /** Every local database on this machine (`<data>/databases`), the current one too. */
  readonly databases: readonly string[];
  readonly now: number;
  readonly graceMs: number;
}): Promise<CacheSweep> => {
  const referencesDir = join(options.directory, 'references');
  // The folder first: a file written after this look is not a candidate.
  let names: string[];
  try {
    names = await readdir(options.directory);
  } catch {
    return { removed: [] };
  }
  const old = async (name: string) => {
    try {
      return options.now - (await stat(join(options.directory, name))).mtimeMs >= options.graceMs;
    } catch {
      return false;
    }
  };
  const candidates: string[] = [];
  for (const name of names) if (HEX.test(name) && (await old(name))) candidates.push(name);

  // The signed-in person's references are read (and kept for the others' sweeps) every time.
  const referenced = new Set<string>();
  if (options.current) {
    const mine = await options.current.referenced();
    await mkdir(referencesDir, { recursive: true });
    const path = join(referencesDir, `${options.current.name}.json`);
    await writeFile(`${path}.tmp`, JSON.stringify({ hexes: [...mine] }));
    await rename(`${path}.tmp`, path);
    for (const hex of mine) referenced.add(hex);
  }
  if (candidates.length === 0) return { removed: [] };
  for (const name of options.databases) {
    if (name === options.current?.name) continue;
    try {
      const kept = referencesSchema.parse(
        JSON.parse(await readFile(join(referencesDir, `${name}.json`), 'utf8')),
      );
      for (const hex of kept.hexes) referenced.add(hex);
    } catch {
      return { removed: [], skipped: `the local database ${name} has not said what it refers to` };
    }
  }
  const queued = await options.queued();
  const removed: string[] = [];
  for (const hex of candidates) {
    if (referenced.has(hex) || queued.has(hex)) continue;
    await rm(join(options.directory, `${hex}.json`), { force: true });
    await rm(join(options.directory, hex), { force: true });
    removed.push(hex);
  }
  return { removed };
};

/** The local databases on this machine: the SQLite files in `<data>/databases`. */
export const localDatabases = async (dataDir: string): Promise<string[]> => {
  try {
    const names = await readdir(join(dataDir, 'databases'));
    return [...new Set(names.flatMap((name) => /^(mmm-[0-9a-f]+)\.sqlite$/.exec(name)?.[1] ?? []))];
  } catch {
    return [];
  }
};
