import type { Feature } from '../host/registry';
import type { FeatureDeps } from '../workspace';
import { applicationCommands } from './application-commands';
import { applicationQueries } from './application-queries';
import { memberCommands } from './member-commands';
import { programmeCommands } from './programme-commands';
import { programmeQueries } from './programme-queries';

/** Programmes, who is in them, and applications to them (DESIGN §1–2). */
export const createProgrammesFeatures = (deps: FeatureDeps): Feature[] => [
  { name: 'programmes', commands: programmeCommands(deps), liveQueries: programmeQueries(deps) },
  { name: 'programmeMembers', commands: memberCommands(deps) },
  {
    name: 'applications',
    commands: applicationCommands(deps),
    liveQueries: applicationQueries(deps),
  },
];
