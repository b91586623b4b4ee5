import type { ExtractDocumentTypeFromTypedRxJsonSchema, RxJsonSchema } from 'rxdb';
import {
  NAME_MAX,
  dayField,
  idField,
  isoField,
  timestampFields,
  transitionsField,
  typedSchema,
} from './fields';

export const certificateStatuses = [
  'pending_generation',
  'pending_approval',
  'approved',
  'revoked',
] as const;
export type CertificateStatus = (typeof certificateStatuses)[number];

/**
 * A certificate of a person's part in a programme. A manager generates it (renders it and gives it
 * a code) and sends it up; an admin who did not generate it approves it; an admin may revoke it
 * with a reason.
 *
 * Version 1 (migration 0001) adds what the certificate prints and its signature: the holder's and
 * the programme's names as they were when it was generated (a later rename does not change an
 * issued certificate), and the approving admin's Ed25519 signature of its facts with the id of
 * the key (shared/domain/certificates/payload.ts).
 */
const literal = typedSchema({
  title: 'certificates',
  description: 'Certificates of programme completion and their approval.',
  version: 2,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: idField,
    userId: idField,
    programmeId: idField,
    seriesId: { type: 'string', maxLength: 64 },
    issueDate: dayField,
    expirationDate: dayField,
    dateCreated: isoField,
    createdBy: idField,
    /** Who rendered and coded it; may not be the approver. */
    generatedBy: idField,
    generatedAt: isoField,
    approvedBy: idField,
    approvedAt: isoField,
    /** `MMM-XXXX-XXXX-C` (domain/certificateCode); NONE until generated, indexed for lookup. */
    certificateCode: { type: 'string', maxLength: 20 },
    status: { type: 'string', enum: certificateStatuses, maxLength: 20 },
    transitions: transitionsField(certificateStatuses),
    /** The name printed on it, fixed when it is generated. */
    holderName: { type: 'string', minLength: 1, maxLength: NAME_MAX },
    programmeName: { type: 'string', minLength: 1, maxLength: NAME_MAX },
    /** The approving admin's key (users' `signingKeys`) and its signature, base64url. */
    signingKeyId: { type: 'string', minLength: 8, maxLength: 8 },
    signature: { type: 'string', minLength: 86, maxLength: 86 },
    revokedReason: { type: 'string', minLength: 1, maxLength: 2_000 },
    revokedBy: idField,
    revokedAt: isoField,
    ...timestampFields,
  },
  required: [
    'id',
    'userId',
    'programmeId',
    'seriesId',
    'issueDate',
    'dateCreated',
    'createdBy',
    'certificateCode',
    'status',
    'createdAt',
    'updatedAt',
  ],
  indexes: [
    ['programmeId', 'status'],
    ['userId', 'dateCreated'],
    ['status', 'dateCreated'],
    'certificateCode',
  ],
  additionalProperties: false,
} as const);

export type CertificateDoc = ExtractDocumentTypeFromTypedRxJsonSchema<typeof literal>;
export const certificatesSchema: RxJsonSchema<CertificateDoc> = literal;
