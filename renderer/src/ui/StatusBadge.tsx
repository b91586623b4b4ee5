import { Badge } from '@mantine/core';

/** Every state of every lifecycle, as people read it, with a colour that means the same everywhere. */
const looks: Record<string, { label: string; color: string }> = {
  // programmes
  active: { label: 'Active', color: 'teal' },
  completed: { label: 'Completed', color: 'blue' },
  archived: { label: 'Archived', color: 'gray' },
  // applications
  pending: { label: 'Pending', color: 'yellow' },
  approved: { label: 'Approved', color: 'teal' },
  declined: { label: 'Declined', color: 'red' },
  // tasks
  unassigned: { label: 'Unassigned', color: 'gray' },
  in_progress: { label: 'In progress', color: 'indigo' },
  // reports
  draft: { label: 'Draft', color: 'orange' },
  submitted: { label: 'Submitted', color: 'teal' },
  // certificates
  pending_generation: { label: 'To generate', color: 'gray' },
  pending_approval: { label: 'Awaiting approval', color: 'yellow' },
  revoked: { label: 'Revoked', color: 'red' },
};

export const statusLabel = (status: string): string => looks[status]?.label ?? status;

export function StatusBadge({
  status,
  size = 'sm',
}: {
  readonly status: string;
  readonly size?: string;
}) {
  const look = looks[status] ?? { label: status, color: 'gray' };
  return (
    // Never narrower than its word: a squeezed table column would cut it ("SUBMITT…").
    <Badge
      color={look.color}
      variant="light"
      size={size}
      data-status={status}
      style={{ minWidth: 'max-content' }}
    >
      {look.label}
    </Badge>
  );
}
