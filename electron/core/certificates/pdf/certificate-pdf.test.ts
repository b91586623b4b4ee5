// The rendered certificate: every field is on the page as text (names in Arabic and Chinese too),
// the QR code printed on it reads back as the signed payload, and a proof carries no QR code.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  certificateText,
  issuedPageTexts,
  pageSaysExactly,
} from '../../../../shared/domain/certificates/page-text';
import { encodePayload } from '../../../../shared/domain/certificates/payload';
import type { CertificateFacts } from '../../../../shared/domain/certificates/payload';
import { readPdfText, readQrFromPdf } from '../../../../tests/support/pdf-text';
import { REPO_RESOURCES } from '../../../../tests/support/resources';
import { ORGANISATION_NAME, organisationLogoPath } from '../../pdf/organisation';
import { pdfLogo } from '../../pdf/logo';
import { fontsDirOf } from '../../pdf/pdf-fonts';
import { createSigningKeyPair, signCertificate } from '../signing';
import { renderCertificatePdf } from './certificate-pdf';
import type { CertificatePageSize } from '../../../../shared/domain/inputs/certificates';
import { qrPng } from './qr-code';

const folder = mkdtempSync(join(tmpdir(), 'mmm-certificate-pdf-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const key = { id: 'K7Q2MZ4F', ...createSigningKeyPair() };

const render = async (facts: CertificateFacts, pageSize: CertificatePageSize, signed = true) => {
  const payload = signed ? encodePayload(signCertificate(facts, key)) : null;
  const bytes = await renderCertificatePdf(fontsDirOf(REPO_RESOURCES), {
    facts,
    organisation: ORGANISATION_NAME,
    logo: await pdfLogo(organisationLogoPath(REPO_RESOURCES)),
    pageSize,
    qrPng: payload ? qrPng(payload) : null,
    payload,
    at: '2025-06-30T10:00:00.000Z',
  });
  const path = join(folder, `${facts.code}-${pageSize}-${String(signed)}.pdf`);
  writeFileSync(path, bytes);
  return { bytes, path, payload };
};

const base: CertificateFacts = {
  code: 'MMM-79ZH-5H4S-5',
  holderName: 'Ada Lovelace',
  programmeName: 'Analytical Engines',
  issueDate: '2025-06-30',
  expirationDate: '2027-06-30',
  seriesId: 'S20250630-7KQ2',
};

describe('the certificate PDF', () => {
  it.each([
    [
      'an Arabic name, A4',
      { holderName: 'ليلى عبد الله', programmeName: 'Data science — علوم البيانات' },
      'A4',
    ],
    [
      'a Chinese name, Letter',
      { holderName: '王小明', programmeName: '数据科学导师计划 2025 🚀' },
      'LETTER',
    ],
    [
      'Greek, Cyrillic, Hebrew, Korean',
      { holderName: 'Ελένη Παπαδοπούλου', programmeName: 'Кириллица · עברית · 한국어 멘토링' },
      'A4',
    ],
  ] as const)(
    'has every field as text, and its QR code reads as the signed payload: %s',
    async (_what, names, size) => {
      const facts = { ...base, ...names };
      const { bytes, path, payload } = await render(facts, size);
      const read = await readPdfText(bytes);
      expect(read.pages).toBe(1);
      for (const field of [
        ...facts.holderName.split(' '),
        ...facts.programmeName.split(' '),
        '30 June 2025',
        '30 June 2027',
        facts.seriesId,
        facts.code,
        ORGANISATION_NAME,
      ]) {
        expect(read.text).toContain(field);
      }
      expect(read.text).not.toContain('?');
      // What a PDF reader finds on the page is exactly what verification expects.
      expect(pageSaysExactly([read.text], certificateText(facts, ORGANISATION_NAME))).toBe(true);
      expect(read.keywords).toBe(payload);
      expect(readQrFromPdf(path)).toBe(payload);
    },
  );

  it('renders a proof without a QR code, marked as not yet approved', async () => {
    const { bytes, path } = await render(base, 'A4', false);
    const read = await readPdfText(bytes);
    expect(read.text, read.text).toContain('PROOF — NOT YET APPROVED');
    expect(
      issuedPageTexts(certificateText(base, ORGANISATION_NAME)).every((text) =>
        read.text.includes(text),
      ),
    ).toBe(true);
    expect(readQrFromPdf(path)).toBeNull();
  });

  it('renders the same facts to the same bytes', async () => {
    const first = await render(base, 'A4');
    const second = await render(base, 'A4');
    expect(second.payload).toBe(first.payload);
    expect(second.bytes.equals(first.bytes)).toBe(true);
  });
});
