import type { CollectionName } from '../index';
import { certificateSignatures } from './0001-certificate-signatures';
import { userSigningKeys } from './0002-user-signing-keys';

/**
 * RxDB migration strategies per collection: `strategies[collection][v]` turns a document of
 * version v−1 into version v. Numbered files, forward only; each has a test that opens a database
 * written at the old version (electron/core/database/migrations.test.ts).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- documents of an old version are not of today's types
type Migration = (doc: any) => unknown;

export const migrationStrategies: Partial<Record<CollectionName, Record<number, Migration>>> = {
  certificates: { 1: certificateSignatures },
  users: { 1: userSigningKeys },
};
