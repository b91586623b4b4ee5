import {
  Anchor,
  Box,
  Button,
  Card,
  Group,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  Tooltip,
} from '@mantine/core';
import { IconChecklist, IconInbox, IconPlus, IconUsers } from '@tabler/icons-react';
import type { ProgrammeSummary } from '../../../../shared/contract';
import { can } from '../../../../shared/domain/permissions';
import { programmeStatuses } from '../../../../shared/schema';
import type { ProgrammeStatus } from '../../../../shared/schema';
import { useLiveQuery } from '../../host/use-host';
import { hrefOf, navigate, searchParamsOf, usePath } from '../../shell/router';
import { useSession } from '../../shell/session';
import { EmptyState } from '../../ui/EmptyState';
import { PageHeader } from '../../ui/PageHeader';
import { QueryView } from '../../ui/QueryView';
import { StatusBadge, statusLabel } from '../../ui/StatusBadge';
import { SyncMark } from '../../ui/SyncMark';
import { ProgrammePicture } from './ProgrammePicture';

type StatusFilter = ProgrammeStatus | 'all';

const filterOf = (value: string | null): StatusFilter =>
  value === 'all' || programmeStatuses.includes(value as ProgrammeStatus)
    ? (value as StatusFilter)
    : 'active';

const addressOf = (status: StatusFilter, mine: boolean) =>
  `/programmes?status=${status}${mine ? '&mine=1' : ''}`;

function Stat({
  icon: Icon,
  label,
  value,
  highlight = false,
}: {
  readonly icon: typeof IconUsers;
  readonly label: string;
  readonly value: number;
  readonly highlight?: boolean;
}) {
  return (
    <Tooltip label={label}>
      <Group gap={4} wrap="nowrap" aria-label={`${String(value)} ${label}`}>
        <Icon
          size={15}
          stroke={1.6}
          color={highlight ? 'var(--mantine-color-yellow-filled)' : undefined}
        />
        <Text size="sm" fw={highlight ? 600 : 400}>
          {value}
        </Text>
      </Group>
    </Tooltip>
  );
}

function ProgrammeCard({ summary }: { readonly summary: ProgrammeSummary }) {
  const { programme, managers, myRole, myApplication } = summary;
  const href = hrefOf(`/programmes/${programme.id}`);
  return (
    <Card
      withBorder
      radius="md"
      padding="md"
      component="article"
      aria-label={programme.name}
      data-testid="programme-card"
      data-programme-id={programme.id}
    >
      <Card.Section>
        <a href={href} tabIndex={-1} aria-hidden>
          <ProgrammePicture
            picture={programme.picture}
            name={programme.name}
            height={120}
            radius="0"
          />
        </a>
      </Card.Section>
      <Stack gap={6} mt="sm" style={{ flex: 1 }}>
        <Group justify="space-between" align="flex-start" wrap="nowrap" gap="xs">
          <Anchor href={href} fw={600} lineClamp={2} style={{ overflowWrap: 'anywhere' }}>
            {programme.name}
          </Anchor>
          <Box style={{ flexShrink: 0 }}>
            <StatusBadge status={programme.status} />
          </Box>
        </Group>
        <Text size="xs" c="dimmed" lineClamp={1}>
          {managers.length > 0
            ? `Managed by ${managers.map((manager) => manager.name).join(', ')}`
            : 'No manager yet'}
        </Text>
        {programme.description.trim() !== '' && (
          <Text size="sm" c="dimmed" lineClamp={2}>
            {programme.description}
          </Text>
        )}
      </Stack>
      <Group justify="space-between" mt="sm" gap="xs" wrap="nowrap">
        <Group gap="md" wrap="nowrap">
          <Stat icon={IconUsers} label="mentors" value={summary.mentorCount} />
          <Stat icon={IconChecklist} label="open tasks" value={summary.openTaskCount} />
          {myRole === 'manager' || summary.pendingApplicationCount > 0 ? (
            <Stat
              icon={IconInbox}
              label="pending applications"
              value={summary.pendingApplicationCount}
              highlight={summary.pendingApplicationCount > 0 && myRole === 'manager'}
            />
          ) : null}
        </Group>
        <Group gap={6} wrap="nowrap">
          <SyncMark collection="programmes" id={programme.id} />
          {myRole ? (
            <Text size="xs" c="dimmed">
              You: {myRole}
            </Text>
          ) : myApplication ? (
            <Text size="xs" c="dimmed">
              Applied: {statusLabel(myApplication.status).toLowerCase()}
            </Text>
          ) : null}
        </Group>
      </Group>
    </Card>
  );
}

const emptyTitles: Record<StatusFilter, string> = {
  active: 'No active programmes',
  completed: 'No completed programmes',
  archived: 'The archive is empty',
  all: 'No programmes yet',
};

/** Every programme, by status (the archive is the archived ones) and whether the caller is in it. */
export function ProgrammesScreen() {
  const path = usePath();
  const params = searchParamsOf(path);
  const status = filterOf(params.get('status'));
  const mine = params.get('mine') === '1';
  const session = useSession();
  const mayCreate = can({ id: session.userId, role: session.role }, 'programmes.create');
  const programmes = useLiveQuery('programmes.list', {
    ...(status === 'all' ? {} : { status }),
    ...(mine ? { mine } : {}),
  });
  return (
    <>
      <PageHeader
        title={status === 'archived' ? 'Programme archive' : 'Programmes'}
        description={
          status === 'archived'
            ? 'Archived programmes are read-only: kept as they were when archived.'
            : session.role === 'mentor'
              ? 'Mentoring programmes of the organisation. Apply to an active one to mentor in it.'
              : 'Mentoring programmes, their managers, mentors and open work.'
        }
        actions={
          mayCreate ? (
            <Button
              component="a"
              href={hrefOf('/programmes/new')}
              leftSection={<IconPlus size={16} />}
              data-testid="new-programme"
            >
              New programme
            </Button>
          ) : undefined
        }
      />
      <Group justify="space-between" mb="md" gap="sm" wrap="wrap">
        <SegmentedControl
          aria-label="Programme status"
          value={status}
          onChange={(next) => {
            navigate(addressOf(filterOf(next), mine));
          }}
          data={[
            ...programmeStatuses.map((value) => ({ value, label: statusLabel(value) })),
            { value: 'all', label: 'All' },
          ]}
        />
        <Switch
          label="Only programmes I am in"
          checked={mine}
          onChange={(event) => {
            navigate(addressOf(status, event.currentTarget.checked));
          }}
          data-testid="mine-switch"
        />
      </Group>
      <QueryView state={programmes}>
        {(list) =>
          list.length === 0 ? (
            <EmptyState title={emptyTitles[status]}>
              {mine
                ? 'You are in none of these. Switch off “Only programmes I am in” to see them all.'
                : mayCreate && status !== 'archived'
                  ? 'Create one with “New programme”.'
                  : undefined}
            </EmptyState>
          ) : (
            <SimpleGrid
              type="container"
              cols={{ base: 1, '520px': 2, '900px': 3, '1300px': 4 }}
              spacing="md"
              verticalSpacing="md"
              data-testid="programme-list"
            >
              {list.map((summary) => (
                <ProgrammeCard key={summary.programme.id} summary={summary} />
              ))}
            </SimpleGrid>
          )
        }
      </QueryView>
    </>
  );
}
