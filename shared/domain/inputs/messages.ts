import type { z } from 'zod';

/**
 * The one place that turns a schema's complaint into a sentence a person reads: "Keep the city to
 * 120 characters or fewer (it has 135)." instead of zod's "Too big: expected string to have <=120
 * characters". Shared, because both sides show these sentences: the renderer's forms check input
 * with the contract's schemas before sending it, and the host checks it again (an older or
 * tampered renderer, the WebSocket transport) and answers with the same sentences.
 *
 * A message written on a schema itself ('Enter your username.') wins over these; these fill in
 * every check that has none.
 */

/** What people call each input field, by the last named part of its path. */
const fieldNames: Readonly<Record<string, string>> = {
  title: 'the title',
  name: 'the name',
  fullName: 'your full name',
  description: 'the description',
  achievements: 'Achievements',
  blockers: 'Blockers',
  recommendations: 'Recommendations',
  email: 'the email address',
  username: 'the username',
  password: 'the password',
  serverUrl: 'the server address',
  city: 'the city',
  country: 'the country',
  headline: 'the headline',
  bio: 'the bio',
  website: 'the website',
  github: 'the GitHub address',
  linkedin: 'the LinkedIn address',
  twitter: 'the X (Twitter) address',
  facebook: 'the Facebook address',
  note: 'the note',
  reason: 'the reason',
  body: 'the text',
  label: 'the question',
  help: 'the help text',
  options: 'the options',
  min: 'the minimum',
  max: 'the maximum',
  maxLength: 'the maximum length',
  criteria: 'the application form',
  assignees: 'the assignees',
  dueDate: 'the due date',
  previousRoles: 'the previous roles',
  previousProgrammes: 'the previous programmes',
  yearsOfTechnicalExperience: 'the years of experience',
  technicalProficiency: 'the tech stacks',
  programmeId: 'the programme',
  taskId: 'the task',
  role: 'the role',
  decision: 'the decision',
  document: 'the document',
  picture: 'the picture',
};

const numberFormat = new Intl.NumberFormat('en');
const count = (value: number | bigint): string => numberFormat.format(value);

const capitalise = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

/** The name of the field a path points at ("the city"), or `fallback` when it has none. */
export const fieldNameOf = (path: readonly PropertyKey[], fallback = 'this field'): string => {
  for (let index = path.length - 1; index >= 0; index -= 1) {
    const part = path[index];
    if (typeof part === 'string') return fieldNames[part] ?? fallback;
  }
  return fallback;
};

/**
 * Length of a string as the limit counts it: zod's `max` (and the documents' JSON schema) count
 * UTF-16 units, so the sentence does too, and "it has 201" never contradicts the limit.
 */
const lengthOf = (value: unknown): number | undefined =>
  typeof value === 'string' ? value.length : undefined;

/** The issue as zod hands it to an error map (before it has a message), loosely typed. */
export type RawIssue = z.core.$ZodRawIssue;

const tooBig = (issue: RawIssue & { code: 'too_big' }, field: string): string => {
  const max = issue.maximum;
  switch (issue.origin) {
    case 'string': {
      const has = lengthOf(issue.input);
      const now = has === undefined ? '' : ` (it has ${count(has)})`;
      return `Keep ${field} to ${count(max)} characters or fewer${now}.`;
    }
    case 'array':
    case 'set':
      return `Choose at most ${count(max)} for ${field}.`;
    case 'number':
    case 'int':
    case 'bigint':
      return `${capitalise(field)} is at most ${count(max)}.`;
    case 'file':
      return `${capitalise(field)} is too large.`;
    default:
      return `${capitalise(field)} is too long.`;
  }
};

const tooSmall = (issue: RawIssue & { code: 'too_small' }, field: string): string => {
  const min = issue.minimum;
  switch (issue.origin) {
    case 'string':
      return Number(min) <= 1
        ? `Enter ${field}.`
        : `${capitalise(field)} needs at least ${count(min)} characters.`;
    case 'array':
    case 'set':
      return Number(min) <= 1
        ? `Choose at least one for ${field}.`
        : `Choose at least ${count(min)} for ${field}.`;
    case 'number':
    case 'int':
    case 'bigint':
      return `${capitalise(field)} is at least ${count(min)}.`;
    default:
      return `${capitalise(field)} is too short.`;
  }
};

const formats: Readonly<Record<string, string>> = {
  email: 'Enter a valid email address, like ada@example.org.',
  url: 'Enter a web address starting with http:// or https://.',
  date: 'Enter a date as YYYY-MM-DD.',
  datetime: 'Enter a date and time.',
};

/** The sentence for one issue, about the field it is on. */
export const sentenceFor = (issue: RawIssue, fallbackField?: string): string => {
  const field = fieldNameOf(issue.path ?? [], fallbackField);
  switch (issue.code) {
    case 'too_big':
      return tooBig(issue, field);
    case 'too_small':
      return tooSmall(issue, field);
    case 'invalid_type':
      if (issue.input === undefined || issue.input === null || issue.input === '') {
        return `${capitalise(field)} is needed.`;
      }
      if (issue.expected === 'number' || issue.expected === 'int') {
        return `Enter a number for ${field}.`;
      }
      return `Check ${field}.`;
    case 'invalid_format':
      return formats[issue.format] ?? `Check ${field}: it is not in the expected form.`;
    case 'not_multiple_of':
      return issue.divisor === 1
        ? `Enter a whole number for ${field}.`
        : `${capitalise(field)} goes in steps of ${count(issue.divisor)}.`;
    case 'invalid_value':
      return `Choose ${field} from the list.`;
    case 'unrecognized_keys':
      return 'The form sent something this version of the app does not know. Reload and try again.';
    case 'invalid_union':
    case 'invalid_key':
    case 'invalid_element':
    case 'custom':
      return `Check ${field}.`;
    default: {
      const unknownIssue: never = issue;
      return `Check ${fieldNameOf((unknownIssue as RawIssue).path ?? [])}.`;
    }
  }
};

/** An error map for `schema.safeParse(value, { error })`: every unwritten message as a sentence. */
export const inputErrorMap =
  (fallbackField?: string): z.core.$ZodErrorMap =>
  (issue) =>
    sentenceFor(issue, fallbackField);

export interface InputIssue {
  /** The field's path, `social.github`, or '(input)' for the input as a whole. */
  readonly path: string;
  readonly message: string;
}

/**
 * Parses input against a contract schema with these sentences: the value, or every issue by field.
 * Both the forms and the host go through here, so a person reads the same words from either.
 */
export const parseInput = <S extends z.ZodType>(
  schema: S,
  value: unknown,
  fallbackField?: string,
):
  | { readonly ok: true; readonly value: z.output<S> }
  | { readonly ok: false; readonly issues: readonly InputIssue[] } => {
  const parsed = schema.safeParse(value, { error: inputErrorMap(fallbackField) });
  if (parsed.success) return { ok: true, value: parsed.data };
  return {
    ok: false,
    issues: parsed.error.issues.map((issue) => ({
      path: issue.path.map(String).join('.') || '(input)',
      message: issue.message,
    })),
  };
};

/** One message for all of an input's issues, for places that show only one (a notification). */
export const summariseIssues = (issues: readonly InputIssue[]): string => {
  const sentences = [...new Set(issues.map((issue) => issue.message))];
  if (sentences.length === 0) return 'Check what you entered.';
  if (sentences.length === 1) return sentences[0] ?? '';
  const shown = sentences.slice(0, 2).join(' ');
  const more = sentences.length - 2;
  return more > 0 ? `${shown} (and ${count(more)} more to fix)` : shown;
};
