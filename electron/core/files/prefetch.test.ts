import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { firstValueFrom } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import type { ApplicationDoc } from '../../../shared/schema';
import { openAppDatabase } from '../database/app-database';
import type { AppDatabase } from '../database/app-database';
import { silentLogger } from '../platform/logger';
import { createConflictRecorder } from '../sync/sync-issues';
import {
  ORGANISATION_SETTINGS_ID,
  ORGANISATION_SETTINGS_NAME,
} from '../../../shared/domain/organisation';
import { PREFETCH_LIMIT, fileRefsInAnswers, filesToPrefetch, prefetch } from './prefetch';

const NOW = new Date('2026-12-02T08:00:00.000Z');
const at = (daysAgo: number) => new Date(NOW.getTime() - daysAgo * 86_400_000).toISOString();
const ref = (seed: string) => `sha256-${seed.repeat(64).slice(0, 64)}`;
const file = (seed: string) => ({
  name: `${seed}.pdf`,
  mimeType: 'application/pdf',
  size: 10,
  ref: ref(seed),
});

let database: AppDatabase | undefined;
afterEach(async () => {
  await database?.close();
  database = undefined;
});

const open = async () => {
  database = await openAppDatabase({
    storage: getRxStorageMemory(),
    name: `prefetch-${Math.random().toString(36).slice(2)}`,
    conflicts: createConflictRecorder(silentLogger),
  });
  return database;
};

const application = (
  id: string,
  userId: string,
  status: ApplicationDoc['status'],
  answers: Record<string, unknown>,
) => ({
  id,
  programmeId: 'p1',
  userId,
  status,
  answers,
  createdAt: at(3),
  updatedAt: at(3),
});

describe('files fetched ahead', () => {
  it('finds file references anywhere in an application’s answers, and nothing else', () => {
    expect(
      fileRefsInAnswers({
        motivation: 'sha256-not-a-ref',
        portfolio: file('a'),
        more: [file('b'), { nested: file('c') }],
        years: 4,
      }),
    ).toEqual([ref('a'), ref('b'), ref('c')]);
    expect(fileRefsInAnswers(null)).toEqual([]);
    expect(fileRefsInAnswers({ x: { ref: '../../etc/passwd' } })).toEqual([]);
  });

  it('are the newest chat files, CVs, the files of applications in the inbox or one’s own, and pictures', async () => {
    const db = await open();
    await db.messages.bulkInsert([
      {
        id: 'm-old',
        chatId: 'c1',
        createdBy: 'ana',
        body: '',
        attachments: [file('0')],
        createdAt: at(30),
        updatedAt: at(30),
      },
      {
        id: 'm-1',
        chatId: 'c1',
        createdBy: 'ana',
        body: 'x',
        attachments: [file('1')],
        createdAt: at(2),
        updatedAt: at(2),
      },
      {
        id: 'm-2',
        chatId: 'c2',
        createdBy: 'ben',
        body: 'y',
        attachments: [file('2'), file('3')],
        createdAt: at(1),
        updatedAt: at(1),
      },
      {
        id: 'm-gone',
        chatId: 'c2',
        createdBy: 'ben',
        body: '',
        deletedAt: at(1),
        createdAt: at(1),
        updatedAt: at(1),
      },
    ]);
    await db.applications.bulkInsert([
      application('a-pending', 'cleo', 'pending', { portfolio: file('4') }),
      application('a-decided', 'dan', 'approved', { portfolio: file('5') }),
      application('a-mine', 'me', 'declined', { portfolio: file('6') }),
    ]);
    const files = await firstValueFrom(filesToPrefetch(db, 'me', NOW));
    // Newest message first, each with the chat it is fetched from; the month-old one is not.
    expect(files.slice(0, 3)).toEqual([
      { ref: ref('2'), chatId: 'c2', size: 10 },
      { ref: ref('3'), chatId: 'c2', size: 10 },
      { ref: ref('1'), chatId: 'c1', size: 10 },
    ]);
    // Waiting for a decision, and one's own whatever its state; not others' decided ones.
    expect(
      files
        .slice(3)
        .map((each) => each.ref)
        .sort(),
    ).toEqual([ref('4'), ref('6')]);
    expect(files).toHaveLength(5);
  });

  it('puts the organisation’s logo first: every certificate printed here carries it', async () => {
    const db = await open();
    await db.programmes.insert({
      id: 'p1',
      name: 'P',
      description: '',
      createdBy: 'admin1',
      status: 'active',
      picture: { ...file('7'), mimeType: 'image/png' },
      dateCreated: at(3),
      createdAt: at(3),
      updatedAt: at(3),
    } as never);
    const settings = {
      id: ORGANISATION_SETTINGS_ID,
      list: 'organisation' as const,
      name: ORGANISATION_SETTINGS_NAME,
      createdBy: 'admin1',
      createdAt: at(1),
      updatedAt: at(1),
    };
    await db.referenceLists.insert(settings);
    expect((await firstValueFrom(filesToPrefetch(db, 'me', NOW))).map((each) => each.ref)).toEqual([
      ref('7'),
    ]);
    await db.referenceLists.upsert({ ...settings, logo: { ...file('8'), mimeType: 'image/png' } });
    expect(await firstValueFrom(filesToPrefetch(db, 'me', NOW))).toEqual([
      { ref: ref('8'), size: 10 },
      { ref: ref('7'), size: 10 },
    ]);
  });

  it('fetches at most PREFETCH_LIMIT in one go, passing over what is here or cannot be had', async () => {
    const many = Array.from({ length: PREFETCH_LIMIT + 20 }, (_, index) => ({
      ref: `sha256-${index.toString(16).padStart(64, '0')}`,
    }));
    const asked: string[] = [];
    const fetched = await prefetch(
      many,
      (each) => Promise.resolve(each === many[0]?.ref),
      (each) => {
        asked.push(each.ref);
        return Promise.resolve(each.ref === many[1]?.ref ? undefined : 'bytes');
      },
    );
    expect(fetched).toBe(PREFETCH_LIMIT);
    expect(asked).not.toContain(many[0]?.ref);
    expect(asked).toHaveLength(PREFETCH_LIMIT + 1);
  });

  it('fetches the small ones together first, and alone only what that did not bring', async () => {
    const files = [
      { ref: ref('a'), size: 20_000 },
      { ref: ref('b'), size: 20_000 },
      { ref: ref('c'), size: 20_000 },
      { ref: ref('d'), size: 3_000_000 },
      { ref: ref('e') },
      { ref: ref('f'), size: 10 },
    ];
    const together: string[][] = [];
    const alone: string[] = [];
    const fetched = await prefetch(
      files,
      (each) => Promise.resolve(each === ref('f')),
      (each) => {
        alone.push(each.ref);
        return Promise.resolve('bytes');
      },
      (small) => {
        together.push(small.map((each) => each.ref));
        // "c" came corrupted: not kept, so asked for alone.
        return Promise.resolve(new Set([ref('a'), ref('b')]));
      },
    );
    // Already here (f) is not asked; big (d) and unsized (e) go alone.
    expect(together).toEqual([[ref('a'), ref('b'), ref('c')]]);
    expect(alone).toEqual([ref('c'), ref('d'), ref('e')]);
    expect(fetched).toBe(5);
  });
});
