import type { CertificateStatus } from '../../schema/certificates';
import { normaliseCertificateCode } from '../certificateCode';
import { certificateText, pageSaysExactly } from './page-text';
import { parsePayload, sameFacts, signedMessage } from './payload';
import type { CertificateFacts } from './payload';

/**
 * Verifying a certificate with no network: from its code, its QR text, or what a PDF of it says.
 * Pure: the signature check is passed in (the core passes node:crypto's Ed25519), and so are the
 * look-ups in the local database (the certificate with a code, the keys people published).
 */

export const verdicts = ['valid', 'revoked', 'expired', 'forged', 'unknown'] as const;
export type Verdict = (typeof verdicts)[number];

/** A certificate as the local database holds it (the fields verification reads). */
export interface CertificateRecord {
  readonly code: string;
  readonly status: CertificateStatus;
  readonly facts: CertificateFacts;
  readonly approvedBy: string | null;
  readonly signingKeyId: string | null;
  readonly signature: string | null;
  readonly revokedReason: string | null;
  readonly revokedAt: string | null;
}

/** A public key someone published in their user document. */
export interface PublishedKey {
  readonly ownerId: string;
  readonly keyId: string;
  readonly publicKey: string;
}

export interface VerifyContext {
  /** `YYYY-MM-DD` on this machine. */
  readonly today: string;
  readonly organisation: string;
  findByCode(code: string): CertificateRecord | undefined;
  keysWithId(keyId: string): readonly PublishedKey[];
  verifySignature(message: string, signature: string, publicKey: string): boolean;
}

export type VerifyRequest =
  | { readonly kind: 'code'; readonly code: string }
  /** A QR text, with the page's text items when it came from a PDF of the certificate. */
  | { readonly kind: 'payload'; readonly text: string; readonly pageText?: readonly string[] };

export interface Verification {
  readonly verdict: Verdict;
  /** One sentence: what the verdict means for this certificate. */
  readonly summary: string;
  /** What the certificate states (from its signed payload, or the record for a typed code). */
  readonly facts: CertificateFacts | null;
  /** Who signed it (an admin's id), when a published key's signature matched. */
  readonly signedBy: string | null;
  readonly revokedReason: string | null;
}

const answer = (
  verdict: Verdict,
  summary: string,
  rest: Partial<Omit<Verification, 'verdict' | 'summary'>> = {},
): Verification => ({
  verdict,
  summary,
  facts: rest.facts ?? null,
  signedBy: rest.signedBy ?? null,
  revokedReason: rest.revokedReason ?? null,
});

/** The owner of the published key whose signature of `message` this is, or null. */
const signerOf = (
  context: VerifyContext,
  keyId: string,
  message: string,
  signature: string,
): { readonly published: boolean; readonly signer: string | null } => {
  const keys = context.keysWithId(keyId);
  const match = keys.find((key) => context.verifySignature(message, signature, key.publicKey));
  return { published: keys.length > 0, signer: match?.ownerId ?? null };
};

/** The verdict once the signature and the record agree: revoked, expired or valid. */
const standing = (
  record: CertificateRecord,
  facts: CertificateFacts,
  signedBy: string,
  today: string,
): Verification => {
  if (record.status === 'revoked') {
    return answer('revoked', 'This certificate was issued but has been revoked.', {
      facts,
      signedBy,
      revokedReason: record.revokedReason,
    });
  }
  if (facts.expirationDate !== null && facts.expirationDate < today) {
    return answer(
      'expired',
      `This certificate was genuine but expired on ${facts.expirationDate}.`,
      {
        facts,
        signedBy,
      },
    );
  }
  return answer('valid', 'This certificate is genuine and in force.', { facts, signedBy });
};

const verifyCode = (code: string, context: VerifyContext): Verification => {
  const normalised = normaliseCertificateCode(code);
  if (normalised === null) {
    return answer('unknown', 'That is not a certificate code: check for a typing mistake.');
  }
  const record = context.findByCode(normalised);
  if (!record) {
    return answer(
      'unknown',
      'No certificate with this code is known on this machine (it may not have synced yet).',
    );
  }
  if (record.status !== 'approved' && record.status !== 'revoked') {
    return answer('unknown', 'This certificate has not been approved: it is not issued yet.');
  }
  if (!record.signature || !record.signingKeyId) {
    return answer('forged', 'The record of this certificate carries no signature.', {
      facts: record.facts,
    });
  }
  const { signer } = signerOf(
    context,
    record.signingKeyId,
    signedMessage(record.facts, record.signingKeyId),
    record.signature,
  );
  if (signer === null || signer !== record.approvedBy) {
    return answer(
      'forged',
      'The record of this certificate does not match its approver’s signature: it was changed.',
      { facts: record.facts },
    );
  }
  return standing(record, record.facts, signer, context.today);
};

const verifyPayload = (
  text: string,
  pageText: readonly string[] | undefined,
  context: VerifyContext,
): Verification => {
  const parsed = parsePayload(text);
  if (!parsed.ok) {
    return parsed.notOurs
      ? answer('unknown', parsed.reason)
      : answer('forged', `The QR code is not a valid certificate: ${parsed.reason}`);
  }
  const { certificate, message } = parsed;
  const { facts } = certificate;
  const { published, signer } = signerOf(
    context,
    certificate.keyId,
    message,
    certificate.signature,
  );
  if (!published) {
    return answer('forged', 'It is signed with a key nobody in the organisation published.', {
      facts,
    });
  }
  if (signer === null) {
    return answer('forged', 'Its signature does not match what it says: it was changed.', {
      facts,
    });
  }
  const record = context.findByCode(facts.code);
  if (!record) {
    return answer(
      'unknown',
      'The signature is genuine, but this machine has no record of the certificate (it may not have synced yet), so whether it was revoked is unknown.',
      { facts, signedBy: signer },
    );
  }
  if (
    !sameFacts(record.facts, facts) ||
    record.signature !== certificate.signature ||
    record.approvedBy !== signer
  ) {
    return answer('forged', 'It does not match the organisation’s record of this certificate.', {
      facts,
    });
  }
  if (record.status !== 'approved' && record.status !== 'revoked') {
    return answer('unknown', 'This certificate is not issued any more.', { facts });
  }
  if (pageText && !pageSaysExactly(pageText, certificateText(facts, context.organisation))) {
    return answer(
      'forged',
      'The printed text does not match what was signed: the PDF was changed after it was issued.',
      { facts },
    );
  }
  return standing(record, facts, signer, context.today);
};

export const verifyCertificate = (request: VerifyRequest, context: VerifyContext): Verification =>
  request.kind === 'code'
    ? verifyCode(request.code, context)
    : verifyPayload(request.text, request.pageText, context);
