import { z } from 'zod';
import type { StoredFile } from '../../../../shared/contract';
import type { CriteriaField } from '../../../../shared/domain/criteria';
import { questionIdFor } from '../../../../shared/domain/criteria-forms';
import { createProgrammeInput } from '../../../../shared/domain/inputs/programmes';
import type { CriteriaFieldType, ProgrammeDoc } from '../../../../shared/schema';

/**
 * The programme form as it is being edited: questions hold what inputs hold (blank numbers are '',
 * options of a question that is not a choice are kept in case the type is switched back), and
 * become the shared command input only when checked or saved.
 */
export interface QuestionDraft {
  /** React's key: stays with the question while it is moved. */
  readonly key: string;
  /** '' until the question is first saved, then fixed: answers are kept by it. */
  id: string;
  label: string;
  type: CriteriaFieldType;
  required: boolean;
  help: string;
  options: string[];
  min: number | string;
  max: number | string;
  maxLength: number | string;
}

export interface ProgrammeFormValues {
  name: string;
  description: string;
  picture: StoredFile | null;
  criteria: QuestionDraft[];
}

export const isChoice = (type: CriteriaFieldType): boolean =>
  type === 'singleChoice' || type === 'multipleChoice';

let keys = 0;
const nextKey = () => {
  keys += 1;
  return `question-${String(keys)}`;
};

export const newQuestion = (type: CriteriaFieldType = 'text'): QuestionDraft => ({
  key: nextKey(),
  id: '',
  label: '',
  type,
  required: true,
  help: '',
  options: isChoice(type) ? ['', ''] : [],
  min: '',
  max: '',
  maxLength: '',
});

const draftOf = (field: CriteriaField): QuestionDraft => ({
  key: nextKey(),
  id: field.id,
  label: field.label,
  type: field.type,
  required: field.required,
  help: field.help ?? '',
  options: [...(field.options ?? [])],
  min: field.min ?? '',
  max: field.max ?? '',
  maxLength: field.maxLength ?? '',
});

export const formValuesOf = (programme?: ProgrammeDoc): ProgrammeFormValues => ({
  name: programme?.name ?? '',
  description: programme?.description ?? '',
  picture: programme?.picture ?? null,
  criteria: (programme?.criteria ?? []).map(draftOf),
});

const numberOf = (value: number | string): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) ? value : undefined;

const fieldOf = (question: QuestionDraft, id: string): CriteriaField => {
  const help = question.help.trim();
  const min = numberOf(question.min);
  const max = numberOf(question.max);
  const maxLength = numberOf(question.maxLength);
  const text = question.type === 'text' || question.type === 'longText';
  return {
    id,
    label: question.label,
    type: question.type,
    required: question.required,
    ...(help ? { help } : {}),
    ...(isChoice(question.type) ? { options: question.options } : {}),
    ...(question.type === 'number' && min !== undefined ? { min } : {}),
    ...(question.type === 'number' && max !== undefined ? { max } : {}),
    ...(text && maxLength !== undefined ? { maxLength } : {}),
  };
};

/** The questions as the command takes them; new questions get an id from their label. */
export const criteriaOf = (questions: readonly QuestionDraft[]): CriteriaField[] => {
  const taken = new Set(questions.map((question) => question.id).filter(Boolean));
  return questions.map((question) => {
    if (question.id) return fieldOf(question, question.id);
    const id = questionIdFor(question.label, taken);
    taken.add(id);
    return fieldOf(question, id);
  });
};

export const programmeInputOf = (values: ProgrammeFormValues) => ({
  name: values.name,
  description: values.description,
  criteria: criteriaOf(values.criteria),
});

/**
 * The shared input schema, read through the draft: its issues' paths (`criteria.2.options.0`) are
 * the form's own field paths, so they land on the inputs that hold them.
 */
export const programmeFormSchema = z.preprocess(
  (values) => programmeInputOf(values as ProgrammeFormValues),
  createProgrammeInput,
);
