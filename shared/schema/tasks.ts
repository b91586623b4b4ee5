import type { ExtractDocumentTypeFromTypedRxJsonSchema, RxJsonSchema } from 'rxdb';
import {
  TEXT_MAX,
  TITLE_MAX,
  dayField,
  idField,
  idListField,
  isoField,
  timestampFields,
  transitionsField,
  typedSchema,
} from './fields';

export const taskStatuses = ['unassigned', 'pending', 'in_progress', 'completed'] as const;
export type TaskStatus = (typeof taskStatuses)[number];

/**
 * A piece of work in a programme, assigned to managers and mentors. RxDB cannot index an array, so
 * "tasks assigned to me" is a query on `assignees` within the programme or status index.
 */
const literal = typedSchema({
  title: 'tasks',
  description: 'Tasks of a programme and who they are assigned to.',
  version: 1,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: idField,
    title: { type: 'string', minLength: 1, maxLength: TITLE_MAX },
    description: { type: 'string', maxLength: TEXT_MAX },
    dateCreated: isoField,
    createdBy: idField,
    status: { type: 'string', enum: taskStatuses, maxLength: 12 },
    transitions: transitionsField(taskStatuses),
    programmeId: idField,
    assignees: idListField,
    dueDate: dayField,
    ...timestampFields,
  },
  required: [
    'id',
    'title',
    'description',
    'dateCreated',
    'createdBy',
    'status',
    'programmeId',
    'assignees',
    'createdAt',
    'updatedAt',
  ],
  indexes: [
    ['programmeId', 'status', 'dateCreated'],
    ['createdBy', 'dateCreated'],
    ['status', 'dateCreated'],
  ],
  additionalProperties: false,
} as const);

export type TaskDoc = ExtractDocumentTypeFromTypedRxJsonSchema<typeof literal>;
export const tasksSchema: RxJsonSchema<TaskDoc> = literal;
