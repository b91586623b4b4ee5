import type { Migration } from './migration';

/**
 * Certificates carry what is printed on them and the approving admin's signature (holderName,
 * programmeName, signingKeyId, signature), and people publish their signing keys (users'
 * `signingKeys`). All are new, optional fields: a certificate generated before has no printed
 * names, one approved before has no signature (verification then reads it as forged; an admin
 * revokes and generates it again — none were issued, since nothing generated them before).
 */
export const certificateSignatures: Migration = {
  name: '0002-certificate-signatures',
  toVersion: { certificates: 2, users: 1 },
  migrate: (doc) => doc,
};
