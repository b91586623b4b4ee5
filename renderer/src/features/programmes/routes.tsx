import type { RouteDef } from '../../shell/router';

/** The programmes screens: not built yet. */
export const programmesRoutes: readonly RouteDef[] = [];
