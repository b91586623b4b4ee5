import type { ExtractDocumentTypeFromTypedRxJsonSchema, RxJsonSchema } from 'rxdb';
import {
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
 */
const literal = typedSchema({
  title: 'certificates',
  description: 'Certificates of programme completion and their approval.',
  version: 1,
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
