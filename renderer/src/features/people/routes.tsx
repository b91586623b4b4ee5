import type { RouteDef } from '../../shell/router';

/** The people screens: not built yet. */
export const peopleRoutes: readonly RouteDef[] = [];
