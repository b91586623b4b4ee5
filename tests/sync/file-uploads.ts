// What the file tests (tests/sync/files.test.ts, tests/sync/file-bounds.test.ts) upload through
// the host contract — a PDF as a mentor's document, and the details that refer to it — and how
// they tell a file's upload on the line.

/** `files.upload`'s input for a PDF as a mentor's document (a CV). */
export const pdfUpload = (name: string, bytes: Buffer) => ({
  purpose: 'document' as const,
  name,
  mimeType: 'application/pdf',
  dataBase64: bytes.toString('base64'),
});

/** Mentor details (`userDetails.submit`) referring to a document. */
export const detailsWith = (document: {
  name: string;
  mimeType: string;
  size: number;
  ref: string;
}) => ({
  previousRoles: ['Backend engineer'],
  previousProgrammes: [],
  yearsOfTechnicalExperience: 6,
  beenMentorBefore: false,
  technicalProficiency: [],
  document,
});

/**
 * Whether a request carries a file's bytes to the server: a file alone (`PUT .../files:<sha256>`)
 * or small files several to one `_bulk_docs` (whose documents are `files:` ones).
 */
export const carriesFiles = (url: string, init: RequestInit | undefined): boolean =>
  (init?.method === 'PUT' && /\/files(:|%3A)[0-9a-f]{64}$/.test(url)) ||
  (init?.method === 'POST' &&
    url.endsWith('/_bulk_docs') &&
    typeof init.body === 'string' &&
    init.body.includes('"_id":"files:'));
