import type { RouteDef } from '../../shell/router';
import { NotificationsScreen } from './NotificationsScreen';

export const notificationsRoutes: readonly RouteDef[] = [
  { pattern: '/notifications', render: () => <NotificationsScreen /> },
];
