import type { RouteDef } from '../../shell/router';

/** The tasks screens: not built yet. */
export const tasksRoutes: readonly RouteDef[] = [];
