import { normaliseCertificateCode } from '../certificateCode';

/**
 * What a certificate says, and the signed text its QR code holds. Pure: the core signs and
 * verifies the message with Ed25519 (node:crypto); this module only says which bytes are signed.
 *
 * The QR text is the signed message and the signature, one field per line, so a phone that scans
 * it shows something a person can read:
 *
 *   MMM-CERT/1
 *   MMM-79ZH-5H4S-5          the code
 *   Ada Lovelace             the holder's name as printed
 *   Analytical Engines 2025  the programme
 *   2025-06-30               issued
 *   2027-06-30               expires (- when it does not)
 *   S20250630-7KQ2           the series
 *   4F7KQ2MZ                 the id of the approving admin's key
 *   <86 characters>          Ed25519 signature (base64url) of the lines above, joined by \n
 *
 * Text fields are printed as `printedText` makes them (NFC, one space between words), so no field
 * holds a line break and the printed page and the QR say the same thing.
 */
export const PAYLOAD_HEADER = 'MMM-CERT/1';

export interface CertificateFacts {
  readonly code: string;
  readonly holderName: string;
  readonly programmeName: string;
  /** `YYYY-MM-DD`. */
  readonly issueDate: string;
  /** `YYYY-MM-DD`, or null when it does not expire. */
  readonly expirationDate: string | null;
  readonly seriesId: string;
}

export interface SignedCertificate {
  readonly facts: CertificateFacts;
  /** The id of the published key that signed it (users' `signingKeys`). */
  readonly keyId: string;
  /** Ed25519 signature of `signedMessage(facts, keyId)`, base64url without padding. */
  readonly signature: string;
}

/** A text as a certificate prints it: composed (NFC), trimmed, every run of spaces one space. */
export const printedText = (text: string): string =>
  text.normalize('NFC').replace(/\s+/gu, ' ').trim();

const NO_EXPIRY = '-';
const DAY = /^\d{4}-\d{2}-\d{2}$/;
/** 64 bytes in base64url: 86 characters. */
const SIGNATURE = /^[A-Za-z0-9_-]{86}$/;
/** Key ids: 8 Crockford base-32 characters (40 random bits). */
export const KEY_ID_PATTERN = /^[0-9A-HJKMNP-TV-Z]{8}$/;

/** The exact text the approving admin's key signs. */
export const signedMessage = (facts: CertificateFacts, keyId: string): string =>
  [
    PAYLOAD_HEADER,
    facts.code,
    printedText(facts.holderName),
    printedText(facts.programmeName),
    facts.issueDate,
    facts.expirationDate ?? NO_EXPIRY,
    printedText(facts.seriesId),
    keyId,
  ].join('\n');

/** The QR code's text. */
export const encodePayload = ({ facts, keyId, signature }: SignedCertificate): string =>
  `${signedMessage(facts, keyId)}\n${signature}`;

export type ParsedPayload =
  | { readonly ok: true; readonly certificate: SignedCertificate; readonly message: string }
  /** `notOurs`: not a certificate of this app at all; otherwise it claims to be one but is broken. */
  | { readonly ok: false; readonly notOurs: boolean; readonly reason: string };

const broken = (reason: string): ParsedPayload => ({ ok: false, notOurs: false, reason });

/**
 * Reads a QR text. Anything that is not exactly what `encodePayload` writes is refused: a changed
 * byte either breaks the shape here or the signature later.
 */
export const parsePayload = (text: string): ParsedPayload => {
  // Scanners and clipboards may add a trailing line break or turn \n into \r\n.
  const lines = text.replace(/\r\n?/g, '\n').replace(/\n+$/, '').split('\n');
  if (lines[0] !== PAYLOAD_HEADER) {
    return {
      ok: false,
      notOurs: true,
      reason: 'This is not the QR code of one of our certificates.',
    };
  }
  if (lines.length !== 9) return broken('The QR text does not have the fields of a certificate.');
  const [
    ,
    code = '',
    holderName = '',
    programmeName = '',
    issueDate = '',
    expiry = '',
    seriesId = '',
    keyId = '',
    signature = '',
  ] = lines;
  if (normaliseCertificateCode(code) !== code) return broken('The certificate code is not valid.');
  if (!holderName || printedText(holderName) !== holderName)
    return broken('The name is malformed.');
  if (!programmeName || printedText(programmeName) !== programmeName) {
    return broken('The programme is malformed.');
  }
  if (!seriesId || printedText(seriesId) !== seriesId) return broken('The series is malformed.');
  if (!DAY.test(issueDate) || (expiry !== NO_EXPIRY && !DAY.test(expiry))) {
    return broken('The dates are malformed.');
  }
  if (!KEY_ID_PATTERN.test(keyId)) return broken('The signing key is malformed.');
  if (!SIGNATURE.test(signature)) return broken('The signature is malformed.');
  const facts: CertificateFacts = {
    code,
    holderName,
    programmeName,
    issueDate,
    expirationDate: expiry === NO_EXPIRY ? null : expiry,
    seriesId,
  };
  return {
    ok: true,
    certificate: { facts, keyId, signature },
    message: lines.slice(0, -1).join('\n'),
  };
};

/** Whether two certificates state the same facts (as printed). */
export const sameFacts = (a: CertificateFacts, b: CertificateFacts): boolean =>
  a.code === b.code &&
  printedText(a.holderName) === printedText(b.holderName) &&
  printedText(a.programmeName) === printedText(b.programmeName) &&
  a.issueDate === b.issueDate &&
  a.expirationDate === b.expirationDate &&
  printedText(a.seriesId) === printedText(b.seriesId);
