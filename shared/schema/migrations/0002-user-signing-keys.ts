import type { UserDoc } from '../users';

/** users v0 → v1: `signingKeys` is a new, optional list; nobody has published one yet. */
export const userSigningKeys = (doc: UserDoc): UserDoc => doc;
