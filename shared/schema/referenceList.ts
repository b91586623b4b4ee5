import { NAME_MAX, idField, timestampFields, typedSchema } from './fields';

/** Tech stacks and job roles are the same shape: short named lists that admins keep. */
export const referenceListSchema = <T extends string>(title: T, description: string) =>
  typedSchema({
    title,
    description,
    version: 0,
    primaryKey: 'id',
    type: 'object',
    properties: {
      id: idField,
      name: { type: 'string', minLength: 1, maxLength: NAME_MAX },
      createdBy: idField,
      ...timestampFields,
    },
    required: ['id', 'name', 'createdBy', 'createdAt', 'updatedAt'],
    indexes: ['name'],
    additionalProperties: false,
  } as const);
