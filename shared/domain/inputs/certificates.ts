import { z } from 'zod';
import { isValidCertificateCode } from '../certificateCode';
import { idInput, idListInput } from './fields';

/** Certificates: generating, approving, revoking, printing and verifying them. */
const reasonInput = z.string().trim().min(3, 'Give a reason.').max(2_000);

export const certificatePageSizes = ['A4', 'LETTER'] as const;
export type CertificatePageSize = (typeof certificatePageSizes)[number];
const pageSizeInput = z.enum(certificatePageSizes);

/** A programme has at most this many certificates generated or printed in one batch. */
export const MAX_BATCH = 500;

/**
 * Generates certificates for a programme's mentors: the ones named, or every mentor without one.
 * Each is dated today and valid for the years given (null: it does not expire).
 */
export const generateCertificatesInput = z.strictObject({
  programmeId: idInput,
  userIds: idListInput.max(MAX_BATCH).optional(),
  validForYears: z.int().min(1).max(10).nullable(),
  pageSize: pageSizeInput,
});

export const approveCertificateInput = z.strictObject({ certificateId: idInput });
export const revokeCertificateInput = z.strictObject({
  certificateId: idInput,
  reason: reasonInput,
});
export const certificatePdfInput = z.strictObject({
  certificateId: idInput,
  pageSize: pageSizeInput,
});
export const renderProgrammeCertificatesInput = z.strictObject({
  programmeId: idInput,
  pageSize: pageSizeInput,
});

const certificateCodeInput = z
  .string()
  .max(40)
  .refine(isValidCertificateCode, 'That is not a certificate code: check for a typing mistake.');

/** A QR text is short (a payload is ~300 bytes, at most a few KB); a file is at most 5 MB. */
export const verifyCertificateInput = z.union([
  z.strictObject({ code: certificateCodeInput }),
  z.strictObject({ qrText: z.string().min(1, 'Paste the QR code’s text.').max(8_000) }),
  z.strictObject({
    file: z.strictObject({
      name: z.string().min(1).max(255),
      mimeType: z.enum(['application/pdf', 'image/png', 'image/jpeg'], {
        error: 'Choose a PDF, PNG or JPEG file of the certificate.',
      }),
      dataBase64: z
        .string()
        .max(Math.ceil((5 * 1024 * 1024 * 4) / 3) + 4, 'Files are at most 5 MB.')
        .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'The file data is not base64.'),
    }),
  }),
]);
