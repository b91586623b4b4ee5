import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createRevision,
  fillWithDefaultSettings,
  normalizeMangoQuery,
  now,
  prepareQuery,
  randomToken,
} from 'rxdb';
import type {
  BulkWriteRow,
  MangoQuery,
  PreparedQuery,
  RxDocumentData,
  RxJsonSchema,
  RxStorage,
  RxStorageInstance,
} from 'rxdb';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { getRxStorageSQLite } from './rx-storage-sqlite';

/**
 * Shared by the conformance tests: a schema with string, number and boolean indexes (single and
 * compound), and the two storages every test runs against — this one and RxDB's memory storage,
 * which is the reference for what the answers must be.
 */
export interface Mentor {
  id: string;
  name: string;
  age: number;
  active: boolean;
  city?: string;
  tags: string[];
}

export function mentorSchema(
  version = 0,
  attachments = false,
): RxJsonSchema<RxDocumentData<Mentor>> {
  return fillWithDefaultSettings<Mentor>({
    version,
    primaryKey: 'id',
    type: 'object',
    properties: {
      id: { type: 'string', maxLength: 40 },
      name: { type: 'string', maxLength: 40 },
      age: { type: 'integer', minimum: 0, maximum: 150, multipleOf: 1 },
      active: { type: 'boolean' },
      city: { type: 'string', maxLength: 40 },
      tags: { type: 'array', items: { type: 'string' } },
    },
    required: ['id', 'name', 'age', 'active', 'tags'],
    indexes: ['name', 'age', ['active', 'age'], ['active', 'name', 'age']],
    ...(attachments ? { attachments: {} } : {}),
  });
}

export interface StorageUnderTest {
  readonly name: string;
  /** A storage; for SQLite, files go to a fresh temporary folder removed by `dispose`. */
  create(): RxStorage<unknown, unknown>;
  dispose(): void;
}

export function sqliteUnderTest(): StorageUnderTest {
  const directories: string[] = [];
  return {
    name: 'sqlite',
    create() {
      const directory = mkdtempSync(join(tmpdir(), 'mmm-sqlite-conformance-'));
      directories.push(directory);
      return getRxStorageSQLite({ directory });
    },
    dispose() {
      for (const directory of directories.splice(0))
        rmSync(directory, { recursive: true, force: true });
    },
  };
}

export function memoryUnderTest(): StorageUnderTest {
  return {
    name: 'memory',
    create: () => getRxStorageMemory() as RxStorage<unknown, unknown>,
    dispose: () => undefined,
  };
}

export const STORAGES_UNDER_TEST = [sqliteUnderTest(), memoryUnderTest()];

export type MentorInstance = RxStorageInstance<Mentor, unknown, unknown>;

export async function openInstance(
  storage: RxStorage<unknown, unknown>,
  options: {
    databaseName?: string;
    collectionName?: string;
    schema?: RxJsonSchema<RxDocumentData<Mentor>>;
  } = {},
): Promise<MentorInstance> {
  return storage.createStorageInstance<Mentor>({
    databaseInstanceToken: randomToken(10),
    databaseName: options.databaseName ?? `db${randomToken(8)}`,
    collectionName: options.collectionName ?? 'mentors',
    schema: options.schema ?? mentorSchema(),
    options: {},
    multiInstance: false,
    devMode: true,
  });
}

const TOKEN = 'conformancetoken';

/** A brand new document as RxDB would write it. */
export function newDocument(data: Mentor, lwt = now()): RxDocumentData<Mentor> {
  return {
    ...data,
    _deleted: false,
    _attachments: {},
    _rev: createRevision(TOKEN),
    _meta: { lwt },
  };
}

/** The next revision of a stored document, with changes applied. */
export function nextRevision(
  previous: RxDocumentData<Mentor>,
  changes: Partial<RxDocumentData<Mentor>>,
): RxDocumentData<Mentor> {
  return {
    ...previous,
    ...changes,
    _rev: createRevision(TOKEN, previous),
    _meta: { lwt: now() },
  };
}

export async function insertAll(
  instance: MentorInstance,
  data: readonly Mentor[],
): Promise<RxDocumentData<Mentor>[]> {
  const rows: BulkWriteRow<Mentor>[] = data.map((d) => ({ document: newDocument(d) }));
  const result = await instance.bulkWrite(rows, 'insert');
  if (result.error.length > 0) throw new Error(`insert failed: ${JSON.stringify(result.error)}`);
  return rows.map((row) => row.document);
}

/** Prepares a query as RxQuery does, including its `_deleted: false` (storages see tombstones). */
export function prepare(query: MangoQuery<Mentor>, schema = mentorSchema()): PreparedQuery<Mentor> {
  const selector = {
    _deleted: { $eq: false },
    ...query.selector,
  } as MangoQuery<Mentor>['selector'];
  return prepareQuery(schema, normalizeMangoQuery(schema, { ...query, selector }));
}

export async function queryIds(
  instance: MentorInstance,
  query: MangoQuery<Mentor>,
): Promise<string[]> {
  const result = await instance.query(prepare(query, instance.schema));
  return result.documents.map((doc) => doc.id);
}

const NAMES = [
  'Ada',
  'ada',
  'Bola',
  'Chidi',
  'Émile',
  'Zoë',
  '😀 Smile',
  '\uE000 private',
  'ab',
  'a',
];
const CITIES = ['Lagos', 'Accra', 'Nairobi', undefined];

/** Deterministic sample mentors covering duplicates, case, accents, emoji and private-use text. */
export function sampleMentors(count: number): Mentor[] {
  return Array.from({ length: count }, (_, i) => {
    const city = CITIES[i % CITIES.length];
    return {
      id: `m${String(i).padStart(3, '0')}`,
      name: NAMES[i % NAMES.length] ?? 'x',
      age: (i * 7) % 60,
      active: i % 3 !== 0,
      ...(city ? { city } : {}),
      tags: i % 2 === 0 ? ['mentor'] : ['mentor', 'manager'],
    };
  });
}
