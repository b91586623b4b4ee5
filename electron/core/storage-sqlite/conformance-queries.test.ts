import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MangoQuery } from 'rxdb';
import {
  STORAGES_UNDER_TEST,
  insertAll,
  nextRevision,
  openInstance,
  prepare,
  queryIds,
  sampleMentors,
} from './conformance-fixtures';
import type { Mentor, MentorInstance } from './conformance-fixtures';

const MENTORS = sampleMentors(60);
/** Every case's ids per storage, so the second storage's run can be compared with the first's. */
const answers = new Map<string, string[][]>();
const live = (mentor: Mentor): boolean => mentor.id !== 'm005' && mentor.id !== 'm017';

/** What a correct storage answers, computed in plain JavaScript from the sample data. */
function expectedIds(
  filter: (m: Mentor) => boolean,
  compare?: (a: Mentor, b: Mentor) => number,
): string[] {
  const byId = (a: Mentor, b: Mentor): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  return MENTORS.filter(live)
    .filter(filter)
    .sort((a, b) => (compare ? compare(a, b) : 0) || byId(a, b))
    .map((m) => m.id);
}
const cmp = <T>(a: T, b: T): number => (a < b ? -1 : a > b ? 1 : 0);

// The same queries, the same expectations, on this storage and on RxDB's memory storage.
describe.each(STORAGES_UNDER_TEST)('queries on $name storage', (under) => {
  let instance: MentorInstance;
  beforeAll(async () => {
    instance = await openInstance(under.create());
    const written = await insertAll(instance, MENTORS);
    // Two tombstones: queries must never return them.
    const deletions = written
      .filter((doc) => !live(doc))
      .map((doc) => ({ previous: doc, document: nextRevision(doc, { _deleted: true }) }));
    await instance.bulkWrite(deletions, 'delete');
  });
  afterAll(async () => {
    await instance.close();
    under.dispose();
  });

  const cases: [string, MangoQuery<Mentor>, string[]][] = [
    ['everything, by primary key', {}, expectedIds(() => true)],
    ['string index equality', { selector: { name: 'Ada' } }, expectedIds((m) => m.name === 'Ada')],
    [
      'string range including emoji and private-use characters',
      { selector: { name: { $gt: 'Z' } }, sort: [{ name: 'asc' }] },
      expectedIds(
        (m) => m.name > 'Z',
        (a, b) => cmp(a.name, b.name),
      ),
    ],
    [
      'number range on an index',
      { selector: { age: { $gte: 10, $lt: 30 } }, sort: [{ age: 'asc' }] },
      expectedIds(
        (m) => m.age >= 10 && m.age < 30,
        (a, b) => a.age - b.age,
      ),
    ],
    [
      'boolean + number compound index',
      { selector: { active: true, age: { $lte: 20 } }, sort: [{ age: 'asc' }] },
      expectedIds(
        (m) => m.active && m.age <= 20,
        (a, b) => a.age - b.age,
      ),
    ],
    [
      '$or',
      { selector: { $or: [{ name: 'Bola' }, { age: { $gt: 55 } }] } },
      expectedIds((m) => m.name === 'Bola' || m.age > 55),
    ],
    [
      '$in',
      { selector: { name: { $in: ['Zoë', 'ab', 'nobody'] } } },
      expectedIds((m) => ['Zoë', 'ab'].includes(m.name)),
    ],
    [
      '$regex',
      { selector: { name: { $regex: '^[aA]' } } },
      expectedIds((m) => /^[aA]/.test(m.name)),
    ],
    [
      '$exists: true',
      { selector: { city: { $exists: true } } },
      expectedIds((m) => m.city !== undefined),
    ],
    [
      '$exists: false',
      { selector: { city: { $exists: false } } },
      expectedIds((m) => m.city === undefined),
    ],
    [
      'array element',
      { selector: { tags: { $in: ['manager'] } } },
      expectedIds((m) => m.tags.includes('manager')),
    ],
    [
      'several sort fields, one descending',
      { selector: {}, sort: [{ active: 'desc' }, { age: 'asc' }, { name: 'desc' }] },
      expectedIds(
        () => true,
        (a, b) => cmp(b.active, a.active) || a.age - b.age || cmp(b.name, a.name),
      ),
    ],
    [
      'sort on an unindexed field',
      { selector: {}, sort: [{ city: 'asc' }, { id: 'desc' }] },
      // RxDB sorts a missing field first.
      MENTORS.filter(live)
        .sort((a, b) => cmp(a.city ?? '', b.city ?? '') || cmp(b.id, a.id))
        .map((m) => m.id),
    ],
    [
      'skip and limit on an index-sorted query',
      { selector: { age: { $gt: 5 } }, sort: [{ age: 'asc' }], skip: 3, limit: 7 },
      expectedIds(
        (m) => m.age > 5,
        (a, b) => a.age - b.age,
      ).slice(3, 10),
    ],
    [
      'skip and limit with a matcher and a re-sort',
      { selector: { name: { $regex: 'a' } }, sort: [{ age: 'desc' }], skip: 2, limit: 4 },
      expectedIds(
        (m) => /a/.test(m.name),
        (a, b) => b.age - a.age,
      ).slice(2, 6),
    ],
    ['limit 0', { selector: {}, limit: 0 }, []],
    [
      'a forced index',
      { selector: { age: { $gt: 40 } }, index: ['_deleted', 'name', 'id'] },
      expectedIds((m) => m.age > 40),
    ],
  ];

  it.each(cases)('%s', async (_label, query, expected) => {
    const ids = await queryIds(instance, query);
    // Without a sort RxDB picks one from the chosen index; the cross-storage test checks that order.
    expect(query.sort ? ids : [...ids].sort()).toEqual(
      query.sort ? expected : [...expected].sort(),
    );
  });

  // The interface asks count() to honour skip and limit; RxDB's memory storage ignores both (and
  // RxQuery never sends them to count), so those cases are checked on SQLite only.
  const countCases = cases.filter(
    ([, query]) =>
      under.name === 'sqlite' || (query.skip === undefined && query.limit === undefined),
  );
  it.each(countCases)('count equals the query length: %s', async (_label, query) => {
    const { documents } = await instance.query(prepare(query));
    const counted = await instance.count(prepare({ ...query, sort: undefined }));
    expect(counted.count).toBe(documents.length);
  });

  it("gives exactly the memory storage's answers, order included", async () => {
    answers.set(under.name, await Promise.all(cases.map(([, query]) => queryIds(instance, query))));
    const [first, second] = [...answers.values()];
    if (first && second) expect(first).toEqual(second);
  });

  it('returns whole documents, equal to what was written', async () => {
    const { documents } = await instance.query(prepare({ selector: { id: 'm001' } }));
    expect(documents).toEqual(await instance.findDocumentsById(['m001'], false));
    expect(documents[0]).toMatchObject(MENTORS[1] ?? {});
  });
});
