import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { signInInput } from '../../contract/session';
import { validateAnswers } from '../criteria';
import { commandInputs } from './index';
import { fieldNameOf, parseInput, summariseIssues } from './messages';
import { editProfileInput, submitUserDetailsInput } from './people';
import { editReportInput, writeReportInput } from './work';

/** What zod says by default, and what a developer would write: never what a person reads. */
const developerWords =
  /Too (big|small)|expected|Invalid (input|option|string|type)|received|<=|>=|undefined|NaN|\bstring\b/i;

describe('input messages', () => {
  it('name the field and its limit, and say how long the text is', () => {
    const result = parseInput(editProfileInput, { userId: 'u1', city: 'x'.repeat(135) });
    expect(result).toEqual({
      ok: false,
      issues: [{ path: 'city', message: 'Keep the city to 120 characters or fewer (it has 135).' }],
    });
  });

  it('count the length as the limit does', () => {
    const result = parseInput(editReportInput, { reportId: 'r1', title: 'é'.repeat(201) });
    expect(result.ok || result.issues[0]?.message).toBe(
      'Keep the title to 200 characters or fewer (it has 201).',
    );
  });

  it('say which report section is too long', () => {
    const result = parseInput(writeReportInput, {
      type: 'programme',
      programmeId: 'p1',
      title: 'Week 3',
      achievements: 'a'.repeat(100_000),
      blockers: '',
      recommendations: '',
    });
    expect(result.ok || result.issues).toEqual([
      {
        path: 'achievements',
        message: 'Keep Achievements to 20,000 characters or fewer (it has 100,000).',
      },
    ]);
  });

  it('keep the messages written on a schema', () => {
    const result = parseInput(signInInput, { serverUrl: 'ftp://x', username: ' ', password: '' });
    expect(result.ok || result.issues.map((issue) => issue.message)).toEqual([
      'Enter the server address, e.g. https://sync.example.org',
      'Enter your username.',
      'Enter your password.',
    ]);
  });

  it('ask for a number where a number is expected', () => {
    const result = parseInput(submitUserDetailsInput, {
      previousRoles: [],
      previousProgrammes: [],
      yearsOfTechnicalExperience: 'five',
      beenMentorBefore: false,
      technicalProficiency: [],
    });
    expect(result.ok || result.issues[0]?.message).toBe('Years of experience is a number.');
  });

  it('speak of "your answer" in application forms, with the question’s own limits', () => {
    const criteria = [
      { id: 'why', label: 'Why?', type: 'longText' as const, required: true, maxLength: 5_000 },
      { id: 'years', label: 'Years', type: 'number' as const, required: true, max: 40 },
    ];
    const result = validateAnswers(criteria, { why: 'w'.repeat(6_000), years: 99 });
    expect(result).toEqual({
      ok: false,
      issues: [
        {
          fieldId: 'why',
          message: 'Keep your answer to 5,000 characters or fewer (it has 6,000).',
        },
        { fieldId: 'years', message: 'Your answer is at most 40.' },
      ],
    });
  });

  it('fall back to "this field" for a path with no known name', () => {
    expect(fieldNameOf(['criteria', 0, 'label'])).toBe('the question');
    expect(fieldNameOf(['somethingNew'])).toBe('this field');
    expect(fieldNameOf([])).toBe('this field');
  });

  it('summarise several issues in one message', () => {
    expect(
      summariseIssues([
        { path: 'a', message: 'Enter the title.' },
        { path: 'b', message: 'Enter the name.' },
        { path: 'c', message: 'Enter the city.' },
      ]),
    ).toBe('Enter the title. Enter the name. (and 1 more to fix)');
    expect(summariseIssues([])).toBe('Check what you entered.');
  });

  // Every command's input, given random and oversized values: every message is a sentence for
  // a person, never zod's own words.
  const names = Object.keys(commandInputs) as (keyof typeof commandInputs)[];
  const oversized = fc.oneof(
    fc.string({ maxLength: 20 }),
    fc.string({ minLength: 1 }).map((text) => text.repeat(2_000)),
    fc.integer({ min: -1_000, max: 1_000_000 }),
    fc.double(),
    fc.constant(null),
    fc.array(fc.string({ maxLength: 3 }), { maxLength: 3 }),
  );
  const fields = fc.dictionary(
    fc.constantFrom(
      'title',
      'name',
      'city',
      'email',
      'website',
      'achievements',
      'description',
      'yearsOfTechnicalExperience',
      'role',
      'dueDate',
      'assignees',
      'criteria',
      'body',
      'reason',
      'note',
      'headline',
      'surprise',
    ),
    oversized,
  );

  it('are sentences for people for every command input', () => {
    fc.assert(
      fc.property(fc.constantFrom(...names), fields, (name, input) => {
        const result = parseInput(commandInputs[name], input);
        if (result.ok) return;
        for (const issue of result.issues) {
          expect(issue.message, `${name} ${issue.path}`).not.toMatch(developerWords);
          expect(issue.message, `${name} ${issue.path}`).toMatch(/^[A-Z].*[.)]$/);
        }
      }),
      { numRuns: 400 },
    );
  });
});
