import { z } from 'zod';
import { criteriaFieldTypes } from '../schema/programmes';
import { fileRefInput } from './inputs/fields';
import { inputErrorMap } from './inputs/messages';

/**
 * A programme's application form: the questions (criteria) a manager sets, and the check of an
 * applicant's answers against them.
 */
const choiceTypes = new Set(['singleChoice', 'multipleChoice']);

/** The longest question and help text a manager may write. */
export const QUESTION_MAX = 500;
export const HELP_MAX = 2_000;

export const criteriaFieldInput = z
  .object({
    id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'A question id is 1–64 letters, digits, - or _.'),
    label: z.string().trim().min(1, 'A question needs a label.').max(QUESTION_MAX),
    type: z.enum(criteriaFieldTypes),
    required: z.boolean(),
    help: z.string().max(HELP_MAX).optional(),
    options: z
      .array(z.string().trim().min(1, 'An option needs some text.').max(200))
      .max(50, 'A question has at most 50 options.')
      .optional(),
    min: z.number().optional(),
    max: z.number().optional(),
    maxLength: z
      .int('The maximum length is a whole number of characters.')
      .min(1)
      .max(20_000)
      .optional(),
  })
  .superRefine((field, ctx) => {
    const options = field.options ?? [];
    if (choiceTypes.has(field.type)) {
      if (options.length < 2)
        ctx.addIssue({
          code: 'custom',
          message: 'A choice needs at least two options.',
          path: ['options'],
        });
      if (new Set(options).size !== options.length)
        ctx.addIssue({ code: 'custom', message: 'Options must differ.', path: ['options'] });
    } else if (field.options !== undefined) {
      ctx.addIssue({
        code: 'custom',
        message: 'Only choice questions have options.',
        path: ['options'],
      });
    }
    if (field.min !== undefined && field.max !== undefined && field.min > field.max) {
      ctx.addIssue({ code: 'custom', message: 'The minimum is above the maximum.', path: ['min'] });
    }
  });

export type CriteriaField = z.output<typeof criteriaFieldInput>;

export const criteriaInput = z
  .array(criteriaFieldInput)
  .max(50, 'A form has at most 50 questions.')
  .superRefine((fields, ctx) => {
    const ids = fields.map((field) => field.id);
    if (new Set(ids).size !== ids.length)
      ctx.addIssue({ code: 'custom', message: 'Question ids must differ.' });
  });

const TEXT_DEFAULT_MAX = 500;
const LONG_TEXT_DEFAULT_MAX = 5_000;

/** The zod schema of one answer, from the question. */
const answerSchema = (field: CriteriaField): z.ZodType => {
  switch (field.type) {
    case 'text':
    case 'longText': {
      const max =
        field.maxLength ?? (field.type === 'text' ? TEXT_DEFAULT_MAX : LONG_TEXT_DEFAULT_MAX);
      const base = z.string().trim().max(max);
      return field.required ? base.min(1, 'This question needs an answer.') : base;
    }
    case 'number': {
      // No messages here: inputs/messages says "Enter a number for your answer." and the limits.
      let number = z.number();
      if (field.min !== undefined) number = number.min(field.min);
      if (field.max !== undefined) number = number.max(field.max);
      return number;
    }
    case 'yesNo':
      return z.boolean('Answer yes or no.');
    case 'singleChoice':
      return z.enum(field.options ?? [], 'Choose one of the options.');
    case 'multipleChoice': {
      const list = z
        .array(z.enum(field.options ?? [], 'Choose among the options.'))
        .refine((chosen) => new Set(chosen).size === chosen.length, 'Choose each option once.');
      return field.required ? list.min(1, 'Choose at least one option.') : list;
    }
    case 'file':
      return fileRefInput;
    default: {
      const unknownType: never = field.type;
      return z.never(`Unknown question type ${String(unknownType)}.`);
    }
  }
};

export type Answers = Record<string, unknown>;

export interface AnswerIssue {
  /** The question's id, or '' for a problem with the answers as a whole. */
  readonly fieldId: string;
  readonly message: string;
}

export type AnswersResult =
  | { readonly ok: true; readonly answers: Answers }
  | { readonly ok: false; readonly issues: readonly AnswerIssue[] };

/** Checks an applicant's answers against the programme's questions: every issue, by question. */
export const validateAnswers = (
  criteria: readonly CriteriaField[],
  answers: unknown,
): AnswersResult => {
  const shape: Record<string, z.ZodType> = {};
  for (const field of criteria) {
    const schema = answerSchema(field);
    shape[field.id] = field.required ? schema : schema.optional();
  }
  if (typeof answers !== 'object' || answers === null || Array.isArray(answers)) {
    return {
      ok: false,
      issues: [{ fieldId: '', message: 'Answers must be an object of question id to answer.' }],
    };
  }
  const given = answers as Record<string, unknown>;
  // Every answer is "your answer": a question's id means nothing to the applicant.
  const parsed = z.strictObject(shape).safeParse(given, { error: inputErrorMap('your answer') });
  if (parsed.success) return { ok: true, answers: parsed.data };
  return {
    ok: false,
    issues: parsed.error.issues.map((issue): AnswerIssue => {
      if (issue.code === 'unrecognized_keys') {
        return { fieldId: issue.keys.join(', '), message: 'No such question.' };
      }
      const fieldId = typeof issue.path[0] === 'string' ? issue.path[0] : '';
      const missing = issue.code === 'invalid_type' && given[fieldId] === undefined;
      return { fieldId, message: missing ? 'This question needs an answer.' : issue.message };
    }),
  };
};
