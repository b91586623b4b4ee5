import { describe, expect, it } from 'vitest';
import type { CriteriaField } from './criteria';
import { validateAnswers } from './criteria';
import { answerText, answersToSend, blankAnswers, questionIdFor } from './criteria-forms';

const criteria: CriteriaField[] = [
  { id: 'why', label: 'Why?', type: 'longText', required: true },
  { id: 'years', label: 'Years', type: 'number', required: false, min: 0 },
  { id: 'online', label: 'Online?', type: 'yesNo', required: true },
  { id: 'days', label: 'Days', type: 'multipleChoice', required: false, options: ['Mon', 'Fri'] },
  { id: 'cv', label: 'CV', type: 'file', required: false },
];

describe('questionIdFor', () => {
  it('slugs the label and keeps ids unique and valid', () => {
    expect(questionIdFor('Years of experience?', new Set())).toBe('years-of-experience');
    expect(questionIdFor('Années d’expérience', new Set())).toBe('annees-d-experience');
    expect(questionIdFor('???', new Set())).toBe('question');
    expect(questionIdFor('Why', new Set(['why', 'why-2']))).toBe('why-3');
    const long = questionIdFor('x'.repeat(500), new Set());
    expect(long).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
  });
});

describe('answers of a form', () => {
  it('starts blank, sends only what was answered, and the rules see the blanks', () => {
    const blank = blankAnswers(criteria);
    expect(blank).toEqual({ why: '', years: '', online: null, days: [], cv: null });
    expect(answersToSend(criteria, blank)).toEqual({});
    const checked = validateAnswers(criteria, answersToSend(criteria, blank));
    expect(checked.ok ? [] : checked.issues.map((issue) => issue.fieldId)).toEqual([
      'why',
      'online',
    ]);
    const answered = answersToSend(criteria, { ...blank, why: ' Fun ', online: false, extra: 1 });
    expect(answered).toEqual({ why: ' Fun ', online: false });
    expect(validateAnswers(criteria, answered)).toEqual({
      ok: true,
      answers: { why: 'Fun', online: false },
    });
  });

  it('reads answers as text', () => {
    expect(answerText({ type: 'yesNo' }, false)).toBe('No');
    expect(answerText({ type: 'multipleChoice' }, ['Mon', 'Fri'])).toBe('Mon, Fri');
    expect(answerText({ type: 'file' }, { name: 'cv.pdf', ref: 'x' })).toBe('cv.pdf');
    expect(answerText({ type: 'text' }, '')).toBe('—');
    expect(answerText({ type: 'number' }, undefined)).toBe('—');
  });
});
