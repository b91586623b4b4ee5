import { z } from 'zod';
import { EMAIL_MAX, ID_MAX, NAME_MAX, TEXT_MAX, TITLE_MAX, URL_MAX } from '../../schema/fields';

/** The pieces command inputs are made of, with the same bounds as the collection schemas. */
export const idInput = z.string().min(1, 'An id is required.').max(ID_MAX, 'That id is too long.');
export const idListInput = z.array(idInput).max(1_000);
export const nameInput = z.string().trim().min(1, 'A name is required.').max(NAME_MAX);
export const titleInput = z.string().trim().min(1, 'A title is required.').max(TITLE_MAX);
// Length limits carry no message of their own: inputs/messages.ts names the field in the sentence.
export const textInput = z.string().max(TEXT_MAX);
export const emailInput = z
  .email('Enter a valid email address.')
  .max(EMAIL_MAX, 'That email address is too long.');
/** Only web links: a profile link that opens a file or runs script is refused. */
export const urlInput = z
  .url({ protocol: /^https?$/, error: 'Enter a web address starting with http:// or https://.' })
  .max(URL_MAX, 'That address is too long.');
/** A calendar day, `YYYY-MM-DD`. */
export const dayInput = z.iso.date('Enter a date as YYYY-MM-DD.');
export const isoInput = z.iso.datetime({
  offset: true,
  error: 'Enter a date and time (ISO 8601).',
});

export const fileRefInput = z.strictObject(
  {
    name: z.string().min(1).max(255),
    mimeType: z.string().min(1).max(127),
    size: z
      .int()
      .min(0)
      .max(50 * 1024 * 1024, 'Files are at most 50 MB.'),
    ref: z.string().min(1).max(512),
  },
  { error: 'Attach a file.' },
);
