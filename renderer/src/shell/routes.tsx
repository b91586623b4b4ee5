import { aboutRoutes } from '../features/about/routes';
import { applicationsRoutes } from '../features/applications/routes';
import { certificatesRoutes } from '../features/certificates/routes';
import { chatsRoutes } from '../features/chats/routes';
import { forumRoutes } from '../features/forum/routes';
import { dashboardRoutes } from '../features/dashboard/routes';
import { notificationsRoutes } from '../features/notifications/routes';
import { organisationRoutes } from '../features/organisation/routes';
import { peopleRoutes } from '../features/people/routes';
import { programmesRoutes } from '../features/programmes/routes';
import { referenceListsRoutes } from '../features/reference-lists/routes';
import { reportsRoutes } from '../features/reports/routes';
import { tasksRoutes } from '../features/tasks/routes';
import type { RouteDef } from './router';

/** Every screen of the signed-in app, by address. The first match wins. */
export const routes: readonly RouteDef[] = [
  ...dashboardRoutes,
  ...certificatesRoutes,
  ...programmesRoutes,
  ...applicationsRoutes,
  ...tasksRoutes,
  ...reportsRoutes,
  ...chatsRoutes,
  ...forumRoutes,
  ...peopleRoutes,
  ...referenceListsRoutes,
  ...organisationRoutes,
  ...aboutRoutes,
  ...notificationsRoutes,
];
