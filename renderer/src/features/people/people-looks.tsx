import { Badge } from '@mantine/core';
import type { UserDetailsStatus, UserRole } from '../../../../shared/schema';

/** How roles and mentor-details states look everywhere in the people screens. */
export const roleLabels: Record<UserRole, string> = {
  admin: 'Admin',
  manager: 'Manager',
  mentor: 'Mentor',
};

const roleColors: Record<UserRole, string> = { admin: 'grape', manager: 'blue', mentor: 'teal' };

/** "an admin", "a manager", "a mentor". */
export const withArticle = (role: UserRole): string =>
  `${role === 'admin' ? 'an' : 'a'} ${roleLabels[role].toLowerCase()}`;

export const roleOptions = (['mentor', 'manager', 'admin'] as const).map((role) => ({
  value: role,
  label: roleLabels[role],
}));

export const isRole = (value: string | null): value is UserRole =>
  value === 'admin' || value === 'manager' || value === 'mentor';

export function RoleBadge({ role }: { readonly role: UserRole }) {
  return (
    <Badge color={roleColors[role]} variant="light" size="sm" data-role={role}>
      {roleLabels[role]}
    </Badge>
  );
}

const detailsLooks: Record<UserDetailsStatus, { label: string; color: string }> = {
  submitted: { label: 'Submitted', color: 'yellow' },
  approved: { label: 'Approved', color: 'teal' },
};

/** Mentor details: submitted ones wait for an admin or manager, so they look like waiting. */
export function DetailsStatusBadge({ status }: { readonly status: UserDetailsStatus }) {
  const look = detailsLooks[status];
  return (
    <Badge color={look.color} variant="light" size="sm" data-status={status}>
      {look.label}
    </Badge>
  );
}
