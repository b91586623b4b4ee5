import { Alert, Avatar, Badge, Button, Group, MultiSelect, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import type { PersonRef, TaskDetail } from '../../../../shared/contract';
import { notifyDone, useCommand } from '../../host/use-command';
import { useSession } from '../../shell/session';

function PersonChip({ person }: { readonly person: PersonRef }) {
  const { userId } = useSession();
  return (
    <Group gap={8} wrap="nowrap" data-testid="task-assignee">
      <Avatar size="sm" radius="xl" color="initials" name={person.name} />
      <Text size="sm">{person.name}</Text>
      {person.id === userId && (
        <Badge size="xs" variant="light" color="gray">
          You
        </Badge>
      )}
    </Group>
  );
}

const sameSet = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((id) => b.includes(id));

/** Picks who the task is assigned to, among the programme's managers and mentors. */
function AssignForm({ detail }: { readonly detail: TaskDetail }) {
  const { task, candidates } = detail;
  const assign = useCommand('tasks.assign');
  const [chosen, setChosen] = useState<string[]>(() => [...task.assignees]);
  const [error, setError] = useState<string | null>(null);
  const changed = !sameSet(chosen, task.assignees);
  const save = async () => {
    setError(null);
    const result = await assign.run({ taskId: task.id, assignees: chosen });
    if (result.ok) {
      notifyDone(
        chosen.length === 0 ? 'The task is unassigned.' : 'The task’s assignees are saved.',
      );
    } else {
      setError(result.error.issues?.[0]?.message ?? result.error.message);
    }
  };
  return (
    <Stack gap="xs">
      <MultiSelect
        label="Assignees"
        description="The programme’s managers and mentors."
        placeholder={chosen.length === 0 ? 'Nobody yet' : undefined}
        data={candidates.map((person) => ({ value: person.id, label: person.name }))}
        value={chosen}
        onChange={(next) => {
          setChosen(next);
          setError(null);
        }}
        error={error}
        searchable
        clearable
        nothingFoundMessage="Nobody by that name in this programme"
      />
      {changed && task.status === 'in_progress' && chosen.length > 0 && (
        <Alert color="yellow" variant="light" p="xs">
          A started task given to other people goes back to pending: they have not started it.
        </Alert>
      )}
      <Group justify="flex-end" gap="xs">
        {changed && (
          <Button
            variant="subtle"
            color="gray"
            size="xs"
            onClick={() => {
              setChosen([...task.assignees]);
              setError(null);
            }}
          >
            Undo
          </Button>
        )}
        <Button size="xs" disabled={!changed} loading={assign.pending} onClick={() => void save()}>
          Save assignees
        </Button>
      </Group>
    </Stack>
  );
}

/** Who has the task: a picker for who may assign it, else the people. */
export function TaskAssignees({ detail }: { readonly detail: TaskDetail }) {
  if (detail.can.assign) {
    // Keyed by the saved assignees: when they change (here or synced), the picker starts over.
    return <AssignForm key={detail.task.assignees.join(',')} detail={detail} />;
  }
  if (detail.assignees.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        Nobody is assigned yet.
      </Text>
    );
  }
  return (
    <Stack gap={8}>
      {detail.assignees.map((person) => (
        <PersonChip key={person.id} person={person} />
      ))}
    </Stack>
  );
}
