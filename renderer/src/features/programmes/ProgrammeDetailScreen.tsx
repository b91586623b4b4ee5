import { Alert, Anchor, Badge, Box, Button, Group, Paper, Stack, Tabs, Text } from '@mantine/core';
import { modals } from '@mantine/modals';
import {
  IconArchive,
  IconCircleCheck,
  IconLock,
  IconPencil,
  IconSend,
  IconCertificate,
} from '@tabler/icons-react';
import type { ProgrammeDetail } from '../../../../shared/contract';
import { notifyDone, notifyFailure, useCommand } from '../../host/use-command';
import { useLiveQuery } from '../../host/use-host';
import { hrefOf, navigate, searchParamsOf, usePath } from '../../shell/router';
import { formatDate } from '../../ui/dates';
import { EmptyState } from '../../ui/EmptyState';
import { PageHeader } from '../../ui/PageHeader';
import { QueryView } from '../../ui/QueryView';
import { StatusBadge, statusLabel } from '../../ui/StatusBadge';
import { SyncMark } from '../../ui/SyncMark';
import { ApplicationsPanel, OverviewPanel } from './DetailPanels';
import { MembersPanel } from './MembersPanel';
import { ProgrammePicture } from './ProgrammePicture';
import { ReportsPanel, TasksPanel } from './WorkPanels';

const tabs = ['overview', 'members', 'tasks', 'reports', 'applications'] as const;
type DetailTab = (typeof tabs)[number];

const tabOf = (value: string | null): DetailTab =>
  tabs.includes(value as DetailTab) ? (value as DetailTab) : 'overview';

/** Complete and archive, each confirmed first: both are one-way. */
function LifecycleActions({ detail }: { readonly detail: ProgrammeDetail }) {
  const complete = useCommand('programmes.complete');
  const archive = useCommand('programmes.archive');
  const { programme } = detail;
  const confirmComplete = () => {
    modals.openConfirmModal({
      title: `Mark “${programme.name}” completed?`,
      children: (
        <Text size="sm">
          It takes no more applications. Its managers can still edit it, add reports and archive it
          later.
        </Text>
      ),
      labels: { confirm: 'Mark completed', cancel: 'Not yet' },
      onConfirm: () => {
        void complete.run({ programmeId: programme.id }).then((result) => {
          if (!result.ok) {
            notifyFailure('Could not complete the programme', result.error);
            return;
          }
          // Completing a programme is when its mentors' certificates are due.
          modals.openConfirmModal({
            title: `“${programme.name}” is completed`,
            children: <Text size="sm">Generate its mentors’ certificates now?</Text>,
            labels: { confirm: 'Generate certificates', cancel: 'Later' },
            onConfirm: () => {
              navigate(`/programmes/${encodeURIComponent(programme.id)}/certificates`);
            },
          });
        });
      },
    });
  };
  const confirmArchive = () => {
    modals.openConfirmModal({
      title: `Archive “${programme.name}”?`,
      children: (
        <Stack gap="xs">
          <Text size="sm">
            An archived programme is <b>read-only</b>: nobody can edit it, change its members,
            decide its applications or add tasks and reports to it any more.
          </Text>
          <Text size="sm">It stays in the programme archive. This cannot be undone.</Text>
        </Stack>
      ),
      labels: { confirm: 'Archive', cancel: 'Keep it open' },
      confirmProps: { color: 'red', 'data-testid': 'confirm-archive' },
      onConfirm: () => {
        void archive.run({ programmeId: programme.id }).then((result) => {
          if (result.ok) notifyDone(`“${programme.name}” is archived.`);
          else notifyFailure('Could not archive the programme', result.error);
        });
      },
    });
  };
  return (
    <>
      {detail.can.complete && (
        <Button
          variant="default"
          leftSection={<IconCircleCheck size={16} />}
          loading={complete.pending}
          onClick={confirmComplete}
        >
          Complete
        </Button>
      )}
      {detail.can.archive && (
        <Button
          variant="default"
          color="red"
          leftSection={<IconArchive size={16} />}
          loading={archive.pending}
          onClick={confirmArchive}
        >
          Archive
        </Button>
      )}
    </>
  );
}

function Header({ detail }: { readonly detail: ProgrammeDetail }) {
  const { programme, can, myRole, myApplication } = detail;
  const managers = detail.members.filter((member) => member.membership.role === 'manager');
  const dates = [
    `created ${formatDate(programme.dateCreated)}`,
    programme.dateCompleted ? `completed ${formatDate(programme.dateCompleted)}` : null,
    programme.dateArchived ? `archived ${formatDate(programme.dateArchived)}` : null,
  ].filter(Boolean);
  return (
    <Group align="flex-start" gap="lg" wrap="nowrap" mb="md">
      <Box visibleFrom="xs">
        <ProgrammePicture
          picture={programme.picture}
          name={programme.name}
          height={96}
          width={128}
        />
      </Box>
      <Box style={{ flex: 1, minWidth: 0 }}>
        <PageHeader
          title={programme.name}
          badge={
            <Group gap={6} wrap="nowrap">
              <StatusBadge status={programme.status} size="md" />
              {myRole && (
                <Badge variant="outline" color={myRole === 'manager' ? 'grape' : 'blue'}>
                  You: {myRole}
                </Badge>
              )}
              <SyncMark collection="programmes" id={programme.id} />
            </Group>
          }
          description={
            <>
              {managers.length > 0
                ? `Managed by ${managers.map((member) => member.person.name).join(', ')}`
                : 'No manager yet'}
              {' · '}
              {dates.join(', ')}
              {!myRole && myApplication && (
                <>
                  {' · '}
                  <Anchor href={hrefOf('/applications')} size="sm">
                    your application: {statusLabel(myApplication.status).toLowerCase()}
                  </Anchor>
                </>
              )}
            </>
          }
          actions={
            can.apply || can.edit || can.complete || can.archive ? (
              <>
                {can.apply && (
                  <Button
                    component="a"
                    href={hrefOf(`/programmes/${programme.id}/apply`)}
                    leftSection={<IconSend size={16} />}
                  >
                    Apply
                  </Button>
                )}
                {can.edit && (
                  <Button
                    variant="default"
                    component="a"
                    href={hrefOf(`/programmes/${programme.id}/edit`)}
                    leftSection={<IconPencil size={16} />}
                  >
                    Edit
                  </Button>
                )}
                {(can.edit || can.archive) && (
                  <Button
                    variant="default"
                    component="a"
                    href={hrefOf(`/programmes/${programme.id}/certificates`)}
                    leftSection={<IconCertificate size={16} />}
                    data-testid="programme-certificates-link"
                  >
                    Certificates
                  </Button>
                )}
                <LifecycleActions detail={detail} />
              </>
            ) : undefined
          }
        />
      </Box>
    </Group>
  );
}

function ProgrammeView({ detail }: { readonly detail: ProgrammeDetail }) {
  const path = usePath();
  const tab = tabOf(searchParamsOf(path).get('tab'));
  const { programme } = detail;
  const pending = detail.applications.filter((view) => view.application.status === 'pending');
  const showApplications = detail.can.decideApplications || detail.applications.length > 0;
  const current = tab === 'applications' && !showApplications ? 'overview' : tab;
  return (
    <>
      <Header detail={detail} />
      {programme.status === 'archived' && (
        <Alert
          variant="default"
          icon={<IconLock size={18} />}
          title="Archived: this programme is read-only"
          mb="md"
          data-testid="archived-banner"
        >
          It was archived on {formatDate(programme.dateArchived)}. Nothing about it can change any
          more; it is kept as it was.
        </Alert>
      )}
      <Paper withBorder radius="md" p="md">
        <Tabs
          value={current}
          onChange={(next) => {
            navigate(`/programmes/${programme.id}?tab=${tabOf(next)}`);
          }}
          keepMounted={false}
        >
          <Tabs.List mb="md">
            <Tabs.Tab value="overview">Overview</Tabs.Tab>
            <Tabs.Tab value="members">Members ({detail.members.length})</Tabs.Tab>
            <Tabs.Tab value="tasks">Tasks ({detail.tasks.length})</Tabs.Tab>
            <Tabs.Tab value="reports">Reports ({detail.reports.length})</Tabs.Tab>
            {showApplications && (
              <Tabs.Tab value="applications">
                Applications
                {detail.can.decideApplications && pending.length > 0
                  ? ` (${String(pending.length)} pending)`
                  : ` (${String(detail.applications.length)})`}
              </Tabs.Tab>
            )}
          </Tabs.List>
          <Tabs.Panel value="overview">
            <OverviewPanel detail={detail} />
          </Tabs.Panel>
          <Tabs.Panel value="members">
            <MembersPanel detail={detail} />
          </Tabs.Panel>
          <Tabs.Panel value="tasks">
            <TasksPanel detail={detail} />
          </Tabs.Panel>
          <Tabs.Panel value="reports">
            <ReportsPanel detail={detail} />
          </Tabs.Panel>
          {showApplications && (
            <Tabs.Panel value="applications">
              <ApplicationsPanel detail={detail} />
            </Tabs.Panel>
          )}
        </Tabs>
      </Paper>
    </>
  );
}

/** One programme: who is in it, its work, its applications, and what the caller may do. */
export function ProgrammeDetailScreen({ programmeId }: { readonly programmeId: string }) {
  const detail = useLiveQuery('programmes.detail', { programmeId });
  return (
    <QueryView state={detail}>
      {(value) =>
        value === null ? (
          <EmptyState title="There is no such programme">
            It may not have synced to this machine yet.{' '}
            <Anchor href={hrefOf('/programmes')}>All programmes</Anchor>
          </EmptyState>
        ) : (
          <ProgrammeView detail={value} />
        )
      }
    </QueryView>
  );
}
