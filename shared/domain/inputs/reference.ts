import { z } from 'zod';
import { idInput, nameInput } from './fields';

/** Tech stacks and job roles, the lists admins keep. */
export const addReferenceItemInput = z.strictObject({ name: nameInput });
export const renameReferenceItemInput = z.strictObject({ id: idInput, name: nameInput });
export const removeReferenceItemInput = z.strictObject({ id: idInput });
