import type { ExtractDocumentTypeFromTypedRxJsonSchema, RxJsonSchema } from 'rxdb';
import { NAME_MAX, idField, timestampFields, typedSchema } from './fields';

/** The lists admins keep: the seed's TECH_STACK and Job Roles. */
export const referenceListKinds = ['techStack', 'jobRole'] as const;
export type ReferenceListKind = (typeof referenceListKinds)[number];

/**
 * One entry of a reference list. Tech stacks and job roles share a collection because they are the
 * same shape and RxDB's open-source build allows only 13 collections (see ./index). `list` never
 * changes: mentor details point at tech-stack ids. Names are unique within a list, which the app's
 * commands check (a document alone cannot).
 */
const literal = typedSchema({
  title: 'referenceLists',
  description: 'Tech stacks and job roles, the reference lists admins keep.',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: idField,
    list: { type: 'string', enum: referenceListKinds, maxLength: 10 },
    name: { type: 'string', minLength: 1, maxLength: NAME_MAX },
    createdBy: idField,
    ...timestampFields,
  },
  required: ['id', 'list', 'name', 'createdBy', 'createdAt', 'updatedAt'],
  indexes: [['list', 'name']],
  additionalProperties: false,
} as const);

export type ReferenceListDoc = ExtractDocumentTypeFromTypedRxJsonSchema<typeof literal>;
export const referenceListsSchema: RxJsonSchema<ReferenceListDoc> = literal;
