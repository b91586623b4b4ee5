import { Alert, Anchor, Button, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconCheck, IconFileText, IconPencil, IconPlayerPlay } from '@tabler/icons-react';
import type { TaskDetail } from '../../../../shared/contract';
import { notifyDone, notifyFailure, useCommand } from '../../host/use-command';
import { useLiveQuery } from '../../host/use-host';
import { hrefOf } from '../../shell/router';
import { formatDate, formatDateTime, formatDay } from '../../ui/dates';
import { EmptyState } from '../../ui/EmptyState';
import { PageHeader } from '../../ui/PageHeader';
import { QueryView } from '../../ui/QueryView';
import { StatusBadge } from '../../ui/StatusBadge';
import { SyncMark } from '../../ui/SyncMark';
import { EditTaskModal } from './EditTaskModal';
import { TaskAssignees } from './TaskAssignees';
import { moveWords } from './task-history';
import classes from './TaskDetail.module.css';

function Fact({ label, children }: { readonly label: string; readonly children: React.ReactNode }) {
  return (
    <Stack gap={2}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="sm" component="div">
        {children}
      </Text>
    </Stack>
  );
}

/** Start / Mark completed, for who may move the task on (its assignees, its managers). */
function StatusActions({ detail }: { readonly detail: TaskDetail }) {
  const setStatus = useCommand('tasks.setStatus');
  const { task } = detail;
  if (!detail.can.updateStatus) return null;
  const move = async (status: 'in_progress' | 'completed') => {
    const result = await setStatus.run({ taskId: task.id, status });
    if (result.ok) notifyDone(status === 'completed' ? 'Task completed.' : 'Task started.');
    else notifyFailure('The task did not change', result.error);
  };
  if (task.status === 'pending') {
    return (
      <Button
        leftSection={<IconPlayerPlay size={16} />}
        loading={setStatus.pending}
        onClick={() => void move('in_progress')}
      >
        Start task
      </Button>
    );
  }
  if (task.status === 'in_progress') {
    return (
      <Button
        color="teal"
        leftSection={<IconCheck size={16} />}
        loading={setStatus.pending}
        onClick={() => void move('completed')}
      >
        Mark completed
      </Button>
    );
  }
  return null;
}

function TaskReports({ detail }: { readonly detail: TaskDetail }) {
  if (detail.reports.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        No reports on this task yet.
      </Text>
    );
  }
  return (
    <Stack gap="xs" data-testid="task-reports">
      {detail.reports.map((report) => (
        <Group key={report.id} justify="space-between" wrap="nowrap" gap="sm">
          <Stack gap={0} style={{ minWidth: 0 }}>
            <Anchor href={hrefOf(`/reports/${report.id}`)} size="sm" truncate="end">
              {report.title}
            </Anchor>
            <Text size="xs" c="dimmed">
              {report.authorName} · {formatDate(report.submittedAt ?? report.updatedAt)}
            </Text>
          </Stack>
          <StatusBadge status={report.state} />
        </Group>
      ))}
    </Stack>
  );
}

/** Who moved the task on, and when: "Started by Ada · 2 Dec 2026, 10:14". Oldest first. */
function TaskHistory({ detail }: { readonly detail: TaskDetail }) {
  if (detail.history.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        Not started yet.
      </Text>
    );
  }
  return (
    <Stack
      component="ol"
      gap={6}
      m={0}
      p={0}
      style={{ listStyle: 'none' }}
      data-testid="task-history"
    >
      {detail.history.map((move) => (
        <Text component="li" size="sm" key={`${move.at}-${move.by.id}-${move.to}`}>
          {moveWords(move.from, move.to)} by {move.by.name}
          <Text span size="xs" c="dimmed">
            {' '}
            · {formatDateTime(move.at)}
          </Text>
        </Text>
      ))}
    </Stack>
  );
}

function TaskView({ detail }: { readonly detail: TaskDetail }) {
  const [editing, { open, close }] = useDisclosure(false);
  const { task, programme, can } = detail;
  const reportHref = hrefOf(`/reports/new?taskId=${task.id}&programmeId=${programme.id}`);
  return (
    <>
      <PageHeader
        title={task.title}
        badge={
          <Group gap={6} wrap="nowrap">
            <StatusBadge status={task.status} size="md" />
            <SyncMark collection="tasks" id={task.id} />
          </Group>
        }
        description={
          <>
            In <Anchor href={hrefOf(`/programmes/${programme.id}`)}>{programme.name}</Anchor>
          </>
        }
        actions={
          <>
            <StatusActions detail={detail} />
            {can.edit && (
              <Button variant="default" leftSection={<IconPencil size={16} />} onClick={open}>
                Edit
              </Button>
            )}
            {can.writeReport && (
              <Button
                component="a"
                href={reportHref}
                variant="light"
                leftSection={<IconFileText size={16} />}
              >
                Write a task report
              </Button>
            )}
          </>
        }
      />
      {programme.status === 'archived' && (
        <Alert color="gray" mb="md" title="Read-only">
          “{programme.name}” is archived: its tasks no longer change.
        </Alert>
      )}
      <div className={classes.layout}>
        <Card withBorder radius="md" padding="lg" className={classes.about}>
          <Stack gap="md">
            <Title order={3} size="h5">
              Description
            </Title>
            {task.description.trim() ? (
              <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                {task.description}
              </Text>
            ) : (
              <Text size="sm" c="dimmed">
                No description.
              </Text>
            )}
            <SimpleGrid cols={{ base: 1, xs: 3 }} spacing="md">
              <Fact label="Due">{formatDay(task.dueDate)}</Fact>
              <Fact label="Created by">{detail.createdBy.name}</Fact>
              <Fact label="Created">{formatDate(task.dateCreated)}</Fact>
            </SimpleGrid>
          </Stack>
        </Card>
        <Card withBorder radius="md" padding="lg" className={classes.people}>
          <Stack gap="sm">
            <Title order={3} size="h5">
              Assigned to
            </Title>
            <TaskAssignees detail={detail} />
            <Title order={3} size="h5" mt="sm">
              History
            </Title>
            <TaskHistory detail={detail} />
          </Stack>
        </Card>
        <Card withBorder radius="md" padding="lg" className={classes.reports}>
          <Stack gap="sm">
            <Title order={3} size="h5">
              Reports
            </Title>
            <TaskReports detail={detail} />
          </Stack>
        </Card>
      </div>
      {can.edit && <EditTaskModal task={task} opened={editing} onClose={close} />}
    </>
  );
}

/** `/tasks/:taskId`: one task, what it is about, who has it, its reports, and what may be done. */
export function TaskDetailScreen({ taskId }: { readonly taskId: string }) {
  const detail = useLiveQuery('tasks.detail', { taskId });
  return (
    <QueryView state={detail} lines={6}>
      {(value) =>
        value ? (
          <TaskView detail={value} />
        ) : (
          <EmptyState title="There is no such task here">
            It may not have synced to this machine yet, or it is not one you can see.{' '}
            <Anchor href={hrefOf('/tasks')}>Back to the tasks</Anchor>
          </EmptyState>
        )
      }
    </QueryView>
  );
}
