import type { RouteDef } from '../../shell/router';
import { OrganisationScreen } from './OrganisationScreen';

export const organisationRoutes: readonly RouteDef[] = [
  { pattern: '/organisation', render: () => <OrganisationScreen />, roles: ['admin'] },
];
