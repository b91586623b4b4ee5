import type { ExtractDocumentTypeFromTypedRxJsonSchema, RxJsonSchema } from 'rxdb';
import { idField, isoField, timestampFields, transitionsField, typedSchema } from './fields';

export const applicationStatuses = ['pending', 'approved', 'declined'] as const;
export type ApplicationStatus = (typeof applicationStatuses)[number];

/** A person's application to a programme, answering its criteria form. */
const literal = typedSchema({
  title: 'applications',
  description: 'Applications to programmes and their decision.',
  version: 1,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: idField,
    programmeId: idField,
    /** The applicant; also the author. */
    userId: idField,
    /** Criteria field id → answer; domain/criteria checks them against the programme's form. */
    answers: { type: 'object', additionalProperties: true },
    status: { type: 'string', enum: applicationStatuses, maxLength: 10 },
    transitions: transitionsField(applicationStatuses),
    /** The seed's approvedDeclined_By. */
    decidedBy: idField,
    decidedAt: isoField,
    decisionNote: { type: 'string', maxLength: 2_000 },
    ...timestampFields,
  },
  required: ['id', 'programmeId', 'userId', 'answers', 'status', 'createdAt', 'updatedAt'],
  indexes: [
    ['programmeId', 'status', 'createdAt'],
    ['userId', 'createdAt'],
    ['status', 'createdAt'],
  ],
  additionalProperties: false,
} as const);

export type ApplicationDoc = ExtractDocumentTypeFromTypedRxJsonSchema<typeof literal>;
export const applicationsSchema: RxJsonSchema<ApplicationDoc> = literal;
