import { Anchor, Badge, Button, Group, Stack, Table, Text } from '@mantine/core';
import { IconPencilPlus, IconPlus } from '@tabler/icons-react';
import type { ProgrammeDetail } from '../../../../shared/contract';
import { taskStatuses } from '../../../../shared/schema';
import { hrefOf } from '../../shell/router';
import { formatDate, formatDay } from '../../ui/dates';
import { EmptyState } from '../../ui/EmptyState';
import { StatusBadge } from '../../ui/StatusBadge';
import { SyncMark } from '../../ui/SyncMark';

/** A programme may have thousands of tasks: its page shows the newest, the task list has them all. */
const TASKS_SHOWN = 50;

/** Person id → name, from the programme's members (tasks and reports are theirs). */
const namesOf = (detail: ProgrammeDetail) =>
  new Map(detail.members.map((member) => [member.person.id, member.person.name]));

export function TasksPanel({ detail }: { readonly detail: ProgrammeDetail }) {
  const names = namesOf(detail);
  const { programme } = detail;
  return (
    <Stack gap="md">
      <Group justify="space-between" wrap="wrap" gap="sm">
        <Group gap="xs">
          {taskStatuses.map((status) => (
            <Group key={status} gap={4}>
              <StatusBadge status={status} />
              <Text size="sm">{detail.taskCounts[status]}</Text>
            </Group>
          ))}
        </Group>
        <Group gap="xs">
          <Button
            variant="default"
            size="xs"
            component="a"
            href={hrefOf(`/tasks?programmeId=${programme.id}`)}
          >
            Open in the task list
          </Button>
          {detail.can.createTask && (
            <Button
              size="xs"
              component="a"
              href={hrefOf(`/tasks/new?programmeId=${programme.id}`)}
              leftSection={<IconPlus size={14} />}
            >
              New task
            </Button>
          )}
        </Group>
      </Group>
      {detail.tasks.length === 0 ? (
        <EmptyState title="No tasks yet">
          {detail.can.createTask ? 'Create the first one with “New task”.' : undefined}
        </EmptyState>
      ) : (
        <Table.ScrollContainer minWidth={560}>
          <Table verticalSpacing="xs" highlightOnHover data-testid="programme-tasks">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Task</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Assignees</Table.Th>
                <Table.Th>Due</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {detail.tasks.slice(0, TASKS_SHOWN).map((task) => (
                <Table.Tr key={task.id}>
                  <Table.Td>
                    <Group gap="xs" wrap="nowrap">
                      <Anchor href={hrefOf(`/tasks/${task.id}`)} size="sm" lineClamp={1}>
                        {task.title}
                      </Anchor>
                      <SyncMark collection="tasks" id={task.id} />
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <StatusBadge status={task.status} />
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" c={task.assignees.length === 0 ? 'dimmed' : undefined}>
                      {task.assignees.length === 0
                        ? 'Nobody'
                        : task.assignees.map((id) => names.get(id) ?? id).join(', ')}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" c="dimmed">
                      {formatDay(task.dueDate)}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          {detail.tasks.length > TASKS_SHOWN && (
            <Text size="sm" c="dimmed" mt="xs">
              The newest {TASKS_SHOWN} of {detail.tasks.length} tasks.{' '}
              <Anchor href={hrefOf(`/tasks?programmeId=${programme.id}`)} size="sm">
                See them all in the task list
              </Anchor>
            </Text>
          )}
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}

export function ReportsPanel({ detail }: { readonly detail: ProgrammeDetail }) {
  const names = namesOf(detail);
  const { programme } = detail;
  return (
    <Stack gap="md">
      <Group justify="space-between" wrap="wrap" gap="sm">
        <Text size="sm" c="dimmed">
          {detail.can.decideApplications || detail.myRole === 'manager'
            ? 'Submitted reports of the programme, and your own drafts.'
            : 'Your reports on this programme and its tasks.'}
        </Text>
        {detail.can.writeReport && (
          <Button
            size="xs"
            component="a"
            href={hrefOf(`/reports/new?programmeId=${programme.id}`)}
            leftSection={<IconPencilPlus size={14} />}
          >
            Write a report
          </Button>
        )}
      </Group>
      {detail.reports.length === 0 ? (
        <EmptyState title="No reports yet" />
      ) : (
        <Table.ScrollContainer minWidth={560}>
          <Table verticalSpacing="xs" highlightOnHover data-testid="programme-reports">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Report</Table.Th>
                <Table.Th>Kind</Table.Th>
                <Table.Th>State</Table.Th>
                <Table.Th>Author</Table.Th>
                <Table.Th>Written</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {detail.reports.map((report) => (
                <Table.Tr key={report.id}>
                  <Table.Td>
                    <Group gap="xs" wrap="nowrap">
                      <Anchor href={hrefOf(`/reports/${report.id}`)} size="sm" lineClamp={1}>
                        {report.title}
                      </Anchor>
                      <SyncMark collection="reports" id={report.id} />
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <Badge variant="outline" color="gray" size="sm">
                      {report.type === 'task' ? 'Task' : 'Programme'}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    <StatusBadge status={report.state} />
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{names.get(report.createdBy) ?? report.createdBy}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" c="dimmed">
                      {formatDate(report.submittedAt ?? report.dateCreated)}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}
