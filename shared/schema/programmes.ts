import type { ExtractDocumentTypeFromTypedRxJsonSchema, RxJsonSchema } from 'rxdb';
import {
  NAME_MAX,
  TEXT_MAX,
  fileRefField,
  idField,
  isoField,
  timestampFields,
  transitionsField,
  typedSchema,
} from './fields';

export const programmeStatuses = ['active', 'completed', 'archived'] as const;
export type ProgrammeStatus = (typeof programmeStatuses)[number];

/** The field types a programme's application form can ask for (domain/criteria validates them). */
export const criteriaFieldTypes = [
  'text',
  'longText',
  'number',
  'yesNo',
  'singleChoice',
  'multipleChoice',
  'file',
] as const;
export type CriteriaFieldType = (typeof criteriaFieldTypes)[number];

/** One question of the application form. The full rules live in domain/criteria (zod). */
export const criteriaFieldSchema = {
  type: 'object',
  properties: {
    id: { type: 'string', maxLength: 64 },
    label: { type: 'string', maxLength: 500 },
    type: { type: 'string', enum: criteriaFieldTypes },
    required: { type: 'boolean' },
    help: { type: 'string', maxLength: 2_000 },
    options: { type: 'array', items: { type: 'string', maxLength: 200 }, maxItems: 50 },
    min: { type: 'number' },
    max: { type: 'number' },
    maxLength: { type: 'integer', minimum: 1 },
  },
  required: ['id', 'label', 'type', 'required'],
  additionalProperties: false,
} as const;

/**
 * A mentoring programme. Tasks, reports and memberships point to it; it holds no lists of their
 * ids, so adding a task offline never conflicts with an edit of the programme (DESIGN §2).
 */
const literal = typedSchema({
  title: 'programmes',
  description: 'Mentoring programmes with their application form.',
  version: 1,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: idField,
    name: { type: 'string', minLength: 1, maxLength: NAME_MAX },
    description: { type: 'string', maxLength: TEXT_MAX },
    createdBy: idField,
    status: { type: 'string', enum: programmeStatuses, maxLength: 10 },
    transitions: transitionsField(programmeStatuses),
    completedBy: idField,
    archivedBy: idField,
    picture: fileRefField,
    dateCreated: isoField,
    dateCompleted: isoField,
    dateArchived: isoField,
    criteria: { type: 'array', items: criteriaFieldSchema, maxItems: 50 },
    ...timestampFields,
  },
  required: [
    'id',
    'name',
    'description',
    'createdBy',
    'status',
    'dateCreated',
    'criteria',
    'createdAt',
    'updatedAt',
  ],
  indexes: [['status', 'dateCreated'], ['createdBy', 'dateCreated'], 'dateCreated'],
  additionalProperties: false,
} as const);

export type ProgrammeDoc = ExtractDocumentTypeFromTypedRxJsonSchema<typeof literal>;
export const programmesSchema: RxJsonSchema<ProgrammeDoc> = literal;
