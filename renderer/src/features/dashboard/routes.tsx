import type { RouteDef } from '../../shell/router';

/** The dashboard screens: not built yet. */
export const dashboardRoutes: readonly RouteDef[] = [];
