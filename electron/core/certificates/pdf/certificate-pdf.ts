import type * as ReactPdf from '@react-pdf/renderer';
import type { DocumentProps, Styles } from '@react-pdf/renderer';
import { createElement as h } from 'react';
import type { ReactElement } from 'react';
import type { CertificateFacts } from '../../../../shared/domain/certificates/payload';
import type { CertificatePageSize } from '../../../../shared/domain/inputs/certificates';
import type { PdfLogo } from '../../pdf/logo';
import { TEXT_FAMILIES, loadPdfRenderer } from '../../pdf/pdf-fonts';
import { certificateText } from '../../../../shared/domain/certificates/page-text';

/**
 * A certificate as a one-page landscape PDF, rendered in the core with @react-pdf/renderer and the
 * app's own fonts (pdf-fonts.ts), so any name prints — Arabic, Chinese, emoji — with no network.
 * An issued certificate carries its QR code (the signed payload); a proof, rendered when it is
 * generated and before an admin signs it, carries a "proof" mark instead.
 */

export interface CertificateForPdf {
  readonly facts: CertificateFacts;
  readonly organisation: string;
  /** The organisation's logo, an opaque PNG with its size in pixels (pdf/logo.ts). */
  readonly logo: PdfLogo;
  readonly pageSize: CertificatePageSize;
  /** The signed payload (the QR code as PNG bytes, made by the caller); null for a proof. */
  readonly qrPng: Buffer | null;
  /** The QR text, kept in the document's keywords too. */
  readonly payload: string | null;
  /** When it was generated or approved: the PDF's own dates, so a render is repeatable. */
  readonly at: string;
}

const ink = '#1f2330';
const muted = '#5f6677';
const accent = '#2f4ac0';
const gold = '#b08d2a';
const proofColour = '#c2410c';

const styles = {
  page: {
    padding: 28,
    fontFamily: TEXT_FAMILIES,
    color: ink,
    backgroundColor: '#ffffff',
  },
  frame: {
    flexGrow: 1,
    borderWidth: 3,
    borderColor: accent,
    padding: 4,
  },
  inner: {
    flexGrow: 1,
    borderWidth: 1,
    borderColor: gold,
    paddingVertical: 26,
    paddingHorizontal: 44,
    alignItems: 'center',
  },
  header: { flexDirection: 'row', alignItems: 'center', marginBottom: 18 },
  logo: { marginRight: 10 },
  organisation: { fontSize: 13, fontWeight: 700, color: accent, letterSpacing: 1 },
  title: { fontSize: 30, fontWeight: 700, color: ink, marginBottom: 14, textAlign: 'center' },
  line: { fontSize: 12, color: muted, marginBottom: 6, textAlign: 'center' },
  name: {
    fontSize: 28,
    fontWeight: 700,
    color: accent,
    marginBottom: 8,
    textAlign: 'center',
    maxLines: 2,
  },
  programme: { fontSize: 17, fontWeight: 700, marginBottom: 16, textAlign: 'center', maxLines: 2 },
  bottom: { flexDirection: 'row', alignItems: 'flex-end', width: '100%', marginTop: 'auto' },
  facts: { flexGrow: 1, flexBasis: 0 },
  fact: { flexDirection: 'row', marginBottom: 4 },
  factLabel: { width: 96, fontSize: 9, color: muted },
  factValue: { fontSize: 10, fontWeight: 700 },
  signatures: { flexDirection: 'row', flexGrow: 1.4, flexBasis: 0, justifyContent: 'space-around' },
  signature: { width: 130, alignItems: 'center' },
  signatureRule: {
    width: '100%',
    borderBottomWidth: 0.8,
    borderBottomColor: ink,
    marginBottom: 4,
    height: 30,
  },
  signatureLabel: { fontSize: 8.5, color: muted },
  qrBox: { alignItems: 'center', width: 118 },
  qr: { width: 104, height: 104 },
  qrPlaceholder: {
    width: 104,
    height: 104,
    borderWidth: 1,
    borderStyle: 'dashed',
    borderColor: proofColour,
  },
  verifyNote: { fontSize: 6.5, color: muted, textAlign: 'center', marginTop: 3 },
  proofMark: {
    position: 'absolute',
    top: 250,
    left: 0,
    right: 0,
    textAlign: 'center',
    fontSize: 46,
    fontWeight: 700,
    color: proofColour,
    opacity: 0.16,
    transform: 'rotate(-14deg)',
  },
} satisfies Styles;

type Renderer = typeof ReactPdf;

/** The logo's box on the page, in points: as tall as the name's line allows, wide ones shrink. */
const LOGO_HEIGHT = 36;
const LOGO_MAX_WIDTH = 180;

/** The logo's printed size, keeping its proportions. */
export const logoBox = (logo: PdfLogo): { width: number; height: number } => {
  const ratio = logo.width / logo.height;
  const width = Math.min(LOGO_MAX_WIDTH, LOGO_HEIGHT * ratio);
  return { width, height: width / ratio };
};

/** The document tree of one certificate. */
export const certificateDocument = (pdf: Renderer, input: CertificateForPdf): ReactElement => {
  const { Document, Page, Text, View, Image } = pdf;
  const text = certificateText(input.facts, input.organisation);
  const at = new Date(input.at);
  return h(
    Document,
    {
      title: `${text.title} — ${text.holderName}`,
      author: text.organisation,
      subject: text.programmeName,
      // The QR text again, for programs that read metadata rather than images.
      keywords: input.payload ?? '',
      creator: text.organisation,
      producer: text.organisation,
      language: 'en',
      creationDate: at,
      modificationDate: at,
    },
    h(
      Page,
      { size: input.pageSize, orientation: 'landscape', style: styles.page },
      h(
        View,
        { style: styles.frame },
        h(
          View,
          { style: styles.inner },
          h(
            View,
            { style: styles.header },
            h(Image, {
              src: { data: input.logo.png, format: 'png' },
              style: { ...styles.logo, ...logoBox(input.logo) },
            }),
            h(Text, { style: styles.organisation }, text.organisation),
          ),
          h(Text, { style: styles.title }, text.title),
          h(Text, { style: styles.line }, text.certifies),
          h(Text, { style: styles.name }, text.holderName),
          h(Text, { style: styles.line }, text.completed),
          h(Text, { style: styles.programme }, text.programmeName),
          h(
            View,
            { style: styles.bottom },
            h(
              View,
              { style: styles.facts },
              ...text.facts.map(({ label, value }) =>
                h(
                  View,
                  { key: label, style: styles.fact },
                  h(Text, { style: styles.factLabel }, label),
                  h(Text, { style: styles.factValue }, value),
                ),
              ),
            ),
            h(
              View,
              { style: styles.signatures },
              ...text.signatureLabels.map((label) =>
                h(
                  View,
                  { key: label, style: styles.signature },
                  h(View, { style: styles.signatureRule }),
                  h(Text, { style: styles.signatureLabel }, label),
                ),
              ),
            ),
            h(
              View,
              { style: styles.qrBox },
              input.qrPng
                ? h(Image, { src: { data: input.qrPng, format: 'png' }, style: styles.qr })
                : h(View, { style: styles.qrPlaceholder }),
              h(Text, { style: styles.verifyNote }, text.verifyNote),
            ),
          ),
        ),
      ),
      input.qrPng ? null : h(Text, { style: styles.proofMark }, text.proofMark),
    ),
  );
};

/** The certificate as PDF bytes. */
export const renderCertificatePdf = async (
  fontsDir: string,
  input: CertificateForPdf,
): Promise<Buffer> => {
  const pdf = await loadPdfRenderer(fontsDir);
  return pdf.renderToBuffer(certificateDocument(pdf, input) as ReactElement<DocumentProps>);
};
