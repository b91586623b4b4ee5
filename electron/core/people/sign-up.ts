import { HostFailure } from '../../../shared/contract';
import type { InputOf } from '../../../shared/contract';
import { createServerAccess, reasonOf } from '../sync/server-access';
import type { FeatureDeps } from '../workspace';

/**
 * Signing up as a mentor applicant: an account in the server's user store with no role, carrying
 * the email and name the admin sees when approving it (the profile is made then, since a person
 * without a role can write nothing in the app's databases). Needs the server.
 */
export const signUp = async (
  deps: Pick<FeatureDeps, 'fetch' | 'clock'>,
  input: InputOf<'users.signUp'>,
): Promise<null> => {
  const server = createServerAccess({ serverUrl: input.serverUrl, fetch: deps.fetch });
  const id = `org.couchdb.user:${input.username}`;
  const answer = await server.request('PUT', `/_users/${encodeURIComponent(id)}`, {
    _id: id,
    name: input.username,
    type: 'user',
    roles: [],
    password: input.password,
    email: input.email,
    ...(input.fullName ? { fullName: input.fullName } : {}),
    signedUpAt: deps.clock.now().toISOString(),
  });
  if (answer.status === 201 || answer.status === 202) return null;
  if (answer.status === 409) {
    throw new HostFailure('conflict', 'That username is taken: choose another.', [
      { path: 'username', message: 'That username is taken.' },
    ]);
  }
  throw new HostFailure(
    answer.status >= 500 ? 'unavailable' : 'forbidden',
    `The server refused the sign-up: ${reasonOf(answer)}.`,
  );
};
