import { createHash } from 'node:crypto';
import { FILE_ATTACHMENT } from '../../../shared/domain/files';
import type { SentListener, ServerAccess } from '../sync/server-access';
import { reasonOf } from '../sync/server-access';

/**
 * Moving a file's bytes between this machine and the server (docs/FILES.md): the document
 * `files:<sha256>` in a database, its attachment `file`. Plain HTTP with the signed-in session
 * (ServerAccess), since RxDB's CouchDB replication carries no attachments.
 */

/** 5 MB base64-encoded on a slow line: a file's request gets longer than a document's. */
const FILE_TIMEOUT_MS = 5 * 60_000;

const pathOf = (database: string, hex: string, attachment?: string) =>
  `/${database}/${encodeURIComponent(`files:${hex}`)}${attachment ? `/${attachment}` : ''}`;

/** A file as the server keeps it: `files:<sha256>`, its bytes the attachment `file`. */
const fileDocOf = (file: {
  readonly hex: string;
  readonly bytes: Uint8Array;
  readonly mimeType: string;
  readonly createdBy: string;
}) => ({
  _id: `files:${file.hex}`,
  createdBy: file.createdBy,
  _attachments: {
    [FILE_ATTACHMENT]: {
      content_type: file.mimeType,
      data: Buffer.from(file.bytes).toString('base64'),
    },
  },
});

export type SendOutcome =
  | { readonly kind: 'sent' }
  /** It was there already (sent before a restart, or by someone else): nothing was sent. */
  | { readonly kind: 'there' }
  /** The server will not take it; sending again will not help. */
  | { readonly kind: 'refused'; readonly reason: string }
  /** Not now (signed out, a loaded server): try again later. */
  | { readonly kind: 'later'; readonly reason: string };

const isOpen = async (server: ServerAccess, database: string) =>
  (await server.request('GET', `/${database}`)).status === 200;

const isThere = async (server: ServerAccess, database: string, hex: string) =>
  (await server.request('GET', pathOf(database, hex))).status === 200;

/**
 * Sends a file unless the server has it. `askFirst`: whether to ask the server before sending
 * (when an earlier try may have reached it — a restart, a cut connection — so its bytes are not
 * sent twice); a first try sends at once, which saves a round trip per file. Either way a second
 * copy is never made (its id is its content: the server answers 409). Throws
 * HostFailure('unavailable') when the server cannot be reached. `onSent`: the request's bytes
 * written so far (the bytes go base64-encoded inside the JSON, so its fractions are the file's).
 */
export const sendFile = async (
  server: ServerAccess,
  file: {
    readonly database: string;
    readonly hex: string;
    readonly bytes: Uint8Array;
    readonly mimeType: string;
    readonly createdBy: string;
  },
  askFirst = true,
  onSent?: SentListener,
): Promise<SendOutcome> => {
  if (askFirst && (await isThere(server, file.database, file.hex))) return { kind: 'there' };
  const answer = await server.request(
    'PUT',
    pathOf(file.database, file.hex),
    fileDocOf(file),
    FILE_TIMEOUT_MS,
    onSent,
  );
  if (answer.status === 201 || answer.status === 202) return { kind: 'sent' };
  // A conflict: it arrived meanwhile (the same bytes, whoever sent them).
  if (answer.status === 409) return { kind: 'there' };
  if (answer.status === 403 || answer.status === 400 || answer.status === 413) {
    // Refused, unless because it is there now (validate_doc_update: a file never changes).
    if (await isThere(server, file.database, file.hex)) return { kind: 'there' };
    // A chat started a moment ago has no database open to its members until the server has
    // the chat (its follower makes it): not a refusal of the file, try again later.
    if (answer.status === 403 && !(await isOpen(server, file.database))) {
      return { kind: 'later', reason: reasonOf(answer) };
    }
    return { kind: 'refused', reason: reasonOf(answer) };
  }
  return { kind: 'later', reason: reasonOf(answer) };
};

/** A file sent in a batch (`sendFiles`). */
export interface BatchedFile {
  readonly hex: string;
  readonly bytes: Uint8Array;
  readonly mimeType: string;
  readonly createdBy: string;
}

/**
 * Sends several new files into one database in one `_bulk_docs` (a hundred small pictures are
 * round trips more than bytes: one request each cost 2–4× a plain PUT). Each file's outcome by
 * its hash: sent, there (a copy was made meanwhile), or undefined where this answer says nothing
 * sure (a refused row, a refused or unclear request) and the file must go alone, whose answer
 * tells a refusal from a database not open yet. Throws HostFailure('unavailable') like sendFile.
 */
export const sendFiles = async (
  server: ServerAccess,
  database: string,
  files: readonly BatchedFile[],
): Promise<ReadonlyMap<string, SendOutcome>> => {
  const answer = await server.request(
    'POST',
    `/${database}/_bulk_docs`,
    {
      docs: files.map(fileDocOf),
    },
    FILE_TIMEOUT_MS,
  );
  const outcomes = new Map<string, SendOutcome>();
  if (answer.status !== 201 || !Array.isArray(answer.body)) return outcomes;
  const rows = new Map<string, unknown[]>();
  for (const row of answer.body as unknown[]) {
    const id = (row as { id?: unknown } | null)?.id;
    if (typeof id === 'string') rows.set(id, [...(rows.get(id) ?? []), row]);
  }
  for (const file of files) {
    // Read by the id each row names, never by position (the server may answer refusals first).
    const named = rows.get(`files:${file.hex}`) ?? [];
    const row = named.length === 1 ? (named[0] as { ok?: unknown; error?: unknown }) : undefined;
    if (row?.ok === true) outcomes.set(file.hex, { kind: 'sent' });
    else if (row?.error === 'conflict') outcomes.set(file.hex, { kind: 'there' });
  }
  return outcomes;
};

export const sha256Hex = (bytes: Uint8Array): string =>
  createHash('sha256').update(bytes).digest('hex');

export type FetchOutcome =
  | { readonly kind: 'fetched'; readonly bytes: Uint8Array; readonly mimeType: string }
  /** Not in this database, or not for this reader. */
  | { readonly kind: 'missing' }
  /** Bytes came that are not the file (cut short, corrupted): never kept. */
  | { readonly kind: 'corrupt' };

/** Bytes that came for a file: kept only when they have the hash its id names. */
const checked = (hex: string, bytes: Uint8Array, contentType: string | null): FetchOutcome =>
  sha256Hex(bytes) === hex
    ? {
        kind: 'fetched',
        bytes,
        mimeType: contentType?.split(';')[0]?.trim() || 'application/octet-stream',
      }
    : { kind: 'corrupt' };

/** Fetches a file's bytes from one database and checks them against the hash its id names. */
export const fetchFile = async (
  server: ServerAccess,
  database: string,
  hex: string,
): Promise<FetchOutcome> => {
  const answer = await server.readBytes(pathOf(database, hex, FILE_ATTACHMENT), FILE_TIMEOUT_MS);
  if (answer.status !== 200) return { kind: 'missing' };
  return checked(hex, answer.bytes, answer.contentType);
};

/**
 * Fetches several files from one database in one request (`_all_docs` with the documents and
 * their attachments inline), each checked against the hash its id names as `fetchFile` does:
 * an outcome per hash asked (`missing` for one the database does not hold or not for this
 * reader). For small files: the bytes come base64 inside one JSON answer.
 */
export const fetchFiles = async (
  server: ServerAccess,
  database: string,
  hexes: readonly string[],
): Promise<ReadonlyMap<string, FetchOutcome>> => {
  const outcomes = new Map<string, FetchOutcome>(hexes.map((hex) => [hex, { kind: 'missing' }]));
  const answer = await server.request(
    'POST',
    `/${database}/_all_docs?include_docs=true&attachments=true`,
    { keys: hexes.map((hex) => `files:${hex}`) },
    FILE_TIMEOUT_MS,
  );
  const rows = (answer.body as { rows?: unknown } | null)?.rows;
  if (answer.status !== 200 || !Array.isArray(rows)) return outcomes;
  for (const row of rows as { key?: unknown; doc?: unknown }[]) {
    const hex = typeof row.key === 'string' ? row.key.slice('files:'.length) : undefined;
    if (hex === undefined || !outcomes.has(hex)) continue;
    const attachment = (
      row.doc as {
        _attachments?: Record<string, { data?: unknown; content_type?: unknown }>;
      } | null
    )?._attachments?.[FILE_ATTACHMENT];
    if (typeof attachment?.data !== 'string') continue;
    const type = typeof attachment.content_type === 'string' ? attachment.content_type : null;
    outcomes.set(hex, checked(hex, new Uint8Array(Buffer.from(attachment.data, 'base64')), type));
  }
  return outcomes;
};
