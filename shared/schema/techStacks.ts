import type { ExtractDocumentTypeFromTypedRxJsonSchema, RxJsonSchema } from 'rxdb';
import { referenceListSchema } from './referenceList';

const literal = referenceListSchema('techStacks', 'Technologies a mentor can be proficient in.');

export type TechStackDoc = ExtractDocumentTypeFromTypedRxJsonSchema<typeof literal>;
export const techStacksSchema: RxJsonSchema<TechStackDoc> = literal;
