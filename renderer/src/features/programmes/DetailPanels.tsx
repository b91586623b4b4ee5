import {
  Badge,
  Group,
  List,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import type { ProgrammeDetail } from '../../../../shared/contract';
import { questionTypeLabels } from '../../../../shared/domain/criteria-forms';
import { EmptyState } from '../../ui/EmptyState';
import { ApplicationCard } from '../applications/ApplicationCard';

function Figure({ label, value }: { readonly label: string; readonly value: number }) {
  return (
    <div>
      <Text size="xl" fw={700} lh={1.1}>
        {value}
      </Text>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
    </div>
  );
}

/** What the programme is, in figures, and what it asks applicants. */
export function OverviewPanel({ detail }: { readonly detail: ProgrammeDetail }) {
  const { programme, members, taskCounts } = detail;
  const mentors = members.filter((member) => member.membership.role === 'mentor').length;
  const openTasks = taskCounts.unassigned + taskCounts.pending + taskCounts.in_progress;
  return (
    <Stack gap="lg">
      <Text
        size="sm"
        c={programme.description.trim() ? undefined : 'dimmed'}
        style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}
        maw={820}
      >
        {programme.description.trim() || 'No description yet.'}
      </Text>
      <SimpleGrid cols={{ base: 2, sm: 4 }} maw={640}>
        <Figure label="mentors" value={mentors} />
        <Figure label="managers" value={members.length - mentors} />
        <Figure label="open tasks" value={openTasks} />
        <Figure label="completed tasks" value={taskCounts.completed} />
      </SimpleGrid>
      <div>
        <Title order={3} size="h5" mb="xs">
          Application form
        </Title>
        {programme.criteria.length === 0 ? (
          <Text size="sm" c="dimmed">
            Applicants answer no questions.
          </Text>
        ) : (
          <List type="ordered" spacing="xs" size="sm" data-testid="criteria-summary">
            {programme.criteria.map((field) => (
              <List.Item key={field.id}>
                <Group gap={6} wrap="wrap">
                  <Text size="sm" fw={500}>
                    {field.label}
                  </Text>
                  <Badge variant="light" color="gray" size="xs">
                    {questionTypeLabels[field.type]}
                  </Badge>
                  {field.required && (
                    <Badge variant="outline" color="gray" size="xs">
                      Required
                    </Badge>
                  )}
                </Group>
                {field.options && field.options.length > 0 && (
                  <Text size="xs" c="dimmed">
                    {field.options.join(' · ')}
                  </Text>
                )}
                {field.help && (
                  <Text size="xs" c="dimmed">
                    {field.help}
                  </Text>
                )}
              </List.Item>
            ))}
          </List>
        )}
      </div>
    </Stack>
  );
}

/** Applications: who decides sees them all, by pending and decided; an applicant their own. */
export function ApplicationsPanel({ detail }: { readonly detail: ProgrammeDetail }) {
  const decides = detail.can.decideApplications;
  const pending = detail.applications.filter((view) => view.application.status === 'pending');
  const decided = detail.applications.filter((view) => view.application.status !== 'pending');
  const [show, setShow] = useState<'pending' | 'decided'>(
    decides && pending.length === 0 && decided.length > 0 ? 'decided' : 'pending',
  );
  if (!decides) {
    return (
      <Stack gap="sm">
        {detail.applications.map((view) => (
          <ApplicationCard key={view.application.id} view={view} canDecide={false} />
        ))}
      </Stack>
    );
  }
  const shown = show === 'pending' ? pending : decided;
  return (
    <Stack gap="md">
      <SegmentedControl
        aria-label="Which applications"
        value={show}
        onChange={(next) => {
          setShow(next === 'decided' ? 'decided' : 'pending');
        }}
        data={[
          { value: 'pending', label: `Pending (${String(pending.length)})` },
          { value: 'decided', label: `Decided (${String(decided.length)})` },
        ]}
        style={{ alignSelf: 'flex-start' }}
      />
      {shown.length === 0 ? (
        <EmptyState
          title={show === 'pending' ? 'No applications waiting' : 'Nothing decided yet'}
        />
      ) : (
        shown.map((view) => <ApplicationCard key={view.application.id} view={view} canDecide />)
      )}
    </Stack>
  );
}
