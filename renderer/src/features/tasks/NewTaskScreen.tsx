import {
  Alert,
  Anchor,
  Button,
  Card,
  Group,
  MultiSelect,
  Select,
  Stack,
  TextInput,
  Textarea,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { z } from 'zod';
import type { TaskProgrammeChoice } from '../../../../shared/contract';
import { createTaskInput } from '../../../../shared/domain/inputs/work';
import { dayInput } from '../../../../shared/domain/inputs/fields';
import { notifyDone, useCommand } from '../../host/use-command';
import { useLiveQuery } from '../../host/use-host';
import { hrefOf, navigate, searchParamsOf, usePath } from '../../shell/router';
import { EmptyState } from '../../ui/EmptyState';
import { PageHeader } from '../../ui/PageHeader';
import { QueryView } from '../../ui/QueryView';
import { showHostErrors, validateWith } from '../../ui/forms';
import { TEXT_MAX, TITLE_MAX } from '../../../../shared/schema/fields';
import { lengthHint } from '../../ui/LengthHint';

/** The command's own schema, with what a form holds before it is filled in: no programme, no date. */
const newTaskForm = createTaskInput.extend({
  programmeId: z.string().min(1, 'Choose a programme.'),
  dueDate: z.union([dayInput, z.literal('')]),
  assignees: z.array(z.string()),
});
type NewTaskValues = z.input<typeof newTaskForm>;

const peopleChoices = (choice: TaskProgrammeChoice | undefined) =>
  (choice?.candidates ?? []).map((person) => ({ value: person.id, label: person.name }));

function NewTaskForm({
  choices,
  initialProgrammeId,
}: {
  readonly choices: readonly TaskProgrammeChoice[];
  readonly initialProgrammeId: string;
}) {
  const create = useCommand('tasks.create');
  const [problem, setProblem] = useState<string | null>(null);
  const form = useForm<NewTaskValues>({
    mode: 'controlled',
    initialValues: {
      programmeId: initialProgrammeId,
      title: '',
      description: '',
      assignees: [],
      dueDate: '',
    },
    validate: validateWith(newTaskForm),
  });
  const programme = choices.find((choice) => choice.id === form.values.programmeId);

  const submit = form.onSubmit(async ({ dueDate, ...values }) => {
    setProblem(null);
    const result = await create.run({ ...values, ...(dueDate ? { dueDate } : {}) });
    if (result.ok) {
      notifyDone(`Task “${result.value.title}” created.`);
      navigate(`/tasks/${result.value.id}`);
      return;
    }
    setProblem(showHostErrors(form, result.error));
  });

  return (
    <Card withBorder radius="md" padding="lg" maw={760}>
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          {problem !== null && (
            <Alert color="red" title="The task was not created">
              {problem}
            </Alert>
          )}
          <Select
            label="Programme"
            placeholder="Choose a programme"
            data={choices.map((choice) => ({ value: choice.id, label: choice.name }))}
            searchable
            required
            // Choosing the chosen programme again must not clear a required field.
            allowDeselect={false}
            {...form.getInputProps('programmeId')}
            onChange={(programmeId: string | null) => {
              form.setFieldValue('programmeId', programmeId ?? '');
              // Who may be assigned depends on the programme: a new one starts with nobody.
              form.setFieldValue('assignees', []);
            }}
          />
          <TextInput
            label="Title"
            placeholder="e.g. Prepare the week 3 workshop"
            required
            description={lengthHint(form.values.title, TITLE_MAX)}
            {...form.getInputProps('title')}
          />
          <Textarea
            label="Description"
            placeholder="What needs doing, and what done looks like"
            autosize
            minRows={4}
            maxRows={12}
            description={lengthHint(form.values.description, TEXT_MAX)}
            {...form.getInputProps('description')}
          />
          <Group grow align="flex-start" wrap="wrap" gap="md">
            <MultiSelect
              label="Assignees"
              description={
                programme
                  ? 'Its managers and mentors. Leave empty to assign it later.'
                  : 'Choose a programme first.'
              }
              placeholder={form.values.assignees.length === 0 ? 'Nobody yet' : undefined}
              data={peopleChoices(programme)}
              disabled={!programme}
              searchable
              clearable
              nothingFoundMessage="Nobody by that name in this programme"
              style={{ minWidth: 240 }}
              {...form.getInputProps('assignees')}
            />
            <TextInput
              type="date"
              label="Due date"
              description="Optional."
              style={{ minWidth: 180, maxWidth: 240 }}
              {...form.getInputProps('dueDate')}
            />
          </Group>
          <Group justify="flex-end" gap="sm">
            <Button component="a" href={hrefOf('/tasks')} variant="default">
              Cancel
            </Button>
            <Button type="submit" loading={create.pending}>
              Create task
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}

/** `/tasks/new?programmeId=…`: a new task in a programme the caller runs. */
export function NewTaskScreen() {
  const path = usePath();
  const wanted = searchParamsOf(path).get('programmeId') ?? '';
  const choices = useLiveQuery('tasks.creatable', {});
  return (
    <>
      <PageHeader
        title="New task"
        description="A piece of work in a programme, for its managers and mentors."
      />
      <QueryView state={choices}>
        {(value) => {
          if (value.length === 0) {
            return (
              <EmptyState title="There is no programme you can add tasks to">
                Tasks are created by the managers of a programme that is not archived.{' '}
                <Anchor href={hrefOf('/tasks')}>Back to the tasks</Anchor>
              </EmptyState>
            );
          }
          const only = value.length === 1 ? (value[0]?.id ?? '') : '';
          const initial = value.some((choice) => choice.id === wanted) ? wanted : only;
          return <NewTaskForm choices={value} initialProgrammeId={initial} />;
        }}
      </QueryView>
    </>
  );
}
