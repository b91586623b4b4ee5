import type { ExtractDocumentTypeFromTypedRxJsonSchema, RxJsonSchema } from 'rxdb';
import { ID_MAX, idField, timestampFields, typedSchema } from './fields';

export const memberRoles = ['manager', 'mentor'] as const;
export type MemberRole = (typeof memberRoles)[number];

/**
 * The id of a membership is derived from the programme and the person, so two managers adding the
 * same mentor offline write the same document instead of two memberships.
 */
export const membershipId = (programmeId: string, userId: string): string =>
  `${programmeId}~${userId}`;

/** One person in one programme: the seed's ProgramsMentor and the programme↔manager relation. */
const literal = typedSchema({
  title: 'programmeMembers',
  description: 'Who manages or mentors in which programme; one document per membership.',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: { type: 'string', maxLength: ID_MAX * 2 + 1 },
    programmeId: idField,
    userId: idField,
    role: { type: 'string', enum: memberRoles, maxLength: 10 },
    /** Who added the member (a manager, an admin, or the approval of an application). */
    createdBy: idField,
    ...timestampFields,
  },
  required: ['id', 'programmeId', 'userId', 'role', 'createdBy', 'createdAt', 'updatedAt'],
  indexes: [['programmeId', 'role'], 'userId'],
  additionalProperties: false,
} as const);

export type ProgrammeMemberDoc = ExtractDocumentTypeFromTypedRxJsonSchema<typeof literal>;
export const programmeMembersSchema: RxJsonSchema<ProgrammeMemberDoc> = literal;
