import type { ExtractDocumentTypeFromTypedRxJsonSchema, RxJsonSchema } from 'rxdb';
import {
  NAME_MAX,
  fileRefField,
  idField,
  idListField,
  isoField,
  timestampFields,
  transitionsField,
  typedSchema,
} from './fields';

export const userDetailsStatuses = ['submitted', 'approved'] as const;
export type UserDetailsStatus = (typeof userDetailsStatuses)[number];

const nameListField = {
  type: 'array',
  items: { type: 'string', maxLength: NAME_MAX },
  maxItems: 100,
} as const;

/**
 * What a person submits to become a mentor, and the admin's or manager's approval of it. The seed's
 * "previous held role" and "Previous roles" are one list. `status` and the seed's `approved` move
 * together (the lifecycle sets both).
 */
const literal = typedSchema({
  title: 'userDetails',
  description: 'Mentor application details of a person, approved by an admin or manager.',
  version: 1,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: idField,
    /** The person; also the author. */
    userId: idField,
    /** The manager responsible for this person; NONE until one is chosen. */
    managerId: idField,
    previousRoles: nameListField,
    previousProgrammes: nameListField,
    /** A programme id; NONE when no preference was given. */
    programmeOfInterest: idField,
    yearsOfTechnicalExperience: { type: 'number', minimum: 0, maximum: 80 },
    /** The uploaded CV or similar. */
    document: fileRefField,
    beenMentorBefore: { type: 'boolean' },
    /** Tech stack ids. */
    technicalProficiency: idListField,
    status: { type: 'string', enum: userDetailsStatuses, maxLength: 10 },
    transitions: transitionsField(userDetailsStatuses),
    approved: { type: 'boolean' },
    approvedBy: idField,
    approvedAt: isoField,
    ...timestampFields,
  },
  required: [
    'id',
    'userId',
    'managerId',
    'previousRoles',
    'previousProgrammes',
    'programmeOfInterest',
    'yearsOfTechnicalExperience',
    'beenMentorBefore',
    'technicalProficiency',
    'status',
    'approved',
    'createdAt',
    'updatedAt',
  ],
  indexes: ['userId', ['status', 'createdAt'], ['managerId', 'status']],
  additionalProperties: false,
} as const);

export type UserDetailsDoc = ExtractDocumentTypeFromTypedRxJsonSchema<typeof literal>;
export const userDetailsSchema: RxJsonSchema<UserDetailsDoc> = literal;
