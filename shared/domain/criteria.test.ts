import { describe, expect, it } from 'vitest';
import { criteriaInput, validateAnswers, type CriteriaField } from './criteria';

const form: CriteriaField[] = [
  { id: 'why', label: 'Why?', type: 'text', required: true, maxLength: 20 },
  { id: 'story', label: 'Tell us', type: 'longText', required: false },
  { id: 'years', label: 'Years', type: 'number', required: true, min: 0, max: 50 },
  { id: 'before', label: 'Mentored before?', type: 'yesNo', required: true },
  { id: 'track', label: 'Track', type: 'singleChoice', required: true, options: ['web', 'data'] },
  {
    id: 'days',
    label: 'Days',
    type: 'multipleChoice',
    required: false,
    options: ['mon', 'tue', 'wed'],
  },
  { id: 'cv', label: 'CV', type: 'file', required: false },
];

const good = { why: 'To help', years: 3, before: false, track: 'web', days: ['mon', 'wed'] };

const issuesOf = (answers: unknown) => {
  const result = validateAnswers(form, answers);
  return result.ok ? [] : result.issues;
};

describe('criteria form', () => {
  it('accepts a form with every field type', () => {
    expect(criteriaInput.safeParse(form).success).toBe(true);
  });

  it('refuses choices without options, duplicate ids and min above max', () => {
    const bad = [
      [{ id: 'a', label: 'A', type: 'singleChoice', required: true, options: ['only'] }],
      [form[0], form[0]],
      [{ id: 'n', label: 'N', type: 'number', required: true, min: 5, max: 1 }],
      [{ id: 't', label: 'T', type: 'text', required: true, options: ['x', 'y'] }],
      [{ id: 'bad id', label: 'T', type: 'text', required: true }],
    ];
    for (const criteria of bad) expect(criteriaInput.safeParse(criteria).success).toBe(false);
  });
});

describe('validateAnswers', () => {
  it('accepts valid answers, trimming text', () => {
    expect(validateAnswers(form, { ...good, why: '  To help  ' })).toEqual({
      ok: true,
      answers: good,
    });
  });

  it.each([
    ['a missing required answer', { ...good, why: undefined }, 'why'],
    ['an empty required text', { ...good, why: '   ' }, 'why'],
    ['text over its length', { ...good, why: 'x'.repeat(21) }, 'why'],
    ['a number out of range', { ...good, years: -1 }, 'years'],
    ['a number as text', { ...good, years: '3' }, 'years'],
    ['yes/no as text', { ...good, before: 'no' }, 'before'],
    ['an unknown choice', { ...good, track: 'mobile' }, 'track'],
    ['a repeated choice', { ...good, days: ['mon', 'mon'] }, 'days'],
    ['a choice outside the options', { ...good, days: ['sun'] }, 'days'],
    ['a file without its reference', { ...good, cv: { name: 'cv.pdf' } }, 'cv'],
    ['an answer to no question', { ...good, extra: 1 }, 'extra'],
  ])('refuses %s, naming the question', (_what, answers, fieldId) => {
    const issues = issuesOf(answers);
    expect(issues.map((issue) => issue.fieldId)).toContain(fieldId);
    for (const issue of issues) expect(issue.message.length).toBeGreaterThan(0);
  });

  it('refuses answers that are not an object', () => {
    expect(issuesOf(['a'])[0]?.message).toMatch(/object/);
    expect(issuesOf(null).length).toBeGreaterThan(0);
  });
});
