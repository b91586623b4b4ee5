import { Anchor, Box, Button, Group, Paper, Stack, Text } from '@mantine/core';
import type { MyApplication } from '../../../../shared/contract';
import { useLiveQuery } from '../../host/use-host';
import { hrefOf } from '../../shell/router';
import { formatDateTime } from '../../ui/dates';
import { EmptyState } from '../../ui/EmptyState';
import { PageHeader } from '../../ui/PageHeader';
import { QueryView } from '../../ui/QueryView';
import { StatusBadge } from '../../ui/StatusBadge';
import { SyncMark } from '../../ui/SyncMark';
import { DecisionNote } from './DecisionNote';

const outcomeOf = ({ application, programme }: MyApplication): string => {
  switch (application.status) {
    case 'pending':
      return 'Waiting for the programme’s managers to decide.';
    case 'approved':
      return 'You are a mentor of this programme.';
    case 'declined':
      return programme.status === 'active'
        ? 'You may apply again with new answers.'
        : 'The programme takes no more applications.';
    default: {
      const unknownStatus: never = application.status;
      return String(unknownStatus);
    }
  }
};

function ApplicationRow({ item }: { readonly item: MyApplication }) {
  const { application, programme, decidedBy } = item;
  return (
    <Paper
      component="article"
      withBorder
      radius="md"
      p="md"
      aria-label={`Application to ${programme.name}`}
      data-testid="my-application"
      data-status={application.status}
    >
      <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm">
        <Stack gap={4} style={{ minWidth: 0, flex: '1 1 280px' }}>
          <Group gap="xs" wrap="wrap">
            <Anchor href={hrefOf(`/programmes/${programme.id}`)} fw={600}>
              {programme.name}
            </Anchor>
            <StatusBadge status={application.status} />
            <SyncMark collection="applications" id={application.id} />
          </Group>
          <Text size="xs" c="dimmed">
            Applied {formatDateTime(application.createdAt)} ·{' '}
            <Anchor href={hrefOf(`/programmes/${programme.id}?tab=applications`)} size="xs">
              your answers
            </Anchor>
          </Text>
          <Text size="sm">{outcomeOf(item)}</Text>
        </Stack>
        {application.status === 'declined' && programme.status === 'active' && (
          <Button
            size="xs"
            variant="light"
            component="a"
            href={hrefOf(`/programmes/${programme.id}/apply`)}
          >
            Apply again
          </Button>
        )}
      </Group>
      {application.status !== 'pending' && (
        <Box mt="sm">
          <DecisionNote application={application} decidedBy={decidedBy} />
        </Box>
      )}
    </Paper>
  );
}

/** A mentor's applications to programmes and what was decided. */
export function MyApplicationsScreen() {
  const applications = useLiveQuery('applications.mine', {});
  return (
    <>
      <PageHeader
        title="My applications"
        description="Programmes you applied to, and their managers’ decisions."
        actions={
          <Button component="a" href={hrefOf('/programmes?status=active')} variant="light">
            Browse programmes
          </Button>
        }
      />
      <QueryView state={applications}>
        {(items) =>
          items.length === 0 ? (
            <EmptyState title="You have not applied to a programme yet">
              Find an active programme and apply to mentor in it.
            </EmptyState>
          ) : (
            <Stack gap="sm" maw={900}>
              {items.map((item) => (
                <ApplicationRow key={item.application.id} item={item} />
              ))}
            </Stack>
          )
        }
      </QueryView>
    </>
  );
}
