import type { ExtractDocumentTypeFromTypedRxJsonSchema, RxJsonSchema } from 'rxdb';
import { NAME_MAX, fileRefField, idField, timestampFields, typedSchema } from './fields';

/** The lists admins keep: the seed's TECH_STACK and Job Roles. */
export const referenceListKinds = ['techStack', 'jobRole'] as const;
export type ReferenceListKind = (typeof referenceListKinds)[number];

/**
 * What a document of the collection is: an entry of a list, or (v1) the organisation's settings,
 * one document (shared/domain/organisation).
 */
export const referenceListDocKinds = [...referenceListKinds, 'organisation'] as const;

/**
 * One entry of a reference list. Tech stacks and job roles share a collection because they are the
 * same shape and RxDB's open-source build allows only 13 collections (see ./index). `list` never
 * changes: mentor details point at tech-stack ids. Names are unique within a list, which the app's
 * commands check (a document alone cannot).
 *
 * v1 (migration 0008): the organisation's settings live here too, as the one document of list
 * `organisation` (id `organisation`), with the certificate `logo`: organisation-wide like the lists,
 * kept by admins, and the 13 collections are all in use.
 */
const literal = typedSchema({
  title: 'referenceLists',
  description:
    'Tech stacks and job roles, the reference lists admins keep; the organisation’s settings.',
  version: 1,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: idField,
    list: { type: 'string', enum: referenceListDocKinds, maxLength: 12 },
    name: { type: 'string', minLength: 1, maxLength: NAME_MAX },
    /** The organisation's settings only: the logo printed on certificates (a PNG or JPEG). */
    logo: fileRefField,
    createdBy: idField,
    ...timestampFields,
  },
  required: ['id', 'list', 'name', 'createdBy', 'createdAt', 'updatedAt'],
  indexes: [['list', 'name']],
  additionalProperties: false,
} as const);

export type ReferenceListDoc = ExtractDocumentTypeFromTypedRxJsonSchema<typeof literal>;
export const referenceListsSchema: RxJsonSchema<ReferenceListDoc> = literal;
