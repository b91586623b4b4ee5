import { describe, expect, it } from 'vitest';
import type { UserDoc } from '../schema/users';
import { applyProfileEdit, profileCompleteness, profileMatches } from './profile';

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

const ada: UserDoc = {
  id: 'ada',
  username: 'ada',
  email: 'ada@example.org',
  role: 'mentor',
  fullName: 'Ada Lovelace',
  profileComplete: false,
  country: 'UK',
  city: 'London',
  social: { github: 'https://github.com/ada' },
  website: 'https://ada.dev',
  dateCreated: '2025-01-01T00:00:00.000Z',
  createdAt: '2025-01-01T00:00:00.000Z',
  updatedAt: '2025-01-01T00:00:00.000Z',
};

describe('editing a profile', () => {
  it('takes the form as the whole profile: left out or blank is cleared, the email is kept', () => {
    const next = applyProfileEdit(ada, {
      fullName: '  Ada King ',
      city: '  ',
      social: { linkedin: 'https://linkedin.com/in/ada', github: ' ' },
      headline: 'Analyst',
    });
    expect(next).toMatchObject({
      id: 'ada',
      role: 'mentor',
      email: 'ada@example.org',
      fullName: 'Ada King',
      headline: 'Analyst',
      social: { linkedin: 'https://linkedin.com/in/ada' },
    });
    expect(next).not.toHaveProperty('city');
    expect(next).not.toHaveProperty('country');
    expect(next).not.toHaveProperty('website');
    expect(applyProfileEdit(ada, { email: 'ada@lovelace.org', social: {} })).not.toHaveProperty(
      'social',
    );
  });

  it('keeps profileComplete in step with the completeness rule', () => {
    const complete = applyProfileEdit(ada, {
      fullName: 'Ada Lovelace',
      country: 'UK',
      city: 'London',
      headline: 'Analyst',
      bio: 'Wrote the first program.',
      website: 'https://ada.dev',
    });
    expect(complete.profileComplete).toBe(true);
    expect(applyProfileEdit(complete, { fullName: 'Ada' }).profileComplete).toBe(false);
  });
});

describe('finding people by text', () => {
  it('matches every word against the name, username, email, headline and place', () => {
    expect(profileMatches(ada, '')).toBe(true);
    expect(profileMatches(ada, 'lovelace LONDON')).toBe(true);
    expect(profileMatches(ada, 'example.org')).toBe(true);
    expect(profileMatches(ada, 'ada paris')).toBe(false);
  });
});
