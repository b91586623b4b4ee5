import { Alert, Anchor, Button, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import {
  IconArrowBackUp,
  IconCheck,
  IconFileText,
  IconPencil,
  IconPlayerPlay,
} from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import type { TaskDetail } from '../../../../shared/contract';
import { TASK_UNDO_WINDOW_MS } from '../../../../shared/domain/lifecycles';
import { hostClient } from '../../host/host-client';
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

/** How long the page offers to take a completion back: the rule's own window, less a margin. */
const UNDO_OFFER_MS = TASK_UNDO_WINDOW_MS - 10_000;

/**
 * Takes a completion back (tasks.reopen): the assignee who just completed a task may, for the
 * undo window the shared rules allow; a manager may at any time.
 */
const undoCompleting = async (taskId: string, title: string): Promise<boolean> => {
  const result = await hostClient.call('tasks.reopen', { taskId });
  notifications.hide(`completed-${taskId}`);
  if (result.ok) notifyDone(`“${title}” is in progress again.`);
  else notifyFailure('The task was not reopened', result.error);
  return result.ok;
};

/** Start / Mark completed (confirmed, then undoable for a while) / Reopen, for who may. */
function StatusActions({ detail }: { readonly detail: TaskDetail }) {
  const setStatus = useCommand('tasks.setStatus');
  const reopen = useCommand('tasks.reopen');
  // When this page completed the task: its Undo stays offered for the undo window.
  const [completedHere, setCompletedHere] = useState<number | null>(null);
  const { task } = detail;
  useEffect(() => {
    if (completedHere === null) return undefined;
    const timer = setTimeout(() => {
      setCompletedHere(null);
    }, UNDO_OFFER_MS);
    return () => {
      clearTimeout(timer);
    };
  }, [completedHere]);

  const undo = () => {
    void undoCompleting(task.id, task.title).then((undone) => {
      if (undone) setCompletedHere(null);
    });
  };
  const start = async () => {
    const result = await setStatus.run({ taskId: task.id, status: 'in_progress' });
    if (result.ok) notifyDone('Task started.');
    else notifyFailure('The task did not change', result.error);
  };
  const complete = async () => {
    const result = await setStatus.run({ taskId: task.id, status: 'completed' });
    if (!result.ok) {
      notifyFailure('The task did not change', result.error);
      return;
    }
    setCompletedHere(Date.now());
    notifications.show({
      id: `completed-${task.id}`,
      color: 'teal',
      title: 'Task completed',
      autoClose: 10_000,
      message: (
        <Group justify="space-between" gap="sm" wrap="nowrap">
          <Text size="sm">“{task.title}” is completed.</Text>
          <Button size="compact-sm" variant="light" onClick={undo}>
            Undo
          </Button>
        </Group>
      ),
    });
  };
  const confirmComplete = () => {
    modals.openConfirmModal({
      title: 'Mark this task completed?',
      children: (
        <Text size="sm">
          “{task.title}” no longer changes once completed. You can undo it for a minute or two;
          after that, only the programme’s managers can reopen it.
        </Text>
      ),
      labels: { confirm: 'Mark completed', cancel: 'Not yet' },
      confirmProps: { color: 'teal' },
      onConfirm: () => void complete(),
    });
  };
  const confirmReopen = () => {
    modals.openConfirmModal({
      title: 'Reopen this task?',
      children: (
        <Text size="sm">
          “{task.title}” goes back to in progress, and its assignees can work on it and complete it
          again.
        </Text>
      ),
      labels: { confirm: 'Reopen task', cancel: 'Keep it completed' },
      onConfirm: () => {
        void reopen.run({ taskId: task.id }).then((result) => {
          if (result.ok) notifyDone(`“${task.title}” is in progress again.`);
          else notifyFailure('The task was not reopened', result.error);
        });
      },
    });
  };

  if (task.status === 'completed') {
    if (completedHere !== null) {
      return (
        <Button
          variant="default"
          leftSection={<IconArrowBackUp size={16} />}
          loading={reopen.pending}
          onClick={undo}
        >
          Undo completing
        </Button>
      );
    }
    if (!detail.can.reopen) return null;
    return (
      <Button
        variant="default"
        leftSection={<IconArrowBackUp size={16} />}
        loading={reopen.pending}
        onClick={confirmReopen}
      >
        Reopen
      </Button>
    );
  }
  if (!detail.can.updateStatus) return null;
  if (task.status === 'pending') {
    return (
      <Button
        leftSection={<IconPlayerPlay size={16} />}
        loading={setStatus.pending}
        onClick={() => void start()}
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
        onClick={confirmComplete}
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
