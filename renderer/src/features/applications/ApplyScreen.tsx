import { Alert, Anchor, Button, Group, Paper, Stack, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import type { ProgrammeDetail } from '../../../../shared/contract';
import { validateAnswers } from '../../../../shared/domain/criteria';
import type { CriteriaField } from '../../../../shared/domain/criteria';
import { answersToSend, blankAnswers } from '../../../../shared/domain/criteria-forms';
import type { AnswerValue } from '../../../../shared/domain/criteria-forms';
import { notifyDone, useCommand } from '../../host/use-command';
import { useLiveQuery } from '../../host/use-host';
import { hrefOf, navigate } from '../../shell/router';
import { EmptyState } from '../../ui/EmptyState';
import { PageHeader } from '../../ui/PageHeader';
import { QueryView } from '../../ui/QueryView';
import { showHostErrors } from '../../ui/forms';
import { statusLabel } from '../../ui/StatusBadge';
import { AnswerField } from './AnswerField';

/** Every issue of the shared rules, on the question it is about. */
const checkAnswers =
  (criteria: readonly CriteriaField[]) =>
  (values: Record<string, AnswerValue>): Record<string, string> => {
    const checked = validateAnswers(criteria, answersToSend(criteria, values));
    if (checked.ok) return {};
    return Object.fromEntries(checked.issues.map((issue) => [issue.fieldId, issue.message]));
  };

function ApplicationForm({ detail }: { readonly detail: ProgrammeDetail }) {
  const { programme } = detail;
  const criteria = programme.criteria as CriteriaField[];
  const apply = useCommand('applications.apply');
  const form = useForm<Record<string, AnswerValue>>({
    mode: 'controlled',
    initialValues: blankAnswers(criteria),
    validate: checkAnswers(criteria),
  });
  const [formError, setFormError] = useState<string | null>(null);
  const submit = form.onSubmit(async (values) => {
    setFormError(null);
    const result = await apply.run({
      programmeId: programme.id,
      answers: answersToSend(criteria, values),
    });
    if (result.ok) {
      notifyDone(`Your application to “${programme.name}” is sent.`);
      navigate('/applications');
      return;
    }
    setFormError(showHostErrors(form, result.error));
  });
  return (
    <form onSubmit={submit} noValidate aria-label={`Application to ${programme.name}`}>
      <Paper withBorder radius="md" p="lg" maw={760}>
        <Stack gap="lg">
          {formError && (
            <Alert color="red" title="The application was not sent" data-testid="form-error">
              {formError}
            </Alert>
          )}
          {criteria.length === 0 && (
            <Text size="sm" c="dimmed">
              This programme asks no questions: send your application as it is.
            </Text>
          )}
          {criteria.map((field) => (
            <AnswerField
              key={field.id}
              field={field}
              value={form.values[field.id]}
              error={form.errors[field.id]}
              onChange={(value) => {
                form.setFieldValue(field.id, value as AnswerValue);
              }}
            />
          ))}
          <Group justify="flex-end" gap="xs">
            <Button variant="default" component="a" href={hrefOf(`/programmes/${programme.id}`)}>
              Cancel
            </Button>
            <Button type="submit" loading={apply.pending}>
              Submit application
            </Button>
          </Group>
        </Stack>
      </Paper>
    </form>
  );
}

/** Why someone cannot apply, and where to go instead. */
function CannotApply({ detail }: { readonly detail: ProgrammeDetail }) {
  const { programme, myApplication, myRole } = detail;
  const back = <Anchor href={hrefOf(`/programmes/${programme.id}`)}>Back to the programme</Anchor>;
  if (myRole !== null) {
    return <EmptyState title={`You are a ${myRole} of this programme already`}>{back}</EmptyState>;
  }
  if (myApplication && myApplication.status !== 'declined') {
    return (
      <EmptyState title={`You applied already (${statusLabel(myApplication.status)})`}>
        <Anchor href={hrefOf('/applications')}>See your applications</Anchor>
      </EmptyState>
    );
  }
  if (programme.status !== 'active') {
    return (
      <EmptyState title={`This programme is ${statusLabel(programme.status).toLowerCase()}`}>
        It takes no more applications. {back}
      </EmptyState>
    );
  }
  return (
    <EmptyState title="Only mentors apply to programmes">
      Admins and managers join a programme when its managers add them. {back}
    </EmptyState>
  );
}

/** A mentor's application: a form generated from the programme's criteria. */
export function ApplyScreen({ programmeId }: { readonly programmeId: string }) {
  const detail = useLiveQuery('programmes.detail', { programmeId });
  return (
    <QueryView state={detail}>
      {(value) =>
        value === null ? (
          <EmptyState title="There is no such programme">
            It may not have synced to this machine yet.
          </EmptyState>
        ) : (
          <>
            <PageHeader
              title={`Apply to ${value.programme.name}`}
              description={
                value.can.apply
                  ? 'Answer the programme’s questions. Questions marked * need an answer.'
                  : undefined
              }
            />
            {value.can.apply ? (
              <ApplicationForm key={value.programme.id} detail={value} />
            ) : (
              <CannotApply detail={value} />
            )}
          </>
        )
      }
    </QueryView>
  );
}
