import type { RouteDef } from '../../shell/router';

/** The reports screens: not built yet. */
export const reportsRoutes: readonly RouteDef[] = [];
