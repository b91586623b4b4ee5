import { existsSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hexOfRef } from '../../../shared/domain/files';
import { silentLogger } from '../platform/logger';
import type { ServerAccess } from '../sync/server-access';
import { CACHE_GRACE_MS, collectCache } from './cache-collection';
import { createFileStore } from './file-store';
import { createUploadQueue } from './upload-queue';

/**
 * The local cache's collection (docs/FILES.md "Collection") on a real data folder: whatever the
 * order of uploads, sends, references made and dropped and sweeps, a file a document refers to
 * or one waiting to upload is never removed; one nothing protects goes once old enough.
 */
const pdf = (seed: number) => new TextEncoder().encode(`%PDF-1.7\n% file ${String(seed)}\n`);

/** The server's side of a send, reduced to "taken": the subject here is the sweep, not sending. */
const takingServer: ServerAccess = {
  url: 'http://server.invalid',
  request: (method) => Promise.resolve({ status: method === 'PUT' ? 201 : 404, body: {} }),
  readBytes: () => Promise.resolve({ status: 404, bytes: new Uint8Array(), contentType: null }),
};

const who = { serverUrl: 'http://server.invalid', name: 'mentor1' };

type Step =
  | { kind: 'upload'; file: number }
  | { kind: 'send' }
  | { kind: 'refer'; file: number }
  | { kind: 'drop'; file: number }
  | { kind: 'age' }
  | { kind: 'sweep' };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('upload' as const), file: fc.integer({ min: 0, max: 5 }) }),
  fc.record({ kind: fc.constant('send' as const) }),
  fc.record({ kind: fc.constant('refer' as const), file: fc.integer({ min: 0, max: 5 }) }),
  fc.record({ kind: fc.constant('drop' as const), file: fc.integer({ min: 0, max: 5 }) }),
  fc.record({ kind: fc.constant('age' as const) }),
  fc.record({ kind: fc.constant('sweep' as const) }),
);

describe('the local cache’s collection', () => {
  it('never removes a file referred to or waiting to upload, over any sequence of steps', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 25 }), async (steps) => {
        const directory = mkdtempSync(join(tmpdir(), 'mmm-cache-'));
        const store = createFileStore(directory);
        const queue = createUploadQueue({
          directory: join(directory, 'outbox'),
          store,
          logger: silentLogger,
        });
        const refs = new Map<number, string>();
        const referenced = new Set<string>();
        let now = Date.parse('2026-01-01T00:00:00Z');
        try {
          for (const each of steps) {
            switch (each.kind) {
              case 'upload': {
                const stored = await store.put(
                  pdf(each.file),
                  `f${String(each.file)}.pdf`,
                  'application/pdf',
                );
                // As files.upload does: the bytes, then the entry; its time is the file's.
                const hex = hexOfRef(stored.ref) ?? '';
                utimesSync(join(directory, hex), now / 1000, now / 1000);
                refs.set(each.file, hex);
                await queue.add({
                  ref: stored.ref,
                  database: 'mmm-person-01',
                  serverUrl: who.serverUrl,
                  createdBy: who.name,
                  name: 'f.pdf',
                  mimeType: 'application/pdf',
                  size: stored.size,
                  queuedAt: new Date(now).toISOString(),
                });
                break;
              }
              case 'send':
                await queue.drain(takingServer, who);
                break;
              case 'refer': {
                const hex = refs.get(each.file);
                if (hex !== undefined) referenced.add(hex);
                break;
              }
              case 'drop': {
                const hex = refs.get(each.file);
                if (hex !== undefined) referenced.delete(hex);
                break;
              }
              case 'age':
                now += CACHE_GRACE_MS;
                break;
              case 'sweep': {
                const queued = new Set(
                  (await queue.list()).flatMap((entry) => hexOfRef(entry.ref) ?? []),
                );
                const { removed } = await collectCache({
                  directory,
                  queued: () => Promise.resolve(queued),
                  current: {
                    name: 'mmm-0001',
                    referenced: () => Promise.resolve(new Set(referenced)),
                  },
                  databases: ['mmm-0001'],
                  now,
                  graceMs: CACHE_GRACE_MS,
                });
                for (const hex of [...referenced, ...queued]) {
                  expect(removed).not.toContain(hex);
                  expect(await store.has(`sha256-${hex}`)).toBe(true);
                }
                // And what nothing protects, old enough, is gone.
                for (const hex of refs.values()) {
                  if (!referenced.has(hex) && !queued.has(hex) && removed.includes(hex)) {
                    expect(existsSync(join(directory, hex))).toBe(false);
                  }
                }
                break;
              }
            }
          }
        } finally {
          rmSync(directory, { recursive: true, force: true });
        }
      }),
      { numRuns: Number(process.env['FILES_PROPERTY_RUNS'] ?? 60) },
    );
  });

  it('removes an old file nothing protects, keeps a young one, and waits for every local database', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'mmm-cache-'));
    const store = createFileStore(directory);
    const now = Date.parse('2026-01-10T00:00:00Z');
    const old = hexOfRef((await store.put(pdf(1), 'old.pdf', 'application/pdf')).ref) ?? '';
    const young = hexOfRef((await store.put(pdf(2), 'young.pdf', 'application/pdf')).ref) ?? '';
    const theirs = hexOfRef((await store.put(pdf(3), 'theirs.pdf', 'application/pdf')).ref) ?? '';
    for (const hex of [old, theirs]) {
      utimesSync(
        join(directory, hex),
        (now - 2 * CACHE_GRACE_MS) / 1000,
        (now - 2 * CACHE_GRACE_MS) / 1000,
      );
    }
    utimesSync(join(directory, young), now / 1000, now / 1000);
    const sweep = (databases: string[]) =>
      collectCache({
        directory,
        queued: () => Promise.resolve(new Set()),
        current: { name: 'mmm-aaaa', referenced: () => Promise.resolve(new Set<string>()) },
        databases,
        now,
        graceMs: CACHE_GRACE_MS,
      });
    // Another person's database on this machine has not said what it refers to: nothing goes.
    expect(await sweep(['mmm-aaaa', 'mmm-bbbb'])).toMatchObject({ removed: [] });
    expect((await sweep(['mmm-aaaa', 'mmm-bbbb'])).skipped).toMatch(/mmm-bbbb/);
    // It has (its person was signed in): their file stays, the old unreferenced one goes.
    mkdirSync(join(directory, 'references'), { recursive: true });
    writeFileSync(
      join(directory, 'references', 'mmm-bbbb.json'),
      JSON.stringify({ hexes: [theirs] }),
    );
    expect((await sweep(['mmm-aaaa', 'mmm-bbbb'])).removed).toEqual([old]);
    expect(await store.has(`sha256-${old}`)).toBe(false);
    expect(await store.has(`sha256-${young}`)).toBe(true);
    expect(await store.has(`sha256-${theirs}`)).toBe(true);
    rmSync(directory, { recursive: true, force: true });
  });
});
