import type { FormErrors, UseFormReturnType } from '@mantine/form';
import type { z } from 'zod';
import type { HostError } from '../../../shared/contract';
import { parseInput } from '../../../shared/domain/inputs/messages';

/**
 * A form's `validate`: the command's own schema, with the sentences of shared/domain/inputs/messages
 * (the host answers with the same ones). The first problem of each field is shown under it.
 */
export const validateWith =
  (schema: z.ZodType) =>
  (values: unknown): FormErrors => {
    const parsed = parseInput(schema, values);
    if (parsed.ok) return {};
    const errors: Record<string, string> = {};
    for (const issue of parsed.issues) errors[issue.path] ??= issue.message;
    return errors;
  };

/**
 * Puts a host error's field issues on the form's fields (the core parses every input with the same
 * zod schemas the form uses, so a path names a form field), and returns what is left to show above
 * the form. Nothing the person typed is cleared.
 */
export const showHostErrors = <T extends object>(
  form: UseFormReturnType<T>,
  error: HostError,
  fieldOf: (path: string) => string | undefined = (path) => path,
): string | null => {
  let placed = 0;
  for (const issue of error.issues ?? []) {
    const field = fieldOf(issue.path);
    if (field !== undefined && field !== '(input)') {
      form.setFieldError(field, issue.message);
      placed += 1;
    }
  }
  return placed > 0 && placed === (error.issues?.length ?? 0) ? null : error.message;
};

/** Form values with blank optional text left out, as the command inputs expect. */
export const withoutBlanks = <T extends Record<string, unknown>>(values: T): Partial<T> =>
  Object.fromEntries(
    Object.entries(values).filter(
      ([, value]) => !(typeof value === 'string' && value.trim() === ''),
    ),
  ) as Partial<T>;
