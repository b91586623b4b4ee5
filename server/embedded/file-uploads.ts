import { createHash } from 'node:crypto';
import {
  FILE_ATTACHMENT,
  contentMatches,
  hexOfFileDocId,
  maxBytesOfType,
} from '../../shared/domain/files';

type Json = Record<string, unknown>;
const record = (value: unknown): Json | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Json)
    : undefined;

/**
 * What validate_doc_update cannot check of a file sent to the embedded server (docs/FILES.md):
 * that its bytes are what its id says (their SHA-256) and what its type says (their first bytes).
 * A reader checks the hash again, so on Apache CouchDB — which has no such step — a file with
 * the wrong bytes is refused by every machine that fetches it, never shown. null: fine.
 *
 * `pathId`: the document id of `PUT /db/<id>`; for `_bulk_docs`, every document in `docs`.
 */
export const checkFileBytes = (body: unknown, pathId: string | undefined): string | null => {
  const docs = Array.isArray(record(body)?.['docs'])
    ? (record(body)?.['docs'] as unknown[])
    : [body];
  for (const doc of docs) {
    const fields = record(doc);
    const id = typeof fields?.['_id'] === 'string' ? fields['_id'] : pathId;
    const hex = id === undefined ? undefined : hexOfFileDocId(id);
    if (hex === undefined || fields === undefined) continue;
    const attachment = record(record(fields['_attachments'])?.[FILE_ATTACHMENT]);
    const data = attachment?.['data'];
    // No bytes sent: validate_doc_update refuses a file without its attachment.
    if (typeof data !== 'string') continue;
    const type = typeof attachment?.['content_type'] === 'string' ? attachment['content_type'] : '';
    const bytes = Buffer.from(data, 'base64');
    if (bytes.byteLength > maxBytesOfType(type)) {
      return `Files of type ${type || 'unknown'} are at most ${maxBytesOfType(type)} bytes.`;
    }
    if (createHash('sha256').update(bytes).digest('hex') !== hex) {
      return 'The file’s bytes do not have the SHA-256 its id names.';
    }
    if (!contentMatches(bytes, type)) return `The file’s content is not ${type}.`;
  }
  return null;
};
