import type { RouteDef } from '../../shell/router';
import { DashboardScreen } from './DashboardScreen';

export const dashboardRoutes: readonly RouteDef[] = [
  { pattern: '/', render: () => <DashboardScreen /> },
];
