import { auditTime, from, merge, Observable, of, switchMap } from 'rxjs';
import type { CollectionName } from '../../../shared/schema';
import type { Feature } from '../host/registry';
import { watchWorkspace } from '../workspace';
import type { FeatureDeps, Workspace } from '../workspace';
import { computeDashboard } from './dashboard-summary';

/** The collections whose changes move a number on the dashboard. */
const watched: readonly CollectionName[] = [
  'tasks',
  'reports',
  'programmes',
  'programmeMembers',
  'applications',
  'userDetails',
  'certificates',
];

/**
 * A pull of 500 documents is 500 change events: they are summed up once per this many ms, so a
 * burst costs one recount, not hundreds.
 */
export const DASHBOARD_COALESCE_MS = 150;
/** The week window moves on by itself: look at the clock now and then. */
const CLOCK_CHECK_MS = 60 * 60 * 1000;

const summaryOf = (deps: FeatureDeps, workspace: Workspace) => {
  const clockTicks = new Observable<void>((subscriber) =>
    deps.clock.every(CLOCK_CHECK_MS, () => {
      subscriber.next();
    }),
  );
  const changes = merge(...watched.map((name) => workspace.database[name].$), clockTicks).pipe(
    auditTime(DASHBOARD_COALESCE_MS),
  );
  return merge(of(null), changes).pipe(
    switchMap(() => from(computeDashboard(workspace, deps.clock.now()))),
  );
};

/** The signed-in person's overview: their work, what waits for them, and the organisation's pulse. */
export const createDashboardFeatures = (deps: FeatureDeps): Feature[] => [
  {
    name: 'dashboard',
    liveQueries: {
      'dashboard.summary': () =>
        watchWorkspace(deps, (workspace) => summaryOf(deps, workspace), null),
    },
  },
];
