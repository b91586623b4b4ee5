import type { RouteDef } from '../../shell/router';

/** The applications screens: not built yet. */
export const applicationsRoutes: readonly RouteDef[] = [];
