import { z } from 'zod';
import { referenceListKinds } from '../../schema/referenceLists';
import { idInput, nameInput } from './fields';

/**
 * Entries of the reference lists admins keep (tech stacks, job roles). Each names its list: names
 * are unique within one, which the command checks, and renaming refuses an entry of another list.
 */
const listInput = z.enum(referenceListKinds, 'The list is tech stacks or job roles.');

export const addReferenceListEntryInput = z.strictObject({ list: listInput, name: nameInput });
export const renameReferenceListEntryInput = z.strictObject({
  list: listInput,
  id: idInput,
  name: nameInput,
});
export const removeReferenceListEntryInput = z.strictObject({ id: idInput });
