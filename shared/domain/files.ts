/**
 * Uploaded files (programme pictures, mentors' CVs, files answering an application question, chat
 * attachments, the organisation's logo): what
 * each may be, how their content is recognised, and the rules for the server's copy of a file — a
 * document `files:<sha256 hex>` whose one attachment holds the bytes, in the database of the
 * document that refers to it (docs/FILES.md). Pure: the app, the embedded server's guard and
 * validate_doc_update (on CouchDB too) apply the same rules.
 */

export const filePurposes = ['picture', 'document', 'answer', 'attachment', 'logo'] as const;
export type FilePurpose = (typeof filePurposes)[number];

const PICTURE_TYPES = ['image/png', 'image/jpeg', 'image/webp', 'image/gif'];
const DOCUMENT_TYPES = [
  'application/pdf',
  'application/msword',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.oasis.opendocument.text',
  'text/plain',
];

/**
 * What each upload may be. Base64 grows a file by a third and a host message is at most 8 MiB, so
 * nothing above 5 MB crosses the boundary.
 */
export const fileLimits: Readonly<
  Record<
    FilePurpose,
    { readonly maxBytes: number; readonly mimeTypes: readonly string[]; readonly what: string }
  >
> = {
  picture: {
    maxBytes: 2 * 1024 * 1024,
    mimeTypes: PICTURE_TYPES,
    what: 'a PNG, JPEG, WebP or GIF image',
  },
  document: {
    maxBytes: 5 * 1024 * 1024,
    mimeTypes: DOCUMENT_TYPES,
    what: 'a PDF, Word, OpenDocument or plain-text document',
  },
  answer: {
    maxBytes: 5 * 1024 * 1024,
    mimeTypes: [
      'application/pdf',
      'image/png',
      'image/jpeg',
      'text/plain',
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    ],
    what: 'a PDF, image, Word or plain-text file',
  },
  // A chat's files: what people pass each other while working — documents and pictures.
  attachment: {
    maxBytes: 5 * 1024 * 1024,
    mimeTypes: [...DOCUMENT_TYPES, ...PICTURE_TYPES],
    what: 'a PDF, Word, OpenDocument or plain-text document, or a PNG, JPEG, WebP or GIF picture',
  },
  // The organisation's logo on certificates (shared/domain/organisation): what the PDF renderer
  // embeds. Never SVG: it can carry script, and every machine renders it.
  logo: {
    maxBytes: 1024 * 1024,
    mimeTypes: ['image/png', 'image/jpeg'],
    what: 'a PNG or JPEG image',
  },
};

/** Files one chat message carries at most. */
export const MAX_ATTACHMENTS = 5;

/** The longest file name kept, in UTF-16 units (what the server's schema check counts). */
export const FILE_NAME_MAX = 255;

/**
 * Characters a file name never keeps: control characters, and the bidirectional controls that
 * make `CV\u202Efdp.exe` read as `CVexe.pdf` (right-to-left override, isolates, marks).
 */
const UNSAFE_IN_NAMES =
  // eslint-disable-next-line no-control-regex -- control characters are what it takes out
  /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;
/** Path separators and what Windows refuses in a name: a name is never a path. */
const SEPARATORS = /[/\\:*?"<>|]/g;

/**
 * A file's name as the app keeps and shows it: no controls or bidirectional overrides, no path
 * separators, no leading dots (`..`, hidden files) or trailing dots and spaces, at most
 * FILE_NAME_MAX long (the extension kept, a character never cut in half); `file` when nothing is
 * left. What the server checks of a chat attachment's name is that it is already this.
 */
export const cleanFileName = (name: string): string => {
  const cleaned = name
    .replace(UNSAFE_IN_NAMES, '')
    .replace(SEPARATORS, '_')
    .replace(/^[\s.]+/, '')
    .replace(/[\s.]+$/, '');
  if (cleaned === '') return 'file';
  if (cleaned.length <= FILE_NAME_MAX) return cleaned;
  const dot = cleaned.lastIndexOf('.');
  const extension = dot > 0 && cleaned.length - dot <= 16 ? cleaned.slice(dot) : '';
  let base = cleaned.slice(0, FILE_NAME_MAX - extension.length);
  // Never half of a surrogate pair (an emoji cut in two).
  if (/[\ud800-\udbff]$/.test(base)) base = base.slice(0, -1);
  return `${base.replace(/[\s.]+$/, '')}${extension}`;
};

/** Why a stored file name is not one the app would keep (null: it is). */
export const fileNameProblem = (name: string): string | null =>
  name !== '' && name === cleanFileName(name)
    ? null
    : 'A file’s name has no control or direction characters, path separators or leading dots, and at most 255 characters.';

/** The most bytes a file of this type may have, whatever it answers (0: not a type we take). */
export const maxBytesOfType = (mimeType: string): number =>
  Math.max(
    0,
    ...filePurposes
      .filter((purpose) => fileLimits[purpose].mimeTypes.includes(mimeType))
      .map((purpose) => fileLimits[purpose].maxBytes),
  );

/** What the first bytes say a file is, for the types uploads allow; undefined when unsure. */
export const sniffMimeType = (bytes: Uint8Array): string | undefined => {
  const starts = (...signature: number[]) =>
    signature.every((byte, index) => bytes[index] === byte);
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'image/png';
  if (starts(0xff, 0xd8, 0xff)) return 'image/jpeg';
  if (starts(0x47, 0x49, 0x46, 0x38)) return 'image/gif';
  if (starts(0x52, 0x49, 0x46, 0x46) && String.fromCharCode(...bytes.subarray(8, 12)) === 'WEBP') {
    return 'image/webp';
  }
  if (starts(0x25, 0x50, 0x44, 0x46, 0x2d)) return 'application/pdf';
  if (starts(0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1)) return 'application/msword';
  // .docx and .odt are zip files; their inner layout is not checked here.
  if (starts(0x50, 0x4b, 0x03, 0x04)) return 'application/zip';
  return undefined;
};

const ZIP_BASED = new Set([
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.oasis.opendocument.text',
]);

/** Whether the bytes can be what the upload says they are (a renamed file is refused). */
export const contentMatches = (bytes: Uint8Array, mimeType: string): boolean => {
  const sniffed = sniffMimeType(bytes);
  if (mimeType === 'text/plain') {
    // Text: no NUL bytes at the start, and none of the binary formats above.
    return sniffed === undefined && !bytes.subarray(0, 8192).includes(0);
  }
  if (ZIP_BASED.has(mimeType)) return sniffed === 'application/zip';
  return sniffed === mimeType;
};

/** A reference, `sha256-<hex>`, as documents hold it (shared/schema fileRefField). */
const REF = /^sha256-([0-9a-f]{64})$/;
/** The server's copy of a file: `files:<hex>`, the same hex. */
const FILE_DOC_ID = /^files:([0-9a-f]{64})$/;

export const FILE_ID_PREFIX = 'files:';
/** The one attachment of a file document. */
export const FILE_ATTACHMENT = 'file';

/** The hex SHA-256 a reference names, or undefined for anything else. */
export const hexOfRef = (ref: string): string | undefined => REF.exec(ref)?.[1];

/** `files:<hex>` for a reference `sha256-<hex>`, or undefined when it is not one. */
export const fileDocIdOf = (ref: string): string | undefined => {
  const hex = hexOfRef(ref);
  return hex === undefined ? undefined : `${FILE_ID_PREFIX}${hex}`;
};

export const isFileDocId = (id: string): boolean => id.startsWith(FILE_ID_PREFIX);

/** The hex a file document's id names, or undefined. */
export const hexOfFileDocId = (id: string): string | undefined => FILE_DOC_ID.exec(id)?.[1];

/** Bytes a base64 string decodes to (CouchDB stubs say `length`; inline attachments do not). */
export const base64Length = (data: string): number => {
  const padding = data.endsWith('==') ? 2 : data.endsWith('=') ? 1 : 0;
  return Math.floor((data.length * 3) / 4) - padding;
};

type Json = Readonly<Record<string, unknown>>;
const record = (value: unknown): Json | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Json)
    : undefined;

const FILE_FIELDS = new Set(['_id', '_rev', '_revisions', '_attachments', 'createdBy']);

/**
 * Whether someone other than a server admin may write this file document (null: yes; else why
 * not). A file never changes once on the server — its id is its content — and is removed only by
 * the server's collection of files nothing refers to. Its one attachment must be a type uploads
 * take, within that type's limit. The bytes' hash cannot be checked here (validate_doc_update
 * sees an MD5 digest at most): the embedded server's guard checks it, and every reader checks it
 * again before keeping a file.
 */
export const checkFileWrite = (
  newDoc: Json,
  oldDoc: Json | null,
  name: string | null,
): string | null => {
  const id = typeof newDoc['_id'] === 'string' ? newDoc['_id'] : '';
  if (hexOfFileDocId(id) === undefined) return 'A file’s id is files:<its SHA-256 in hex>.';
  if (newDoc['_deleted'] === true) {
    return 'Files are removed by the server once nothing refers to them any more.';
  }
  if (oldDoc !== null && oldDoc['_deleted'] !== true) {
    return 'This file is already on the server, and a file never changes.';
  }
  const unknown = Object.keys(newDoc).find((field) => !FILE_FIELDS.has(field));
  if (unknown !== undefined) return `A file document has no field ${unknown}.`;
  if (name === null || newDoc['createdBy'] !== name) return 'createdBy must be the uploader.';
  const attachments = record(newDoc['_attachments']);
  const names = attachments ? Object.keys(attachments) : [];
  const attachment = record(attachments?.[FILE_ATTACHMENT]);
  if (names.length !== 1 || attachment === undefined) {
    return `A file document carries one attachment, named ${FILE_ATTACHMENT}.`;
  }
  const type = typeof attachment['content_type'] === 'string' ? attachment['content_type'] : '';
  const maxBytes = maxBytesOfType(type);
  if (maxBytes === 0) return `Files of type ${type || 'unknown'} are not taken here.`;
  const length =
    typeof attachment['length'] === 'number'
      ? attachment['length']
      : typeof attachment['data'] === 'string'
        ? base64Length(attachment['data'])
        : -1;
  if (length <= 0) return 'The file is empty.';
  if (length > maxBytes) return `Files of type ${type} are at most ${maxBytes} bytes.`;
  return null;
};

/**
 * Why a chat message's files are not ones the app would send (null: they are): at most
 * MAX_ATTACHMENTS, each a reference to bytes (`sha256-<hex>`, once), of a type and size chat
 * attachments take, under a clean name. Where the bytes are is not seen here: a reader fetches an
 * attachment from its chat's database only, so a reference to another database's file opens for
 * nobody who could not open it already.
 */
export const attachmentsProblem = (value: unknown): string | null => {
  if (value === undefined) return null;
  if (!Array.isArray(value)) return 'attachments is a list of files.';
  if (value.length > MAX_ATTACHMENTS) return `A message carries at most ${MAX_ATTACHMENTS} files.`;
  const limits = fileLimits.attachment;
  const seen = new Set<string>();
  for (const item of value as unknown[]) {
    const file = record(item);
    const ref = typeof file?.['ref'] === 'string' ? file['ref'] : '';
    const name = typeof file?.['name'] === 'string' ? file['name'] : '';
    const mimeType = typeof file?.['mimeType'] === 'string' ? file['mimeType'] : '';
    const size = typeof file?.['size'] === 'number' ? file['size'] : -1;
    if (hexOfRef(ref) === undefined)
      return 'An attached file’s ref is sha256-<its SHA-256 in hex>.';
    if (seen.has(ref)) return 'A file is attached to a message once.';
    seen.add(ref);
    if (!limits.mimeTypes.includes(mimeType)) {
      return `Files of type ${mimeType || 'unknown'} are not attached to messages.`;
    }
    if (size <= 0 || size > limits.maxBytes) {
      return `An attached file has 1 to ${limits.maxBytes} bytes.`;
    }
    const problem = fileNameProblem(name);
    if (problem !== null) return problem;
  }
  return null;
};
