import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { MangoQuery, MangoQuerySelector, RxDocumentData } from 'rxdb';
import {
  insertAll,
  memoryUnderTest,
  nextRevision,
  openInstance,
  prepare,
  queryIds,
  sqliteUnderTest,
} from './conformance-fixtures';
import type { Mentor } from './conformance-fixtures';

/**
 * For any documents, any deletions and any query over the indexed fields, this storage answers
 * exactly what RxDB's memory storage answers — same documents, same order, same count.
 */
const sqlite = sqliteUnderTest();
const memory = memoryUnderTest();
afterAll(() => sqlite.dispose());

const name = fc.constantFrom('Ada', 'ada', 'Bo', 'Émile', 'Zoë', '😀', '\uE000x', 'a b', '', 'zz');
const mentor = fc.record(
  {
    name,
    age: fc.integer({ min: 0, max: 150 }),
    active: fc.boolean(),
    city: fc.constantFrom('Lagos', 'Accra', '😀'),
    tags: fc.array(fc.constantFrom('mentor', 'manager'), { maxLength: 2 }),
  },
  { requiredKeys: ['name', 'age', 'active', 'tags'] },
);

type Condition = MangoQuerySelector<Mentor>;
const condition: fc.Arbitrary<Condition> = fc.oneof(
  name.map((n) => ({ name: n })),
  fc
    .tuple(fc.constantFrom('$gt', '$gte', '$lt', '$lte'), name)
    .map(([op, n]) => ({ name: { [op]: n } })),
  fc
    .tuple(
      fc.constantFrom('$gt', '$gte', '$lt', '$lte', '$eq', '$ne'),
      fc.integer({ min: -5, max: 155 }),
    )
    .map(([op, n]) => ({ age: { [op]: n } })),
  fc.boolean().map((b) => ({ active: b })),
  fc.array(name, { maxLength: 3 }).map((names) => ({ name: { $in: names } })),
  fc.constantFrom('^a', 'o', 'ë$').map((re) => ({ name: { $regex: re } })),
  fc.boolean().map((exists) => ({ city: { $exists: exists } })),
);
const selector: fc.Arbitrary<Condition> = fc.oneof(
  fc.array(condition, { maxLength: 3 }).map((parts) => Object.assign({}, ...parts) as Condition),
  fc.array(condition, { minLength: 1, maxLength: 3 }).map((parts) => ({ $or: parts })),
);
const sortField = fc.constantFrom('name', 'age', 'active', 'city', 'id');
const query: fc.Arbitrary<MangoQuery<Mentor>> = fc.record(
  {
    selector,
    sort: fc
      .uniqueArray(fc.tuple(sortField, fc.constantFrom('asc', 'desc')), {
        maxLength: 3,
        selector: ([field]) => field,
      })
      .map((parts) => parts.map(([field, dir]) => ({ [field]: dir }))),
    skip: fc.integer({ min: 0, max: 5 }),
    limit: fc.integer({ min: 0, max: 20 }),
  },
  { requiredKeys: ['selector'] },
);

describe('sqlite storage versus memory storage', () => {
  it('gives identical answers for random data, deletions and queries', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(mentor, { minLength: 0, maxLength: 40 }),
        fc.array(fc.nat(), { maxLength: 8 }),
        fc.array(query, { minLength: 1, maxLength: 8 }),
        async (people, deleteAt, queries) => {
          const data: Mentor[] = people.map((p, i) => ({ ...p, id: `p${i}` }));
          const instances = await Promise.all(
            [sqlite, memory].map((under) => openInstance(under.create())),
          );
          for (const instance of instances) {
            const written = await insertAll(instance, data);
            const doomed = new Map<string, RxDocumentData<Mentor>>();
            for (const at of deleteAt) {
              const doc = written[at % Math.max(1, written.length)];
              if (doc) doomed.set(doc.id, doc);
            }
            const rows = [...doomed.values()].map((doc) => ({
              previous: doc,
              document: nextRevision(doc, { _deleted: true }),
            }));
            await instance.bulkWrite(rows, 'delete');
          }
          const [onSqlite, onMemory] = instances;
          if (!onSqlite || !onMemory) throw new Error('instances missing');
          for (const q of queries) {
            expect(await queryIds(onSqlite, q)).toEqual(await queryIds(onMemory, q));
            const countOnly = { selector: q.selector ?? {} };
            const [a, b] = await Promise.all(
              [onSqlite, onMemory].map((i) => i.count(prepare(countOnly))),
            );
            expect(a?.count).toBe(b?.count);
          }
          await Promise.all(instances.map((instance) => instance.close()));
        },
      ),
      { numRuns: 60 },
    );
  });
});
