import { Badge, Card, Grid, Group, SimpleGrid, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconChecklist, IconFileText, IconInbox, IconSchool, IconSend } from '@tabler/icons-react';
import type { DashboardSummary } from '../../../../shared/contract';
import { useLiveQuery } from '../../host/use-host';
import { hrefOf } from '../../shell/router';
import { useSession } from '../../shell/session';
import { QueryView } from '../../ui/QueryView';
import { ProgrammesChart, ReportsPerWeekChart, TasksByStatusChart } from './DashboardCharts';
import { ApprovalsCard, NextStepsCard } from './WorkCards';

const roleLabels = { admin: 'Admin', manager: 'Mentor manager', mentor: 'Mentor' } as const;

const greetingFor = (hour: number) =>
  hour < 5
    ? 'Good evening'
    : hour < 12
      ? 'Good morning'
      : hour < 18
        ? 'Good afternoon'
        : 'Good evening';

const plural = (count: number, one: string, many = `${one}s`) =>
  `${count} ${count === 1 ? one : many}`;

function StatCard({
  label,
  value,
  hint,
  href,
  icon,
  color,
  testId,
}: {
  readonly label: string;
  readonly value: number;
  readonly hint: string;
  readonly href: string;
  readonly icon: React.ReactNode;
  readonly color: string;
  readonly testId: string;
}) {
  return (
    <Card
      component="a"
      href={hrefOf(href)}
      withBorder
      radius="md"
      padding="md"
      data-testid={testId}
      data-value={value}
      aria-label={`${label}: ${value}. ${hint}`}
      style={{ textDecoration: 'none', color: 'inherit' }}
    >
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <Stack gap={2} style={{ minWidth: 0 }}>
          <Text size="sm" c="dimmed" fw={500}>
            {label}
          </Text>
          <Text fz={32} fw={700} lh={1.1}>
            {value}
          </Text>
        </Stack>
        <ThemeIcon variant="light" color={color} size={38} radius="md">
          {icon}
        </ThemeIcon>
      </Group>
      <Text size="xs" c="dimmed" mt={6} lineClamp={2}>
        {hint}
      </Text>
    </Card>
  );
}

function Greeting({ summary }: { readonly summary: DashboardSummary }) {
  const waiting =
    summary.pendingApplications + summary.pendingDetails + summary.pendingCertificates;
  const line =
    summary.role === 'mentor'
      ? summary.myOpenTasks > 0
        ? `You have ${plural(summary.myOpenTasks, 'open task')}.`
        : 'No open tasks: a good moment to write a report.'
      : waiting > 0
        ? `${plural(waiting, 'thing waits', 'things wait')} for your approval.`
        : 'Nothing waits for your approval.';
  return (
    <Group justify="space-between" align="flex-end" wrap="wrap" gap="sm" mb="lg">
      <Stack gap={4} style={{ minWidth: 0 }}>
        <Title order={2} data-testid="dashboard-greeting" style={{ overflowWrap: 'anywhere' }}>
          {greetingFor(new Date().getHours())}, {summary.displayName}
        </Title>
        <Text c="dimmed" size="sm">
          {line}
        </Text>
      </Stack>
      <Badge variant="light" size="lg" data-testid="dashboard-role">
        {roleLabels[summary.role]}
      </Badge>
    </Group>
  );
}

function StatCards({ summary }: { readonly summary: DashboardSummary }) {
  const submitted = summary.reportsPerWeek.reduce((sum, week) => sum + week.count, 0);
  const approvals =
    summary.pendingApplications + summary.pendingDetails + summary.pendingCertificates;
  const approvalParts = [
    plural(summary.pendingApplications, 'application'),
    plural(summary.pendingDetails, 'mentor detail', 'mentor details'),
    ...(summary.role === 'admin' ? [plural(summary.pendingCertificates, 'certificate')] : []),
  ];
  return (
    <SimpleGrid cols={{ base: 1, xs: 2, lg: 4 }} spacing="md" mb="md">
      <StatCard
        label="My open tasks"
        value={summary.myOpenTasks}
        hint="Assigned to you and not completed."
        href="/tasks?assignee=me"
        icon={<IconChecklist size={20} />}
        color="indigo"
        testId="stat-open-tasks"
      />
      <StatCard
        label="My drafts"
        value={summary.myDrafts}
        hint="Reports you have not submitted yet."
        href="/reports?state=draft"
        icon={<IconFileText size={20} />}
        color="orange"
        testId="stat-drafts"
      />
      {summary.role === 'mentor' ? (
        <StatCard
          label="My programmes"
          value={summary.programmes.active}
          hint={`Active programmes you are in. ${
            summary.openProgrammes === 0
              ? 'No programme is open right now.'
              : `${plural(summary.openProgrammes, 'programme is', 'programmes are')} open to join.`
          }`}
          href="/programmes"
          icon={<IconSchool size={20} />}
          color="teal"
          testId="stat-programmes"
        />
      ) : (
        <StatCard
          label="Waiting for approval"
          value={approvals}
          hint={approvalParts.join(' · ')}
          href="/approvals"
          icon={<IconInbox size={20} />}
          color={approvals > 0 ? 'yellow' : 'gray'}
          testId="stat-approvals"
        />
      )}
      <StatCard
        label={summary.role === 'mentor' ? 'My submitted reports' : 'Submitted reports'}
        value={submitted}
        hint="In the last 12 weeks."
        href="/reports"
        icon={<IconSend size={20} />}
        color="blue"
        testId="stat-reports"
      />
    </SimpleGrid>
  );
}

/** The first screen: a greeting, what needs the person, and how the work is going. */
export function DashboardScreen() {
  const summary = useLiveQuery('dashboard.summary', {});
  const { info } = useSession();
  return (
    <QueryView state={summary} lines={6}>
      {(value) =>
        value === null ? (
          <Text c="dimmed">Signed in as {info.user.name}; the overview is on its way.</Text>
        ) : (
          <div data-testid="dashboard" data-role={value.role}>
            <Greeting summary={value} />
            <StatCards summary={value} />
            <Grid gap="md">
              <Grid.Col span={{ base: 12, md: 5 }}>
                <TasksByStatusChart summary={value} />
              </Grid.Col>
              <Grid.Col span={{ base: 12, md: 7 }}>
                <ReportsPerWeekChart summary={value} />
              </Grid.Col>
              <Grid.Col span={{ base: 12, md: 5 }}>
                <ProgrammesChart summary={value} />
              </Grid.Col>
              <Grid.Col span={{ base: 12, md: 7 }}>
                {value.role === 'mentor' ? (
                  <NextStepsCard summary={value} />
                ) : (
                  <ApprovalsCard summary={value} />
                )}
              </Grid.Col>
            </Grid>
          </div>
        )
      }
    </QueryView>
  );
}
