import { z } from 'zod';
import { isValidCertificateCode } from '../certificateCode';
import { dayInput, idInput } from './fields';

/** Certificates: creating, generating, approving, revoking and verifying them. */
const seriesIdInput = z.string().trim().min(1, 'A series is required.').max(64);
const reasonInput = z.string().trim().min(3, 'Give a reason.').max(2_000);

/** Days compare as strings: `YYYY-MM-DD` sorts by date. */
const expiresAfterIssue = (dates: { issueDate?: string; expirationDate?: string }): boolean =>
  dates.issueDate === undefined ||
  dates.expirationDate === undefined ||
  dates.expirationDate > dates.issueDate;
const expiryIssue = {
  message: 'A certificate expires after it is issued.',
  path: ['expirationDate'],
};

export const createCertificateInput = z
  .strictObject({
    userId: idInput,
    programmeId: idInput,
    seriesId: seriesIdInput,
    issueDate: dayInput,
    expirationDate: dayInput.optional(),
  })
  .refine(expiresAfterIssue, expiryIssue);

/** Only while waiting to be generated. The command checks the dates it does not change too. */
export const editCertificateInput = z
  .strictObject({
    certificateId: idInput,
    seriesId: seriesIdInput.optional(),
    issueDate: dayInput.optional(),
    expirationDate: dayInput.optional(),
  })
  .refine(expiresAfterIssue, expiryIssue);

export const generateCertificateInput = z.strictObject({ certificateId: idInput });
export const approveCertificateInput = z.strictObject({ certificateId: idInput });
export const returnCertificateInput = z.strictObject({
  certificateId: idInput,
  reason: reasonInput,
});
export const revokeCertificateInput = z.strictObject({
  certificateId: idInput,
  reason: reasonInput,
});

export const verifyCertificateCodeInput = z.strictObject({
  code: z
    .string()
    .max(40)
    .refine(isValidCertificateCode, 'That is not a certificate code: check for a typing mistake.'),
});
