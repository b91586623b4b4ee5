import type { Feature } from '../host/registry';
import type { FeatureDeps } from '../workspace';
import { createUser, pendingAccounts, setRole } from './account-commands';
import { watchMyProfile, watchPeople, watchPerson } from './people-queries';
import { editProfile } from './profiles';
import { signUp } from './sign-up';
import { approveUserDetails, submitUserDetails, watchDetailsForApproval } from './user-details';

/** People: accounts, profiles and mentor details. */
export const createPeopleFeatures = (deps: FeatureDeps): Feature[] => [
  {
    name: 'users',
    commands: {
      'users.signUp': (input) => signUp(deps, input),
      'users.create': (input) => createUser(deps, input),
      'users.pendingAccounts': () => pendingAccounts(deps),
      'users.setRole': (input) => setRole(deps, input),
      'users.editProfile': (input) => editProfile(deps, input),
    },
    liveQueries: {
      'users.list': (input) => watchPeople(deps, input),
      'users.me': () => watchMyProfile(deps),
      'users.detail': ({ userId }) => watchPerson(deps, userId),
    },
  },
  {
    name: 'userDetails',
    commands: {
      'userDetails.submit': (input) => submitUserDetails(deps, input),
      'userDetails.approve': (input) => approveUserDetails(deps, input),
    },
    liveQueries: {
      'userDetails.list': ({ status }) => watchDetailsForApproval(deps, status),
    },
  },
];
