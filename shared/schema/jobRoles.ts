import type { ExtractDocumentTypeFromTypedRxJsonSchema, RxJsonSchema } from 'rxdb';
import { referenceListSchema } from './referenceList';

const literal = referenceListSchema('jobRoles', 'Job roles people held before.');

export type JobRoleDoc = ExtractDocumentTypeFromTypedRxJsonSchema<typeof literal>;
export const jobRolesSchema: RxJsonSchema<JobRoleDoc> = literal;
