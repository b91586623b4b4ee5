import { z } from 'zod';
import { HostFailure } from '../../../shared/contract';
import { encodeBits } from '../../../shared/domain';
import { MAX_SIGNING_KEYS } from '../../../shared/schema';
import { findDoc, updateDoc } from '../workspace';
import type { FeatureDeps, Workspace } from '../workspace';
import { createSigningKeyPair, publicKeyOf } from './signing';

/**
 * An admin's certificate signing key on this machine. The private key is made here, on first use,
 * and kept in the secret store (safeStorage in the desktop app) under the account and server; its
 * public half is published in the admin's user document, which is how every other machine checks
 * the signatures. A person who approves from several machines has one key on each.
 */

const storedKeySchema = z.object({
  id: z.string().length(8),
  privateKey: z.string().min(1),
});

export interface SigningKey {
  readonly id: string;
  readonly privateKey: string;
}

const secretName = (workspace: Workspace) =>
  `certificate-signing-key\n${workspace.serverUrl}\n${workspace.actor.id}`;

const loadOrCreate = async (deps: FeatureDeps, workspace: Workspace): Promise<SigningKey> => {
  const stored = await deps.secrets.get(secretName(workspace));
  if (stored !== undefined) {
    const parsed = storedKeySchema.safeParse(JSON.parse(stored));
    if (parsed.success) return parsed.data;
    deps.logger.warn('certificates: the stored signing key is unreadable; making a new one');
  }
  const pair = createSigningKeyPair();
  // 40 random bits in Crockford base 32: a person's few keys never collide.
  const key = { id: encodeBits(deps.random(5), 40), privateKey: pair.privateKey };
  await deps.secrets.set(secretName(workspace), JSON.stringify(key));
  return key;
};

/**
 * This machine's key for the signed-in person, published in their profile if it is not yet (a
 * conflict may have dropped it: it is added again). Refuses when the profile has not reached this
 * machine, since nobody could check a signature made with an unpublished key.
 */
export const signingKeyFor = async (
  deps: FeatureDeps,
  workspace: Workspace,
): Promise<SigningKey> => {
  const key = await loadOrCreate(deps, workspace);
  const profile = await findDoc(workspace, 'users', workspace.actor.id);
  if (!profile) {
    throw new HostFailure(
      'conflict',
      'Your profile is not on this machine yet, so your signing key cannot be published: sync and try again.',
    );
  }
  if ((profile.signingKeys ?? []).some((published) => published.id === key.id)) return key;
  if ((profile.signingKeys ?? []).length >= MAX_SIGNING_KEYS) {
    throw new HostFailure('conflict', 'You have published the most signing keys a person may.');
  }
  await updateDoc(workspace, 'users', workspace.actor.id, (current) => ({
    ...current,
    signingKeys: [
      ...(current.signingKeys ?? []),
      { id: key.id, publicKey: publicKeyOf(key.privateKey), createdAt: workspace.now() },
    ],
    updatedAt: workspace.now(),
  }));
  return key;
};
