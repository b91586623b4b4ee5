import { FILES_QUOTA_BYTES } from '../../shared/domain/file-refs';
import { FILE_ATTACHMENT, hexOfFileDocId } from '../../shared/domain/files';
import type { CouchClient } from '../provision/couchClient';
import { fileDatabases, fileDocsIn, isFileDatabase } from '../files/collect';

/**
 * Each person's uploads are bounded (docs/FILES.md "Quota"): the sizes of the file documents they
 * wrote, across the databases members write files into, a file counted once however many of
 * them hold it. validate_doc_update sees one document, never the others, so this is the embedded
 * server's alone: a tally in memory, read from the databases at start (no upload is taken before)
 * and kept by the guard as uploads are taken and by the collection as files go.
 */
export const DEFAULT_FILES_QUOTA_BYTES = FILES_QUOTA_BYTES;

export interface IncomingFile {
  readonly hex: string;
  readonly size: number;
}

export interface Reservation {
  /** The request ended: the files `written` are counted, the others' room given back. */
  settle(written: (hex: string) => Promise<boolean>): Promise<void>;
}

export interface FileQuota {
  readonly limitBytes: number;
  /** Room for these files (a refusal's reason otherwise), held until the request settles it. */
  reserve(
    person: string,
    database: string,
    files: readonly IncomingFile[],
  ): Promise<Reservation | string>;
  /** A file removed from a database (the collection). */
  removed(person: string, database: string, hex: string): void;
  usedBy(person: string): Promise<number>;
}

const megabytes = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;

/** The files a write carries inline (a PUT's document, or `_bulk_docs`' documents). */
export const filesInWrite = (body: unknown, pathId: string | undefined): IncomingFile[] => {
  const record = (value: unknown) =>
    typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  const docs = Array.isArray(record(body)?.['docs'])
    ? (record(body)?.['docs'] as unknown[])
    : [body];
  return docs.flatMap((doc) => {
    const fields = record(doc);
    const id = typeof fields?.['_id'] === 'string' ? fields['_id'] : pathId;
    const hex = id === undefined ? undefined : hexOfFileDocId(id);
    const data = record(record(fields?.['_attachments'])?.[FILE_ATTACHMENT])?.['data'];
    if (hex === undefined || typeof data !== 'string') return [];
    return [{ hex, size: Buffer.byteLength(data, 'base64') }];
  });
};

export const createFileQuota = (options: {
  readonly limitBytes: number;
  readonly admin: () => CouchClient;
  readonly log: (line: string) => void;
}): FileQuota => {
  /** person → file hex → its size and the databases holding it. */
  const tally = new Map<string, Map<string, { size: number; places: Set<string> }>>();
  /** person → file hex → size, for uploads under way (two at once cannot both pass the limit). */
  const pending = new Map<string, Map<string, number>>();
  const count = (person: string, database: string, hex: string, size: number) => {
    const files = tally.get(person) ?? new Map<string, { size: number; places: Set<string> }>();
    tally.set(person, files);
    const file = files.get(hex) ?? { size, places: new Set<string>() };
    file.places.add(database);
    files.set(hex, file);
  };
  const used = (person: string) => {
    let total = 0;
    for (const file of tally.get(person)?.values() ?? []) total += file.size;
    for (const size of pending.get(person)?.values() ?? []) total += size;
    return total;
  };

  let loaded: Promise<void> | undefined;
  const load = () => {
    loaded ??= (async () => {
      const client = options.admin();
      for (const database of await fileDatabases(client)) {
        for (const file of await fileDocsIn(client, database)) {
          if (file.createdBy !== '') count(file.createdBy, database, file.hex, file.size);
        }
      }
    })().catch((error: unknown) => {
      loaded = undefined;
      throw error;
    });
    return loaded;
  };

  return {
    limitBytes: options.limitBytes,
    usedBy: async (person) => {
      await load();
      return used(person);
    },
    reserve: async (person, database, files) => {
      await load();
      if (!isFileDatabase(database)) return { settle: () => Promise.resolve() };
      const counted = tally.get(person);
      const waiting = pending.get(person) ?? new Map<string, number>();
      // The same bytes twice (another database, or two requests at once) count once.
      const fresh = new Map<string, number>();
      for (const file of files) {
        if (!counted?.has(file.hex) && !waiting.has(file.hex)) fresh.set(file.hex, file.size);
      }
      const extra = [...fresh.values()].reduce((sum, size) => sum + size, 0);
      const now = used(person);
      if (extra > 0 && now + extra > options.limitBytes) {
        return (
          `Your files on the server would come to ${megabytes(now + extra)}; ` +
          `each person may keep at most ${megabytes(options.limitBytes)}. ` +
          'Files your documents no longer use are removed after a while.'
        );
      }
      for (const [hex, size] of fresh) waiting.set(hex, size);
      pending.set(person, waiting);
      return {
        settle: async (written) => {
          for (const file of files) {
            const ok = await written(file.hex).catch(() => false);
            if (ok) count(person, database, file.hex, file.size);
          }
          for (const hex of fresh.keys()) waiting.delete(hex);
          if (waiting.size === 0 && pending.get(person) === waiting) pending.delete(person);
        },
      };
    },
    removed: (person, database, hex) => {
      const files = tally.get(person);
      const file = files?.get(hex);
      if (!files || !file) return;
      file.places.delete(database);
      if (file.places.size === 0) files.delete(hex);
    },
  };
};
