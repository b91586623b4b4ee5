import type { CertificateFacts } from './payload';
import { printedText } from './payload';

/**
 * Every piece of text a certificate page prints, in reading order. The layout draws exactly these,
 * and verifying a PDF compares the text found on its page with them: text added, removed or
 * changed after issue reads forged. Nothing here depends on the machine (locale, time zone), so
 * the same facts always print the same words.
 */
export interface CertificateText {
  readonly organisation: string;
  readonly title: string;
  readonly certifies: string;
  readonly holderName: string;
  readonly completed: string;
  readonly programmeName: string;
  readonly facts: readonly { readonly label: string; readonly value: string }[];
  readonly signatureLabels: readonly string[];
  readonly verifyNote: string;
  /** Printed across a proof (generated, not yet approved). */
  readonly proofMark: string;
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** `2025-06-30` → `30 June 2025`, the same everywhere (no locale data involved). */
export const printedDay = (day: string): string => {
  const [year, month, date] = day.split('-');
  return `${Number(date)} ${MONTHS[Number(month) - 1] ?? '?'} ${year}`;
};

export const certificateText = (
  facts: CertificateFacts,
  organisation: string,
): CertificateText => ({
  organisation: printedText(organisation),
  title: 'Certificate of Completion',
  certifies: 'This certifies that',
  holderName: printedText(facts.holderName),
  completed: 'has completed the mentoring programme',
  programmeName: printedText(facts.programmeName),
  facts: [
    { label: 'Issued', value: printedDay(facts.issueDate) },
    {
      label: 'Valid until',
      value: facts.expirationDate ? printedDay(facts.expirationDate) : 'Does not expire',
    },
    { label: 'Series', value: printedText(facts.seriesId) },
    { label: 'Certificate code', value: facts.code },
  ],
  signatureLabels: ['Programme manager', 'For the organisation'],
  verifyNote: 'Verify this certificate in the app: scan the QR code or type the code.',
  proofMark: 'PROOF — NOT YET APPROVED',
});

/** The texts of an issued page, in order (a proof adds its mark). */
export const issuedPageTexts = (text: CertificateText): string[] => [
  text.organisation,
  text.title,
  text.certifies,
  text.holderName,
  text.completed,
  text.programmeName,
  ...text.facts.flatMap(({ label, value }) => [label, value]),
  ...text.signatureLabels,
  text.verifyNote,
];

/** Strong right-to-left letters (Hebrew, Arabic and their presentation forms). */
const RTL = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]/u;

/**
 * Words for comparing a page's text with what it should say. PDF readers give right-to-left words
 * in the order they stand on the page (the reverse of reading order) and left-to-right words in
 * reading order, so left-to-right words are compared in order and right-to-left ones as a set.
 */
const comparableWords = (texts: readonly string[]): string[] => {
  const words = texts.join(' ').normalize('NFC').split(/\s+/u).filter(Boolean);
  const leftToRight = words.filter((word) => !RTL.test(word));
  const rightToLeft = words.filter((word) => RTL.test(word)).sort();
  return [...leftToRight, '\u0000', ...rightToLeft];
};

/**
 * Whether the text found on a certificate's page (its text items, in the order a PDF reader gives
 * them) is exactly the text of an issued certificate with these facts: nothing added, removed or
 * changed.
 */
export const pageSaysExactly = (found: readonly string[], expected: CertificateText): boolean => {
  const a = comparableWords(found);
  const b = comparableWords(issuedPageTexts(expected));
  return a.length === b.length && a.every((word, index) => word === b[index]);
};
