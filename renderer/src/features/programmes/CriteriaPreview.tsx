import { Stack, Text } from '@mantine/core';
import { useState } from 'react';
import type { CriteriaField } from '../../../../shared/domain/criteria';
import { AnswerField } from '../applications/AnswerField';
import { criteriaOf, isChoice } from './criteria-draft';
import type { QuestionDraft } from './criteria-draft';

/** A question as far as it is written: blank labels and options read as placeholders. */
const previewOf = (question: QuestionDraft, field: CriteriaField): CriteriaField => ({
  ...field,
  // Keyed by the draft, not the id: a new question's id follows its label while it is typed.
  id: question.key,
  label: question.label.trim() || 'Untitled question',
  ...(isChoice(question.type)
    ? {
        options: [...new Set(question.options.map((option) => option.trim()).filter(Boolean))],
      }
    : {}),
});

/** The application form as applicants will see it, live while the questions are written. */
export function CriteriaPreview({ questions }: { readonly questions: readonly QuestionDraft[] }) {
  const [answers, setAnswers] = useState<Record<string, unknown>>({});
  const fields = criteriaOf(questions);
  if (questions.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        Add questions to see the form applicants fill in.
      </Text>
    );
  }
  return (
    <Stack gap="md" data-testid="criteria-preview">
      {questions.map((question, index) => {
        const field = fields[index];
        if (!field) return null;
        const preview = previewOf(question, field);
        return (
          <AnswerField
            key={question.key}
            field={preview}
            preview
            value={answers[question.key]}
            onChange={(value) => {
              setAnswers((current) => ({ ...current, [question.key]: value }));
            }}
          />
        );
      })}
    </Stack>
  );
}
