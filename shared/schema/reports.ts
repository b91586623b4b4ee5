import type { ExtractDocumentTypeFromTypedRxJsonSchema, RxJsonSchema } from 'rxdb';
import {
  TEXT_MAX,
  TITLE_MAX,
  idField,
  isoField,
  timestampFields,
  transitionsField,
  typedSchema,
} from './fields';

export const reportTypes = ['programme', 'task'] as const;
export type ReportType = (typeof reportTypes)[number];
export const reportStates = ['draft', 'submitted'] as const;
export type ReportState = (typeof reportStates)[number];

const textField = { type: 'string', maxLength: TEXT_MAX } as const;

/**
 * A report on a programme or a task. Drafts are written offline and only the author sees them
 * change; a submitted report is final.
 */
const literal = typedSchema({
  title: 'reports',
  description: 'Programme and task reports, draft or submitted.',
  version: 1,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: idField,
    type: { type: 'string', enum: reportTypes, maxLength: 10 },
    title: { type: 'string', minLength: 1, maxLength: TITLE_MAX },
    achievements: textField,
    blockers: textField,
    recommendations: textField,
    dateCreated: isoField,
    createdBy: idField,
    /** The task reported on; NONE for a programme report. */
    taskId: idField,
    programmeId: idField,
    state: { type: 'string', enum: reportStates, maxLength: 10 },
    transitions: transitionsField(reportStates),
    submittedAt: isoField,
    ...timestampFields,
  },
  required: [
    'id',
    'type',
    'title',
    'achievements',
    'blockers',
    'recommendations',
    'dateCreated',
    'createdBy',
    'taskId',
    'programmeId',
    'state',
    'createdAt',
    'updatedAt',
  ],
  indexes: [
    ['programmeId', 'dateCreated'],
    ['createdBy', 'state', 'dateCreated'],
    ['taskId', 'dateCreated'],
    ['state', 'dateCreated'],
  ],
  additionalProperties: false,
} as const);

export type ReportDoc = ExtractDocumentTypeFromTypedRxJsonSchema<typeof literal>;
export const reportsSchema: RxJsonSchema<ReportDoc> = literal;
