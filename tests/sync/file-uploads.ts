// What the file tests upload through the host contract (tests/sync/files.test.ts,
// tests/sync/file-bounds.test.ts): a PDF as a mentor's document, and the details that refer to it.

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
