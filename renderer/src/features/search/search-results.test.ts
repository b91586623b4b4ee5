import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SearchHit } from '../../../../shared/contract';
import { groupHits, hitOfOption, hitPath, optionValue, segmentsOf } from './search-results';

const hit = (kind: SearchHit['kind'], id: string, parentId: string | null = null): SearchHit => ({
  kind,
  id,
  title: id,
  titleMatches: [],
  detail: '',
  excerpt: null,
  parentId,
  at: '2025-01-01T00:00:00.000Z',
});

describe('where a hit opens', () => {
  it('opens a message in its chat, scrolled to it, and a forum post in its thread', () => {
    expect(hitPath(hit('message', 'm/1', 'chat 1'))).toBe('/chats/chat%201?message=m%2F1');
    expect(hitPath(hit('forumPost', 'r1', 't1'))).toBe('/forum/t1?post=r1');
  });

  it('opens programmes, tasks, reports and people on their own screens', () => {
    expect(hitPath(hit('programme', 'p1'))).toBe('/programmes/p1');
    expect(hitPath(hit('task', 't 1'))).toBe('/tasks/t%201');
    expect(hitPath(hit('report', 'r1'))).toBe('/reports/r1');
    expect(hitPath(hit('person', 'ada'))).toBe('/people/ada');
  });

  it('reads back the option a hit is, ids with colons too', () => {
    expect(hitOfOption(optionValue(hit('message', 'a:b')))).toEqual({ kind: 'message', id: 'a:b' });
    expect(hitOfOption('nonsense:1')).toBeUndefined();
    expect(hitOfOption('no colon')).toBeUndefined();
  });
});

describe('grouped hits', () => {
  it('groups by kind, messages first, each group in the host’s order, empty groups left out', () => {
    const groups = groupHits([
      hit('task', 't1'),
      hit('message', 'm1'),
      hit('task', 't2'),
      hit('person', 'u1'),
      hit('message', 'm2'),
    ]);
    expect(groups.map((group) => [group.label, group.hits.map((h) => h.id)])).toEqual([
      ['Messages', ['m1', 'm2']],
      ['Tasks', ['t1', 't2']],
      ['People', ['u1']],
    ]);
  });
});

describe('marked text', () => {
  it('cuts a text at its matches', () => {
    expect(
      segmentsOf('Great work this week.', [
        { start: 16, end: 20 },
        { start: 0, end: 5 },
      ]),
    ).toEqual([
      { text: 'Great', marked: true },
      { text: ' work this ', marked: false },
      { text: 'week', marked: true },
      { text: '.', marked: false },
    ]);
  });

  it('gives back the whole text, whatever the matches (overlapping, past the end, reversed)', () => {
    const match = fc.record({
      start: fc.integer({ min: -5, max: 60 }),
      end: fc.integer({ min: -5, max: 60 }),
    });
    fc.assert(
      fc.property(
        fc.string({ maxLength: 50 }),
        fc.array(match, { maxLength: 6 }),
        (text, matches) => {
          const segments = segmentsOf(text, matches);
          expect(segments.map((segment) => segment.text).join('')).toBe(text);
          expect(segments.every((segment) => segment.text !== '')).toBe(true);
        },
      ),
    );
  });
});
