import { Skeleton, Stack } from '@mantine/core';
import { lazy, Suspense } from 'react';
import type { RouteDef } from '../../shell/router';

// The charts library is the biggest part of the renderer: only the dashboard loads it, on demand,
// so the other screens (the task list of 10,000 rows among them) start without it.
const DashboardScreen = lazy(() =>
  import('./DashboardScreen').then((module) => ({ default: module.DashboardScreen })),
);

const loading = (
  <Stack gap="md" aria-busy="true">
    <Skeleton height={32} width="40%" />
    <Skeleton height={120} />
    <Skeleton height={260} />
  </Stack>
);

export const dashboardRoutes: readonly RouteDef[] = [
  {
    pattern: '/',
    render: () => (
      <Suspense fallback={loading}>
        <DashboardScreen />
      </Suspense>
    ),
  },
];
