// The scope's conditions mean the same to FTS5 (as MATCH expressions) and in memory
// (`tagsSatisfy`, what another engine would apply): for random conditions and rows, a real FTS5
// table finds exactly the rows `tagsSatisfy` accepts.
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ANYTHING, ftsCondition, tagsSatisfy, withCondition } from './search-access';
import type { TagCondition } from './search-access';

const TAGS = ['p61', 'p62', 'a6d', 's73', 'c01', 'c02', 'pnone'];
const someTags = fc.uniqueArray(fc.constantFrom(...TAGS), { minLength: 1, maxLength: 3 });

/** Conditions as the scope builds them: "none of" only as a whole condition. */
const nested: fc.Arbitrary<TagCondition> = fc.letrec<{ condition: TagCondition }>((tie) => ({
  condition: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    someTags.map((any) => ({ any })),
    fc.array(tie('condition'), { maxLength: 3 }).map((all) => ({ all })),
    fc.array(tie('condition'), { minLength: 1, maxLength: 3 }).map((either) => ({ either })),
  ),
})).condition;
const condition = fc.oneof(
  nested,
  someTags.map((none) => ({ none })),
);

describe('search scope conditions', () => {
  it('find the same rows in FTS5 as in memory', () => {
    const db = new Database(':memory:');
    db.exec(`CREATE VIRTUAL TABLE t USING fts5(title, body, tags)`);
    const rows = [...Array(40).keys()].map((n) =>
      TAGS.filter((_, index) => ((n * 7 + 3) >> index) % 2 === 1),
    );
    const insert = db.prepare('INSERT INTO t (rowid, title, body, tags) VALUES (?, ?, ?, ?)');
    rows.forEach((tags, row) => insert.run(row + 1, 'word', '', tags.join(' ')));
    const find = db.prepare('SELECT rowid FROM t WHERE t MATCH ? ORDER BY rowid');
    fc.assert(
      fc.property(condition, (tagCondition) => {
        const found = find
          .all(withCondition('{title body} : ("word")', tagCondition))
          .map((row) => (row as { rowid: number }).rowid);
        const expected = rows.flatMap((tags, row) =>
          tagsSatisfy(tagCondition, new Set(tags)) ? [row + 1] : [],
        );
        expect(found).toEqual(expected);
      }),
      { numRuns: 300 },
    );
    db.close();
  });

  it('leave out what adds nothing, and refuse "none of" inside another condition', () => {
    expect(ftsCondition(ANYTHING)).toBe('');
    expect(ftsCondition({ all: [ANYTHING, { any: ['p61'] }] })).toBe('({tags} : ("p61"))');
    expect(ftsCondition({ either: [ANYTHING, { any: ['p61'] }] })).toBe('');
    expect(() => ftsCondition({ all: [{ none: ['c01'] }] })).toThrow();
  });
});
