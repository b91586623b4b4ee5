import type { RouteDef } from '../../shell/router';
import { ProgrammeDetailScreen } from './ProgrammeDetailScreen';
import { EditProgrammeScreen, NewProgrammeScreen } from './ProgrammeFormScreen';
import { ProgrammesScreen } from './ProgrammesScreen';

/** The programmes list (and archive), one programme, and the programme form. */
export const programmesRoutes: readonly RouteDef[] = [
  { pattern: '/programmes', render: () => <ProgrammesScreen /> },
  // Before `/programmes/:programmeId`, which would take `new` for an id.
  { pattern: '/programmes/new', render: () => <NewProgrammeScreen />, roles: ['admin', 'manager'] },
  {
    pattern: '/programmes/:programmeId/edit',
    render: ({ programmeId = '' }) => (
      <EditProgrammeScreen key={programmeId} programmeId={programmeId} />
    ),
    roles: ['admin', 'manager'],
  },
  {
    pattern: '/programmes/:programmeId',
    render: ({ programmeId = '' }) => (
      <ProgrammeDetailScreen key={programmeId} programmeId={programmeId} />
    ),
  },
];
