import { BarChart, DonutChart } from '@mantine/charts';
import { Anchor, Group, Stack, Text, ThemeIcon } from '@mantine/core';
import { IconChartBar } from '@tabler/icons-react';
import type { DashboardSummary } from '../../../../shared/contract';
import { taskStatuses } from '../../../../shared/schema';
import type { UserRole } from '../../../../shared/schema';
import { hrefOf } from '../../shell/router';
import { statusLabel } from '../../ui/StatusBadge';
import { DashboardCard } from './DashboardCard';

/** The same colours as the status badges, so a state looks alike everywhere. */
const taskColours = {
  unassigned: 'gray.5',
  pending: 'yellow.6',
  in_progress: 'indigo.6',
  completed: 'teal.6',
} as const;

const weekFormat = new Intl.DateTimeFormat(undefined, {
  day: 'numeric',
  month: 'short',
  timeZone: 'UTC',
});
const weekLabel = (monday: string) => weekFormat.format(new Date(`${monday}T00:00:00.000Z`));

/** What a chart shows when there is nothing to draw: a sentence, not an empty frame. */
function ChartEmpty({ children }: { readonly children: React.ReactNode }) {
  return (
    <Stack align="center" justify="center" gap={6} py="xl" style={{ flex: 1 }}>
      <ThemeIcon variant="light" color="gray" size="lg" radius="xl">
        <IconChartBar size={18} />
      </ThemeIcon>
      <Text size="sm" c="dimmed" ta="center" maw={280} data-testid="chart-empty">
        {children}
      </Text>
    </Stack>
  );
}

const taskScope: Record<UserRole, { title: string; description: string }> = {
  admin: { title: 'Tasks by status', description: 'Every task in the organisation.' },
  manager: {
    title: 'Tasks by status',
    description: 'Tasks of the programmes you run, and tasks assigned to you.',
  },
  mentor: { title: 'My tasks by status', description: 'Tasks assigned to you.' },
};

export function TasksByStatusChart({ summary }: { readonly summary: DashboardSummary }) {
  const data = taskStatuses.map((status) => ({
    name: statusLabel(status),
    value: summary.tasksByStatus[status],
    color: taskColours[status],
  }));
  const total = data.reduce((sum, cell) => sum + cell.value, 0);
  const scope = taskScope[summary.role];
  return (
    <DashboardCard title={scope.title} description={scope.description} testId="chart-tasks">
      {total === 0 ? (
        <ChartEmpty>No tasks yet. Tasks show up here once they are created or assigned.</ChartEmpty>
      ) : (
        <Group justify="center" gap="xl" wrap="wrap" style={{ flex: 1 }}>
          <DonutChart
            data={data.filter((cell) => cell.value > 0)}
            size={150}
            thickness={22}
            strokeWidth={data.filter((cell) => cell.value > 0).length > 1 ? 1 : 0}
            chartLabel={`${total} ${total === 1 ? 'task' : 'tasks'}`}
            tooltipDataSource="segment"
            // An image to assistive technology, whose name carries the numbers it draws.
            role="img"
            aria-label={`Tasks by status: ${data.map((cell) => `${cell.name} ${cell.value}`).join(', ')}`}
          />
          <Stack gap={6}>
            {data.map((cell) => (
              <Group key={cell.name} gap="xs" wrap="nowrap">
                <ThemeIcon color={cell.color} size={10} radius="xl" aria-hidden>
                  {null}
                </ThemeIcon>
                <Text size="sm" style={{ minWidth: 90 }}>
                  {cell.name}
                </Text>
                <Text size="sm" fw={600} data-testid={`tasks-${cell.name}`}>
                  {cell.value}
                </Text>
              </Group>
            ))}
          </Stack>
        </Group>
      )}
    </DashboardCard>
  );
}

const reportScope: Record<UserRole, string> = {
  admin: 'Submitted reports of the whole organisation, the last 12 weeks.',
  manager: 'Submitted reports of the programmes you run, the last 12 weeks.',
  mentor: 'Reports you submitted, the last 12 weeks.',
};

export function ReportsPerWeekChart({ summary }: { readonly summary: DashboardSummary }) {
  const data = summary.reportsPerWeek.map((week) => ({
    week: weekLabel(week.week),
    Reports: week.count,
  }));
  const total = summary.reportsPerWeek.reduce((sum, week) => sum + week.count, 0);
  return (
    <DashboardCard
      title="Reports per week"
      description={reportScope[summary.role]}
      testId="chart-reports"
    >
      {total === 0 ? (
        <ChartEmpty>
          No reports were submitted in the last 12 weeks.{' '}
          <Anchor href={hrefOf('/reports')} inherit>
            Go to reports
          </Anchor>
        </ChartEmpty>
      ) : (
        <BarChart
          h={220}
          data={data}
          dataKey="week"
          series={[{ name: 'Reports', color: 'indigo.6' }]}
          tickLine="none"
          gridAxis="x"
          maxBarWidth={28}
          xAxisProps={{ interval: 'preserveStartEnd', minTickGap: 12 }}
          yAxisProps={{ allowDecimals: false, width: 32 }}
          role="img"
          aria-label={`Reports per week, ${total} in the last 12 weeks`}
        />
      )}
    </DashboardCard>
  );
}

export function ProgrammesChart({ summary }: { readonly summary: DashboardSummary }) {
  const statuses = ['active', 'completed', 'archived'] as const;
  const data = statuses.map((status) => ({
    status: `${statusLabel(status)} · ${summary.programmes[status]}`,
    Programmes: summary.programmes[status],
  }));
  const total = statuses.reduce((sum, status) => sum + summary.programmes[status], 0);
  return (
    <DashboardCard
      title="Programmes by status"
      description={
        summary.role === 'admin'
          ? 'Every programme.'
          : summary.role === 'manager'
            ? 'Programmes you created or manage.'
            : 'Programmes you are a member of.'
      }
      testId="chart-programmes"
    >
      {total === 0 ? (
        <ChartEmpty>
          {summary.role === 'mentor' ? (
            <>
              You are not in a programme yet.{' '}
              <Anchor href={hrefOf('/programmes')} inherit>
                Find one to join
              </Anchor>
            </>
          ) : (
            <>
              No programmes yet.{' '}
              <Anchor href={hrefOf('/programmes')} inherit>
                Go to programmes
              </Anchor>
            </>
          )}
        </ChartEmpty>
      ) : (
        <BarChart
          h={Math.max(140, 44 * statuses.length)}
          data={data}
          dataKey="status"
          orientation="vertical"
          series={[{ name: 'Programmes', color: 'teal.6' }]}
          barProps={{ radius: 4 }}
          gridAxis="none"
          withXAxis={false}
          maxBarWidth={24}
          yAxisProps={{ width: 104 }}
          role="img"
          aria-label={`Programmes: ${data.map((row) => `${row.status} ${row.Programmes}`).join(', ')}`}
        />
      )}
    </DashboardCard>
  );
}
