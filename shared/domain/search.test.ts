import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MatchRank, bestMatches, foldText, parseSearch, rankMatch } from './search';

const query = (text: string) => {
  const parsed = parseSearch(text);
  if (!parsed) throw new Error(`"${text}" is not a query`);
  return parsed;
};

describe('parseSearch', () => {
  it('folds case and accents, and splits words', () => {
    expect(parseSearch('  Élan   VITAL élan ')).toEqual({
      phrase: 'elan vital elan',
      words: ['elan', 'vital'],
    });
    expect(parseSearch('   ')).toBeUndefined();
    expect(foldText('Crème Brûlée')).toBe('creme brulee');
  });
});

describe('rankMatch', () => {
  it('ranks a title that starts with the text first, then word starts, then anywhere', () => {
    const q = query('data');
    expect(rankMatch(q, 'Data pipelines')).toBe(MatchRank.titleStartsWith);
    expect(rankMatch(q, 'Big data')).toBe(MatchRank.titleWordStartsWith);
    expect(rankMatch(q, 'Metadata')).toBe(MatchRank.titleContains);
    expect(rankMatch(q, 'Something else', ['all about data'])).toBe(MatchRank.fieldsHaveAllWords);
    expect(rankMatch(q, 'Something else', ['nothing'])).toBeUndefined();
  });

  it('needs every word, in the title or the other fields', () => {
    const q = query('review mobile');
    expect(rankMatch(q, 'Mobile app review')).toBe(MatchRank.titleHasAllWords);
    expect(rankMatch(q, 'Review the API', ['for the mobile team'])).toBe(
      MatchRank.fieldsHaveAllWords,
    );
    expect(rankMatch(q, 'Review the API', ['for the web team'])).toBeUndefined();
  });

  it('is case- and accent-insensitive', () => {
    expect(rankMatch(query('ZOË'), 'zoe Adams')).toBe(MatchRank.titleStartsWith);
    expect(rankMatch(query('zoe'), 'Zoë Adams')).toBe(MatchRank.titleStartsWith);
  });

  it('finds any title by any piece of it', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 40 }), fc.nat(), fc.nat(), (title, a, b) => {
        const folded = foldText(title);
        const start = a % folded.length;
        const piece = folded.slice(start, start + 1 + (b % (folded.length - start)));
        const parsed = parseSearch(piece);
        if (!parsed || piece.trim() !== piece || /\s\s/.test(piece)) return;
        expect(rankMatch(parsed, title)).toBeDefined();
      }),
    );
  });
});

describe('bestMatches', () => {
  const titles = [
    'Onboarding checklist',
    'Write the onboarding guide',
    'Plan',
    'Review onboarding',
    'Zonboard', // contains "onboard" mid-word
    'Unrelated',
  ];

  it('orders by rank, then shorter titles, and keeps the limit', () => {
    const hits = bestMatches(titles, query('onboard'), (title) => ({ title }), 4);
    expect(hits.map((hit) => hit.item)).toEqual([
      'Onboarding checklist',
      'Review onboarding',
      'Write the onboarding guide',
      'Zonboard',
    ]);
    expect(bestMatches(titles, query('onboard'), (title) => ({ title }), 0)).toEqual([]);
  });

  it('returns only matches, each rank no better than the one before', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ maxLength: 12 }), { maxLength: 60 }),
        fc.string({ minLength: 1, maxLength: 3 }),
        (items, text) => {
          const parsed = parseSearch(text);
          if (!parsed) return;
          const hits = bestMatches(items, parsed, (title) => ({ title }), 10);
          expect(hits.length).toBeLessThanOrEqual(10);
          for (const [index, hit] of hits.entries()) {
            expect(rankMatch(parsed, hit.title)).toBe(hit.rank);
            if (index > 0) expect(hit.rank).toBeGreaterThanOrEqual(hits[index - 1]?.rank ?? 0);
          }
          const matching = items.filter((item) => rankMatch(parsed, item) !== undefined);
          expect(hits.length).toBe(Math.min(10, matching.length));
        },
      ),
    );
  });
});

describe('aliases', () => {
  it('ranks a person by their username as well as their name', () => {
    const people = [
      { name: 'Ada Lovelace', username: 'mentor01' },
      { name: 'Grace mentor01 Hopper', username: 'gh' },
    ];
    const hits = bestMatches(
      people,
      query('mentor01'),
      (person) => ({ title: person.name, aliases: [person.username] }),
      5,
    );
    expect(hits.map((hit) => [hit.item.username, hit.rank])).toEqual([
      ['mentor01', MatchRank.titleStartsWith],
      ['gh', MatchRank.titleWordStartsWith],
    ]);
    const mentors = bestMatches(
      [
        { name: 'Zoe Long-Name', username: 'mentor02' },
        { name: 'Al', username: 'mentor03' },
        { name: 'Bea Middle', username: 'mentor01' },
      ],
      query('mentor0'),
      (person) => ({ title: person.name, aliases: [person.username] }),
      5,
    );
    expect(mentors.map((hit) => hit.item.username)).toEqual(['mentor01', 'mentor02', 'mentor03']);
  });
});
