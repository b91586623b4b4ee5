import { createHash } from 'node:crypto';
import { access, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { StoredFile } from '../../../shared/contract';

/**
 * Uploaded files (programme pictures, CVs, files answering an application question) on this
 * machine, by content: the reference is the SHA-256 of the bytes, so the same file uploaded twice
 * is kept once and a reference cannot point at other bytes. Documents hold only the reference
 * (shared/schema fileRefField).
 */
export interface FileStore {
  put(bytes: Uint8Array, name: string, mimeType: string): Promise<StoredFile>;
  get(ref: string): Promise<(StoredFile & { readonly bytes: Buffer }) | undefined>;
  /** Whether the bytes are here (without reading them). */
  has(ref: string): Promise<boolean>;
}

const REF = /^sha256-([0-9a-f]{64})$/;

const metaSchema = z.object({ name: z.string(), mimeType: z.string(), size: z.number() });

export const createFileStore = (directory: string): FileStore => {
  const pathOf = (hex: string) => join(directory, hex);
  return {
    put: async (bytes, name, mimeType) => {
      await mkdir(directory, { recursive: true });
      const hex = createHash('sha256').update(bytes).digest('hex');
      const meta = { name, mimeType, size: bytes.byteLength };
      // Written under a temporary name and renamed: a crash never leaves half a file behind a ref.
      const temporary = `${pathOf(hex)}.${process.pid}.tmp`;
      await writeFile(temporary, bytes);
      await rename(temporary, pathOf(hex));
      await writeFile(`${pathOf(hex)}.json`, JSON.stringify(meta));
      return { ...meta, ref: `sha256-${hex}` };
    },
    has: async (ref) => {
      const hex = REF.exec(ref)?.[1];
      if (!hex) return false;
      try {
        await access(`${pathOf(hex)}.json`);
        return true;
      } catch {
        return false;
      }
    },
    get: async (ref) => {
      const hex = REF.exec(ref)?.[1];
      if (!hex) return undefined;
      try {
        const [bytes, metaText] = await Promise.all([
          readFile(pathOf(hex)),
          readFile(`${pathOf(hex)}.json`, 'utf8'),
        ]);
        const meta = metaSchema.parse(JSON.parse(metaText));
        return { ...meta, ref, bytes };
      } catch {
        return undefined;
      }
    },
  };
};

export { contentMatches, sniffMimeType } from '../../../shared/domain/files';
