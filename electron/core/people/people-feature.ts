import type { Feature } from '../host/registry';
import type { FeatureDeps } from '../workspace';
import { signUp } from './sign-up';

/** People: accounts, profiles and mentor details. */
export const createPeopleFeatures = (deps: FeatureDeps): Feature[] => [
  {
    name: 'users',
    commands: {
      'users.signUp': (input) => signUp(deps, input),
    },
  },
];
