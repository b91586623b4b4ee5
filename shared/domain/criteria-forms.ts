import type { CriteriaFieldType } from '../schema/programmes';
import type { Answers, CriteriaField } from './criteria';

/**
 * What screens need around a programme's application form, kept beside the rules so the builder,
 * the form and the readers agree: question ids, the blank answers a form starts from, the answers a
 * form sends, and answers as text.
 */

const ID_MAX = 64;

/**
 * A question id from its label (`Years of experience` → `years-of-experience`), unique among
 * `taken`. Ids are given once, when a question is first saved: answers are kept by id, so
 * relabelling a question later must not move them.
 */
export const questionIdFor = (label: string, taken: ReadonlySet<string>): string => {
  const slug =
    label
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40)
      .replace(/-+$/, '') || 'question';
  if (!taken.has(slug)) return slug;
  for (let n = 2; ; n += 1) {
    const candidate = `${slug}-${n}`.slice(-ID_MAX);
    if (!taken.has(candidate)) return candidate;
  }
};

/** What a form field holds for each kind of question before anything is answered. */
export type AnswerValue = string | number | boolean | readonly string[] | null | object;

export const blankAnswer = (type: CriteriaFieldType): AnswerValue => {
  switch (type) {
    case 'text':
    case 'longText':
    case 'number':
      // Mantine's NumberInput holds '' while empty.
      return '';
    case 'multipleChoice':
      return [];
    case 'yesNo':
    case 'singleChoice':
    case 'file':
      return null;
    default: {
      const unknownType: never = type;
      return unknownType;
    }
  }
};

/** The values an application form starts from: every question blank, keyed by its id. */
export const blankAnswers = (criteria: readonly CriteriaField[]): Record<string, AnswerValue> =>
  Object.fromEntries(criteria.map((field) => [field.id, blankAnswer(field.type)]));

const isBlank = (value: unknown): boolean =>
  value === undefined ||
  value === null ||
  (typeof value === 'string' && value.trim() === '') ||
  (Array.isArray(value) && value.length === 0);

/**
 * The answers a form sends: blank answers are left out (a required one is then reported as
 * needing an answer, an optional one is simply not given), and questions not in the form dropped.
 */
export const answersToSend = (
  criteria: readonly CriteriaField[],
  values: Readonly<Record<string, unknown>>,
): Answers => {
  const answers: Answers = {};
  for (const field of criteria) {
    const value = values[field.id];
    if (!isBlank(value)) answers[field.id] = value;
  }
  return answers;
};

const fileName = (value: unknown): string | null =>
  typeof value === 'object' && value !== null && 'name' in value && typeof value.name === 'string'
    ? value.name
    : null;

/** An answer as a person reads it; '—' when there is none. */
export const answerText = (field: Pick<CriteriaField, 'type'>, value: unknown): string => {
  if (isBlank(value)) return '—';
  switch (field.type) {
    case 'yesNo':
      return value === true ? 'Yes' : value === false ? 'No' : '—';
    case 'multipleChoice':
      return Array.isArray(value) ? value.map(String).join(', ') : String(value);
    case 'file':
      return fileName(value) ?? '—';
    case 'number':
      return typeof value === 'number' ? value.toLocaleString() : String(value);
    case 'text':
    case 'longText':
    case 'singleChoice':
      return typeof value === 'string' ? value : JSON.stringify(value);
    default: {
      const unknownType: never = field.type;
      return String(unknownType);
    }
  }
};

/** How each kind of question is named to the people building a form. */
export const questionTypeLabels: Readonly<Record<CriteriaFieldType, string>> = {
  text: 'Short text',
  longText: 'Long text',
  number: 'Number',
  yesNo: 'Yes / no',
  singleChoice: 'Single choice',
  multipleChoice: 'Multiple choice',
  file: 'File upload',
};
