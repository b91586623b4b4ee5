import type { RouteDef } from '../../shell/router';
import { ReferenceListsScreen } from './ReferenceListsScreen';

export const referenceListsRoutes: readonly RouteDef[] = [
  { pattern: '/reference-lists', render: () => <ReferenceListsScreen />, roles: ['admin'] },
];
