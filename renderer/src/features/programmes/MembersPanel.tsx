import {
  ActionIcon,
  Anchor,
  Badge,
  Button,
  Group,
  Paper,
  Select,
  SegmentedControl,
  Stack,
  Table,
  Text,
  Tooltip,
} from '@mantine/core';
import { modals } from '@mantine/modals';
import { IconUserMinus, IconUserPlus } from '@tabler/icons-react';
import { useState } from 'react';
import type { ProgrammeDetail } from '../../../../shared/contract';
import type { MemberRole } from '../../../../shared/schema';
import { notifyDone, notifyFailure, useCommand } from '../../host/use-command';
import { useLiveQuery } from '../../host/use-host';
import { hrefOf } from '../../shell/router';
import { formatDate } from '../../ui/dates';
import { EmptyState } from '../../ui/EmptyState';
import { SyncMark } from '../../ui/SyncMark';

const roleLabels: Record<MemberRole, string> = { manager: 'Manager', mentor: 'Mentor' };

/** Adds a person: managers from the managers and admins, mentors from the mentors. */
function AddMember({ detail }: { readonly detail: ProgrammeDetail }) {
  const [role, setRole] = useState<MemberRole>('mentor');
  const [userId, setUserId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const add = useCommand('programmeMembers.add');
  const people = useLiveQuery('users.list', {});
  const members = new Set(detail.members.map((member) => member.person.id));
  const candidates =
    people.status === 'ready'
      ? people.value
          .filter((row) => !members.has(row.profile.id))
          .filter((row) =>
            role === 'manager' ? row.profile.role !== 'mentor' : row.profile.role === 'mentor',
          )
          .map((row) => ({
            value: row.profile.id,
            label: row.profile.fullName?.trim() || row.profile.username,
          }))
      : [];
  const submit = async () => {
    if (!userId) {
      setError('Choose someone to add.');
      return;
    }
    const result = await add.run({ programmeId: detail.programme.id, userId, role });
    if (result.ok) {
      const name = candidates.find((candidate) => candidate.value === userId)?.label ?? userId;
      notifyDone(`${name} is now a ${role} of “${detail.programme.name}”.`);
      setUserId(null);
      setError(null);
    } else {
      setError(result.error.issues?.[0]?.message ?? result.error.message);
    }
  };
  return (
    <Paper withBorder radius="md" p="md" data-testid="add-member">
      <Group align="flex-end" gap="sm" wrap="wrap">
        <Stack gap={4}>
          <Text size="sm" fw={500}>
            Add as
          </Text>
          <SegmentedControl
            aria-label="Add as"
            value={role}
            onChange={(next) => {
              setRole(next);
              setUserId(null);
              setError(null);
            }}
            data={[
              { value: 'mentor', label: 'Mentor' },
              { value: 'manager', label: 'Manager' },
            ]}
          />
        </Stack>
        <Select
          label="Person"
          placeholder={people.status === 'ready' ? 'Search by name' : 'Loading people…'}
          data={candidates}
          searchable
          clearable
          nothingFoundMessage={
            people.status === 'error' ? 'The list of people is not available' : 'Nobody to add'
          }
          value={userId}
          onChange={(next) => {
            setUserId(next);
            setError(null);
          }}
          error={error}
          style={{ flex: '1 1 240px' }}
          data-testid="member-person"
        />
        <Button
          leftSection={<IconUserPlus size={16} />}
          loading={add.pending}
          onClick={() => void submit()}
          mb={error ? 22 : 0}
        >
          Add member
        </Button>
      </Group>
    </Paper>
  );
}

function RemoveMember({
  detail,
  userId,
  name,
}: {
  readonly detail: ProgrammeDetail;
  readonly userId: string;
  readonly name: string;
}) {
  const remove = useCommand('programmeMembers.remove');
  const confirm = () => {
    modals.openConfirmModal({
      title: `Remove ${name} from “${detail.programme.name}”?`,
      children: (
        <Text size="sm">
          They keep the tasks and reports they have; they stop seeing this programme as theirs.
        </Text>
      ),
      labels: { confirm: 'Remove', cancel: 'Keep' },
      confirmProps: { color: 'red' },
      onConfirm: () => {
        void remove.run({ programmeId: detail.programme.id, userId }).then((result) => {
          if (!result.ok) notifyFailure(`Could not remove ${name}`, result.error);
        });
      },
    });
  };
  return (
    <Tooltip label="Remove from the programme">
      <ActionIcon
        variant="subtle"
        color="red"
        aria-label={`Remove ${name}`}
        loading={remove.pending}
        onClick={confirm}
      >
        <IconUserMinus size={16} />
      </ActionIcon>
    </Tooltip>
  );
}

/** The programme's managers and mentors; its managers add and remove them. */
export function MembersPanel({ detail }: { readonly detail: ProgrammeDetail }) {
  const manage = detail.can.manageMembers;
  return (
    <Stack gap="md">
      {manage && <AddMember detail={detail} />}
      {detail.members.length === 0 ? (
        <EmptyState title="Nobody is in this programme yet" />
      ) : (
        <Table.ScrollContainer minWidth={420}>
          <Table verticalSpacing="xs" highlightOnHover data-testid="members">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Role</Table.Th>
                <Table.Th>Since</Table.Th>
                {manage && <Table.Th w={48} aria-label="Actions" />}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {detail.members.map(({ membership, person }) => (
                <Table.Tr key={membership.id} data-testid="member-row" data-user={person.id}>
                  <Table.Td>
                    <Group gap="xs" wrap="nowrap">
                      <Anchor href={hrefOf(`/people/${encodeURIComponent(person.id)}`)} size="sm">
                        {person.name}
                      </Anchor>
                      <SyncMark collection="programmeMembers" id={membership.id} />
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <Badge
                      variant="light"
                      color={membership.role === 'manager' ? 'grape' : 'blue'}
                      size="sm"
                    >
                      {roleLabels[membership.role]}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" c="dimmed">
                      {formatDate(membership.createdAt)}
                    </Text>
                  </Table.Td>
                  {manage && (
                    <Table.Td>
                      <RemoveMember detail={detail} userId={person.id} name={person.name} />
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}
