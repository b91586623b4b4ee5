import { Stack, Text } from '@mantine/core';
import type { StoredFile } from '../../../../shared/contract';
import type { CriteriaField } from '../../../../shared/domain/criteria';
import { answerText } from '../../../../shared/domain/criteria-forms';
import { StoredFileLink } from '../../ui/StoredFileLink';

const isStoredFile = (value: unknown): value is StoredFile =>
  typeof value === 'object' && value !== null && 'ref' in value && 'name' in value;

/**
 * An application's answers under their questions. Answers to questions removed from the form since
 * are still shown, under their id, so nothing an applicant wrote is hidden from who decides.
 */
export function AnswersView({
  criteria,
  answers,
}: {
  readonly criteria: readonly CriteriaField[];
  readonly answers: Readonly<Record<string, unknown>>;
}) {
  const asked = new Set(criteria.map((field) => field.id));
  const leftovers = Object.keys(answers).filter((id) => !asked.has(id));
  if (criteria.length === 0 && leftovers.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        The programme asks no questions.
      </Text>
    );
  }
  return (
    <Stack gap="sm" data-testid="answers">
      {criteria.map((field) => {
        const value = answers[field.id];
        return (
          <div key={field.id}>
            <Text size="xs" fw={600} c="dimmed">
              {field.label}
            </Text>
            {field.type === 'file' && isStoredFile(value) ? (
              <StoredFileLink file={value} />
            ) : (
              <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                {answerText(field, value)}
              </Text>
            )}
          </div>
        );
      })}
      {leftovers.map((id) => (
        <div key={id}>
          <Text size="xs" fw={600} c="dimmed">
            {id} (no longer asked)
          </Text>
          <Text size="sm">{JSON.stringify(answers[id])}</Text>
        </div>
      ))}
    </Stack>
  );
}
