import { Paper, Text } from '@mantine/core';
import type { PersonRef } from '../../../../shared/contract';
import type { ApplicationDoc } from '../../../../shared/schema';
import { formatDateTime } from '../../ui/dates';

/** Who decided an application, when, and the note they left; nothing while it waits. */
export function DecisionNote({
  application,
  decidedBy,
}: {
  readonly application: ApplicationDoc;
  readonly decidedBy: PersonRef | null;
}) {
  if (application.status === 'pending') return null;
  return (
    <Paper bg="var(--mantine-color-default-hover)" p="sm" radius="sm" data-testid="decision">
      <Text size="sm">
        {application.status === 'approved' ? 'Approved' : 'Declined'} by{' '}
        {decidedBy?.name ?? 'a manager'} on {formatDateTime(application.decidedAt)}
      </Text>
      {application.decisionNote && (
        <Text size="sm" c="dimmed" mt={4} style={{ whiteSpace: 'pre-wrap' }}>
          “{application.decisionNote}”
        </Text>
      )}
    </Paper>
  );
}
