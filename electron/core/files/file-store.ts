import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
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

/** What the first bytes say a file is, for the types uploads allow; undefined when unsure. */
export const sniffMimeType = (bytes: Uint8Array): string | undefined => {
  const starts = (...signature: number[]) =>
    signature.every((byte, index) => bytes[index] === byte);
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'image/png';
  if (starts(0xff, 0xd8, 0xff)) return 'image/jpeg';
  if (starts(0x47, 0x49, 0x46, 0x38)) return 'image/gif';
  if (starts(0x52, 0x49, 0x46, 0x46) && String.fromCharCode(...bytes.subarray(8, 12)) === 'WEBP') {
    return 'image/webp';
  }
  if (starts(0x25, 0x50, 0x44, 0x46, 0x2d)) return 'application/pdf';
  if (starts(0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1)) return 'application/msword';
  // .docx and .odt are zip files; their inner layout is not checked here.
  if (starts(0x50, 0x4b, 0x03, 0x04)) return 'application/zip';
  return undefined;
};

const ZIP_BASED = new Set([
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.oasis.opendocument.text',
]);

/** Whether the bytes can be what the upload says they are (a renamed file is refused). */
export const contentMatches = (bytes: Uint8Array, mimeType: string): boolean => {
  const sniffed = sniffMimeType(bytes);
  if (mimeType === 'text/plain') {
    // Text: no NUL bytes at the start, and none of the binary formats above.
    return sniffed === undefined && !bytes.subarray(0, 8192).includes(0);
  }
  if (ZIP_BASED.has(mimeType)) return sniffed === 'application/zip';
  return sniffed === mimeType;
};
