import type { RouteDef } from '../../shell/router';
import { ApplyScreen } from './ApplyScreen';
import { ApprovalsScreen } from './ApprovalsScreen';
import { MyApplicationsScreen } from './MyApplicationsScreen';

/** A mentor's applications and the approvals inbox of admins and managers. */
export const applicationsRoutes: readonly RouteDef[] = [
  { pattern: '/applications', render: () => <MyApplicationsScreen />, roles: ['mentor'] },
  { pattern: '/approvals', render: () => <ApprovalsScreen />, roles: ['admin', 'manager'] },
  {
    pattern: '/programmes/:programmeId/apply',
    render: ({ programmeId = '' }) => <ApplyScreen key={programmeId} programmeId={programmeId} />,
    roles: ['mentor'],
  },
];
