import { describe, expect, it } from 'vitest';
import { profileCompleteness } from './profile';

const empty = { email: '' };

describe('profile completeness', () => {
  it('is 0 for an empty profile and lists every missing item', () => {
    const result = profileCompleteness(empty);
    expect(result.percent).toBe(0);
    expect(result.complete).toBe(false);
    expect(result.items.filter((item) => !item.done).map((item) => item.key)).toEqual([
      'fullName',
      'email',
      'country',
      'city',
      'headline',
      'bio',
      'links',
    ]);
  });

  it('counts whitespace as missing and any one link as enough', () => {
    const partial = profileCompleteness({
      email: 'ada@example.org',
      fullName: '   ',
      social: { linkedin: 'https://linkedin.com/in/ada' },
    });
    expect(partial.items.find((item) => item.key === 'fullName')?.done).toBe(false);
    expect(partial.items.find((item) => item.key === 'links')?.done).toBe(true);
    expect(partial.percent).toBe(29);
  });

  it('is complete when every item is filled', () => {
    const result = profileCompleteness({
      email: 'ada@example.org',
      fullName: 'Ada Lovelace',
      country: 'UK',
      city: 'London',
      headline: 'Analyst',
      bio: 'Wrote the first program.',
      website: 'https://ada.dev',
    });
    expect(result).toMatchObject({ percent: 100, complete: true });
  });
});
