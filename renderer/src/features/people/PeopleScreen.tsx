import {
  Anchor,
  Avatar,
  Button,
  Group,
  SegmentedControl,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconSearch, IconUserPlus } from '@tabler/icons-react';
import { useState } from 'react';
import type { PersonRow } from '../../../../shared/contract';
import type { UserRole } from '../../../../shared/schema';
import { useLiveQuery } from '../../host/use-host';
import { hrefOf } from '../../shell/router';
import { useSession } from '../../shell/session';
import { EmptyState } from '../../ui/EmptyState';
import { PageHeader } from '../../ui/PageHeader';
import { QueryView } from '../../ui/QueryView';
import { SyncMark } from '../../ui/SyncMark';
import { AddPersonModal } from './AddPersonModal';
import { CompletenessBar } from './Completeness';
import { PendingAccounts } from './PendingAccounts';
import { DetailsStatusBadge, RoleBadge, isRole } from './people-looks';

const roleFilters = [
  { value: 'all', label: 'Everyone' },
  { value: 'admin', label: 'Admins' },
  { value: 'manager', label: 'Managers' },
  { value: 'mentor', label: 'Mentors' },
];

const nameOf = (row: PersonRow) => row.profile.fullName?.trim() || row.profile.username;

function PersonTableRow({ row }: { readonly row: PersonRow }) {
  const name = nameOf(row);
  return (
    <Table.Tr data-testid="person-row" data-user-id={row.profile.id}>
      <Table.Td>
        <Group gap="sm" wrap="nowrap">
          <Avatar size={32} radius="xl" color="initials" name={name} />
          <div style={{ minWidth: 0 }}>
            <Group gap={6} wrap="nowrap">
              <Anchor
                href={hrefOf(`/people/${encodeURIComponent(row.profile.id)}`)}
                size="sm"
                fw={500}
              >
                {name}
              </Anchor>
              <SyncMark collection="users" id={row.profile.id} />
            </Group>
            <Text size="xs" c="dimmed" truncate>
              {row.profile.headline ?? row.profile.username}
            </Text>
          </div>
        </Group>
      </Table.Td>
      <Table.Td>
        <RoleBadge role={row.profile.role} />
      </Table.Td>
      <Table.Td>
        <Text size="sm" truncate>
          {row.profile.email}
        </Text>
      </Table.Td>
      <Table.Td>
        <CompletenessBar percent={row.completeness} />
      </Table.Td>
      <Table.Td>
        {row.detailsStatus ? (
          <DetailsStatusBadge status={row.detailsStatus} />
        ) : (
          <Text size="xs" c="dimmed">
            —
          </Text>
        )}
      </Table.Td>
    </Table.Tr>
  );
}

/** Admins and managers: everyone in the organisation; admins also add people and approve sign-ups. */
export function PeopleScreen() {
  const { role } = useSession();
  const [roleFilter, setRoleFilter] = useState<UserRole | 'all'>('all');
  const [text, setText] = useState('');
  const [debouncedText] = useDebouncedValue(text, 150);
  const [adding, setAdding] = useState(false);
  const people = useLiveQuery('users.list', {
    ...(roleFilter === 'all' ? {} : { role: roleFilter }),
    ...(debouncedText.trim() ? { text: debouncedText.trim() } : {}),
  });
  const isAdmin = role === 'admin';

  return (
    <>
      <PageHeader
        title="People"
        description="Everyone in the organisation, their role, how complete their profile is and where their mentor details stand."
        actions={
          isAdmin && (
            <Button
              leftSection={<IconUserPlus size={16} />}
              onClick={() => {
                setAdding(true);
              }}
            >
              Add person
            </Button>
          )
        }
      />
      {isAdmin && <PendingAccounts />}
      <Group gap="sm" mb="md" wrap="wrap">
        <SegmentedControl
          data={roleFilters}
          value={roleFilter}
          aria-label="Filter by role"
          onChange={(value) => {
            setRoleFilter(isRole(value) ? value : 'all');
          }}
        />
        <TextInput
          placeholder="Name, email, headline, place…"
          aria-label="Find people"
          leftSection={<IconSearch size={16} />}
          value={text}
          style={{ flex: '1 1 240px', maxWidth: 420 }}
          onChange={(event) => {
            setText(event.currentTarget.value);
          }}
        />
      </Group>
      <QueryView state={people}>
        {(rows) =>
          rows.length === 0 ? (
            <EmptyState title="Nobody matches">
              {text || roleFilter !== 'all'
                ? 'Try another name or role.'
                : 'People appear here once they have a profile.'}
            </EmptyState>
          ) : (
            <Table.ScrollContainer minWidth={760}>
              <Table highlightOnHover verticalSpacing="sm" data-testid="people-table">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Name</Table.Th>
                    <Table.Th w={110}>Role</Table.Th>
                    <Table.Th>Email</Table.Th>
                    <Table.Th w={130}>Profile</Table.Th>
                    <Table.Th w={130}>Mentor details</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {rows.map((row) => (
                    <PersonTableRow key={row.profile.id} row={row} />
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )
        }
      </QueryView>
      {isAdmin && (
        <AddPersonModal
          opened={adding}
          onClose={() => {
            setAdding(false);
          }}
        />
      )}
    </>
  );
}
