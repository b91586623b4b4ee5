import { Alert, Button, Group, Modal, Stack, TextInput, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { z } from 'zod';
import { dayInput, textInput, titleInput } from '../../../../shared/domain/inputs/fields';
import { editTaskInput } from '../../../../shared/domain/inputs/work';
import type { TaskDoc } from '../../../../shared/schema';
import { notifyDone, useCommand } from '../../host/use-command';
import { showHostErrors, validateWith } from '../../ui/forms';
import { TEXT_MAX, TITLE_MAX } from '../../../../shared/schema/fields';
import { lengthHint } from '../../ui/LengthHint';

/** The command's schema with every field filled in, as the form always sends them ('' = no date). */
const editTaskForm = editTaskInput.extend({
  title: titleInput,
  description: textInput,
  dueDate: z.union([dayInput, z.literal('')]),
});
type EditTaskValues = z.input<typeof editTaskForm>;

function EditTaskForm({ task, onDone }: { readonly task: TaskDoc; readonly onDone: () => void }) {
  const edit = useCommand('tasks.edit');
  const [problem, setProblem] = useState<string | null>(null);
  const form = useForm<EditTaskValues>({
    mode: 'controlled',
    initialValues: {
      taskId: task.id,
      title: task.title,
      description: task.description,
      dueDate: task.dueDate ?? '',
    },
    validate: validateWith(editTaskForm),
  });
  const submit = form.onSubmit(async ({ dueDate, ...values }) => {
    setProblem(null);
    const result = await edit.run({ ...values, dueDate: dueDate === '' ? null : dueDate });
    if (result.ok) {
      notifyDone('Task saved.');
      onDone();
      return;
    }
    // Nothing typed is lost: the modal stays open with the errors on their fields.
    setProblem(showHostErrors(form, result.error));
  });
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        {problem !== null && (
          <Alert color="red" title="The task was not saved">
            {problem}
          </Alert>
        )}
        <TextInput
          label="Title"
          required
          data-autofocus
          description={lengthHint(form.values.title, TITLE_MAX)}
          {...form.getInputProps('title')}
        />
        <Textarea
          label="Description"
          autosize
          minRows={4}
          maxRows={12}
          description={lengthHint(form.values.description, TEXT_MAX)}
          {...form.getInputProps('description')}
        />
        <TextInput
          type="date"
          label="Due date"
          description="Leave empty for no due date."
          maw={240}
          {...form.getInputProps('dueDate')}
        />
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={edit.pending}>
            Save task
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** Edits a task's title, description and due date in a dialog. */
export function EditTaskModal({
  task,
  opened,
  onClose,
}: {
  readonly task: TaskDoc;
  readonly opened: boolean;
  readonly onClose: () => void;
}) {
  return (
    <Modal opened={opened} onClose={onClose} title="Edit task" size="lg">
      {/* Mounted only while open: it starts from the task as it is now. */}
      {opened && <EditTaskForm task={task} onDone={onClose} />}
    </Modal>
  );
}
