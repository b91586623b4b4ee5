import type { RouteDef } from '../../shell/router';
import { MentorDetailsScreen } from './MentorDetailsScreen';
import { PeopleScreen } from './PeopleScreen';
import { PersonScreen } from './PersonScreen';
import { ProfileScreen } from './ProfileScreen';

/** People (admins, managers), one person, and everyone's own profile and mentor details. */
export const peopleRoutes: readonly RouteDef[] = [
  { pattern: '/people', render: () => <PeopleScreen />, roles: ['admin', 'manager'] },
  { pattern: '/people/:userId', render: ({ userId = '' }) => <PersonScreen userId={userId} /> },
  { pattern: '/profile', render: () => <ProfileScreen /> },
  { pattern: '/profile/details', render: () => <MentorDetailsScreen /> },
];
