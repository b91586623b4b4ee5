import {
  ActionIcon,
  Button,
  Card,
  Group,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  Tooltip,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { modals } from '@mantine/modals';
import { IconCheck, IconPencil, IconTrash, IconX } from '@tabler/icons-react';
import { useState } from 'react';
import { addReferenceListEntryInput } from '../../../../shared/domain/inputs/reference';
import type { ReferenceListDoc, ReferenceListKind } from '../../../../shared/schema';
import { notifyFailure, useCommand } from '../../host/use-command';
import { useLiveQuery } from '../../host/use-host';
import { PageHeader } from '../../ui/PageHeader';
import { QueryView } from '../../ui/QueryView';
import { SyncMark } from '../../ui/SyncMark';
import { showHostErrors, validateWith } from '../../ui/forms';
import { NAME_MAX } from '../../../../shared/schema/fields';
import { lengthHint } from '../../ui/LengthHint';

const titles: Record<
  ReferenceListKind,
  { title: string; one: string; example: string; removing: string }
> = {
  techStack: {
    title: 'Tech stacks',
    one: 'tech stack',
    example: 'e.g. TypeScript',
    removing:
      'Mentors can no longer choose it. A tech stack someone lists in their mentor details cannot be removed: rename it instead.',
  },
  jobRole: {
    title: 'Job roles',
    one: 'job role',
    example: 'e.g. Frontend engineer',
    removing:
      'It is no longer suggested. People who listed it as a previous role keep it in their details.',
  },
};

function EntryRow({
  list,
  entry,
}: {
  readonly list: ReferenceListKind;
  readonly entry: ReferenceListDoc;
}) {
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(entry.name);
  const [error, setError] = useState<string | null>(null);
  const rename = useCommand('referenceLists.rename');
  const remove = useCommand('referenceLists.remove');

  const save = async () => {
    const result = await rename.run({ list, id: entry.id, name });
    if (result.ok) {
      setEditing(false);
      setError(null);
    } else {
      setError(result.error.issues?.[0]?.message ?? result.error.message);
    }
  };

  const confirmRemove = () => {
    modals.openConfirmModal({
      title: `Remove “${entry.name}”?`,
      children: <Text size="sm">{titles[list].removing}</Text>,
      labels: { confirm: 'Remove', cancel: 'Keep it' },
      confirmProps: { color: 'red' },
      onConfirm: () => {
        void remove.run({ id: entry.id }).then((result) => {
          if (!result.ok) notifyFailure(`Could not remove “${entry.name}”`, result.error);
        });
      },
    });
  };

  return (
    <Table.Tr data-testid="reference-entry">
      <Table.Td>
        {editing ? (
          <TextInput
            size="xs"
            value={name}
            error={error}
            aria-label={`New name for ${entry.name}`}
            autoFocus
            onChange={(event) => {
              setName(event.currentTarget.value);
            }}
            onKeyDown={(event) => {
              if (event.key === 'Enter') void save();
              if (event.key === 'Escape') setEditing(false);
            }}
          />
        ) : (
          <Group gap="xs">
            <Text size="sm">{entry.name}</Text>
            <SyncMark collection="referenceLists" id={entry.id} />
          </Group>
        )}
      </Table.Td>
      <Table.Td w={96}>
        <Group gap={4} justify="flex-end" wrap="nowrap">
          {editing ? (
            <>
              <ActionIcon
                variant="subtle"
                aria-label="Save name"
                loading={rename.pending}
                onClick={() => void save()}
              >
                <IconCheck size={16} />
              </ActionIcon>
              <ActionIcon
                variant="subtle"
                color="gray"
                aria-label="Cancel"
                onClick={() => {
                  setEditing(false);
                  setName(entry.name);
                  setError(null);
                }}
              >
                <IconX size={16} />
              </ActionIcon>
            </>
          ) : (
            <>
              <Tooltip label="Rename">
                <ActionIcon
                  variant="subtle"
                  aria-label={`Rename ${entry.name}`}
                  onClick={() => {
                    setEditing(true);
                  }}
                >
                  <IconPencil size={16} />
                </ActionIcon>
              </Tooltip>
              <Tooltip label="Remove">
                <ActionIcon
                  variant="subtle"
                  color="red"
                  aria-label={`Remove ${entry.name}`}
                  onClick={confirmRemove}
                >
                  <IconTrash size={16} />
                </ActionIcon>
              </Tooltip>
            </>
          )}
        </Group>
      </Table.Td>
    </Table.Tr>
  );
}

function ListCard({
  list,
  entries,
}: {
  readonly list: ReferenceListKind;
  readonly entries: readonly ReferenceListDoc[];
}) {
  const add = useCommand('referenceLists.add');
  const form = useForm({
    mode: 'controlled',
    initialValues: { list, name: '' },
    validate: validateWith(addReferenceListEntryInput),
  });
  const submit = form.onSubmit(async (values) => {
    const result = await add.run(values);
    if (result.ok) {
      form.setFieldValue('name', '');
      return;
    }
    const rest = showHostErrors(form, result.error);
    if (rest !== null) form.setFieldError('name', rest);
  });
  const { title, one, example } = titles[list];
  return (
    <Card withBorder radius="md" padding="lg" data-testid={`list-${list}`}>
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={3} size="h4">
            {title}
          </Title>
          <Text size="sm" c="dimmed">
            {entries.length}
          </Text>
        </Group>
        <form onSubmit={submit} noValidate>
          <Group align="flex-start" gap="xs" wrap="nowrap">
            <TextInput
              style={{ flex: 1 }}
              placeholder={example}
              aria-label={`New ${one}`}
              description={lengthHint(form.values.name, NAME_MAX)}
              {...form.getInputProps('name')}
            />
            <Button type="submit" loading={add.pending}>
              Add
            </Button>
          </Group>
        </form>
        {entries.length === 0 ? (
          <Text size="sm" c="dimmed">
            No {one}s yet.
          </Text>
        ) : (
          <Table highlightOnHover verticalSpacing={6}>
            <Table.Tbody>
              {entries.map((entry) => (
                <EntryRow key={entry.id} list={list} entry={entry} />
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
    </Card>
  );
}

/** Admins keep the tech stacks mentors pick from and the job roles people held. */
export function ReferenceListsScreen() {
  const lists = useLiveQuery('referenceLists.all', {});
  return (
    <>
      <PageHeader
        title="Reference lists"
        description="The tech stacks mentors choose from and the job roles people list as held."
      />
      <QueryView state={lists}>
        {(value) => (
          <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
            <ListCard list="techStack" entries={value.techStack} />
            <ListCard list="jobRole" entries={value.jobRole} />
          </SimpleGrid>
        )}
      </QueryView>
    </>
  );
}
