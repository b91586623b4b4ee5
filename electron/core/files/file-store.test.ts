import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { contentMatches, createFileStore, sniffMimeType } from './file-store';

const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const PDF = new TextEncoder().encode('%PDF-1.7\n%âãÏÓ\n');
const DOCX = Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 20, 0, 6, 0]);

describe('file store', () => {
  it('keeps files by content and gives them back with their name and type', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'mmm-files-'));
    const store = createFileStore(directory);
    const first = await store.put(PDF, 'cv.pdf', 'application/pdf');
    const again = await store.put(PDF, 'cv-copy.pdf', 'application/pdf');
    expect(first.ref).toMatch(/^sha256-[0-9a-f]{64}$/);
    expect(again.ref).toBe(first.ref);
    expect(readdirSync(directory).filter((name) => !name.endsWith('.json'))).toHaveLength(1);
    const read = await store.get(first.ref);
    expect(read?.mimeType).toBe('application/pdf');
    expect(read?.size).toBe(PDF.byteLength);
    expect(Buffer.compare(read?.bytes ?? Buffer.alloc(0), Buffer.from(PDF))).toBe(0);
  });

  it('answers nothing for unknown or malformed references, never a path outside its folder', async () => {
    const store = createFileStore(mkdtempSync(join(tmpdir(), 'mmm-files-')));
    expect(await store.get(`sha256-${'0'.repeat(64)}`)).toBeUndefined();
    expect(await store.get('../../etc/passwd')).toBeUndefined();
    expect(await store.get('sha256-../../x')).toBeUndefined();
  });
});

describe('content sniffing', () => {
  it('recognises the allowed formats by their first bytes', () => {
    expect(sniffMimeType(PNG)).toBe('image/png');
    expect(sniffMimeType(PDF)).toBe('application/pdf');
    expect(sniffMimeType(Uint8Array.from([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg');
    expect(sniffMimeType(new TextEncoder().encode('hello'))).toBeUndefined();
  });

  it('refuses a file whose content is not what its type says', () => {
    expect(contentMatches(PNG, 'image/png')).toBe(true);
    expect(contentMatches(PDF, 'image/png')).toBe(false);
    expect(
      contentMatches(
        DOCX,
        'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      ),
    ).toBe(true);
    expect(contentMatches(new TextEncoder().encode('My CV\nline two'), 'text/plain')).toBe(true);
    expect(contentMatches(PNG, 'text/plain')).toBe(false);
    expect(contentMatches(Uint8Array.from([65, 0, 66]), 'text/plain')).toBe(false);
  });
});
