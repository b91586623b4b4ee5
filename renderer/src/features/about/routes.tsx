import type { RouteDef } from '../../shell/router';
import { AboutScreen } from './AboutScreen';

export const aboutRoutes: readonly RouteDef[] = [
  { pattern: '/about', render: () => <AboutScreen /> },
];
