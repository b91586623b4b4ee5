/**
 * `npm run bench:certificates` — rendering certificates as the app does (@react-pdf/renderer with
 * the app's fonts, logo and QR code, saved to a file), one at a time and a batch of 500, beside a
 * bare pdfkit render of the same page in the same run (the floor: same fonts, images and text, no
 * layout engine, no font fallback). pdfkit parses its fonts anew for every document (its API
 * takes a path or bytes, never a parsed font), where react-pdf keeps them parsed across documents:
 * that is most of why the "floor" is the slower one here. Prints its figures; the last line is
 * one JSON object.
 * `samplePdf` is kept in os.tmpdir() to look at; the batch's files are removed.
 */
import {
  createWriteStream,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import PDFDocument from 'pdfkit';
import { certificateText } from '../../shared/domain/certificates/page-text';
import type { CertificateFacts } from '../../shared/domain/certificates/payload';
import { encodePayload } from '../../shared/domain/certificates/payload';
import { renderCertificatePdf } from '../../electron/core/certificates/pdf/certificate-pdf';
import { qrPng } from '../../electron/core/certificates/pdf/qr-code';
import { createSigningKeyPair, signCertificate } from '../../electron/core/certificates/signing';
import { pdfLogo, type PdfLogo } from '../../electron/core/pdf/logo';
import { ORGANISATION_NAME, organisationLogoPath } from '../../electron/core/pdf/organisation';
import { fontsDirOf } from '../../electron/core/pdf/pdf-fonts';
import { REPO_RESOURCES } from '../support/resources';

const BATCH = Number(process.env['BENCH_BATCH'] ?? 500);
const SINGLES = Number(process.env['BENCH_SINGLES'] ?? 30);
const fontsDir = fontsDirOf(REPO_RESOURCES);

const names = [
  'ليلى عبد الله',
  'Ada Lovelace',
  '王小明',
  'Ελένη Παπαδοπούλου',
  'Иван Петров',
  '김민준',
];
const SAMPLE_NAME = names[0] ?? '';
const key = { id: 'K7Q2MZ4F', ...createSigningKeyPair() };

const factsFor = (index: number): CertificateFacts => ({
  code: 'MMM-79ZH-5H4S-5',
  holderName: names[index % names.length] ?? 'Ada',
  programmeName: 'Data science mentoring 2025',
  issueDate: '2025-06-30',
  expirationDate: '2027-06-30',
  seriesId: 'S20250630-7KQ2',
});

/** As the app renders: QR from the signed payload, the page, the file written. */
const renderApp = async (index: number, folder: string, logo: PdfLogo): Promise<string> => {
  const facts = factsFor(index);
  const payload = encodePayload(signCertificate(facts, key));
  const bytes = await renderCertificatePdf(fontsDir, {
    facts,
    organisation: ORGANISATION_NAME,
    logo,
    pageSize: 'A4',
    qrPng: qrPng(payload),
    payload,
    at: '2025-06-30T10:00:00.000Z',
  });
  const path = join(folder, `certificate-${String(index)}.pdf`);
  writeFileSync(path, bytes);
  return path;
};

/** The floor's fonts, read once (the app's renderer keeps its parsed fonts too). */
const floorFonts = new Map(
  Object.entries({
    regular: 'NotoSans-Regular.ttf',
    bold: 'NotoSans-Bold.ttf',
    arabic: 'IBMPlexSansArabic-Bold.ttf',
    cjk: 'NotoSansSC-Regular.subset.ttf',
    korean: 'NotoSansKR-Regular.subset.ttf',
  }).map(([name, file]) => [name, readFileSync(join(fontsDir, file))]),
);

/** The same page drawn with pdfkit directly: fixed positions, one font per text. */
const renderPdfkit = (index: number, folder: string, logo: PdfLogo): Promise<void> => {
  const facts = factsFor(index);
  const payload = encodePayload(signCertificate(facts, key));
  const text = certificateText(facts, ORGANISATION_NAME);
  const fontFor = (value: string) =>
    /[\u0600-\u06ff]/u.test(value)
      ? 'arabic'
      : /[\uac00-\ud7a3]/u.test(value)
        ? 'korean'
        : /[\u4e00-\u9fff]/u.test(value)
          ? 'cjk'
          : 'bold';
  const doc = new PDFDocument({ size: 'A4', layout: 'landscape', margin: 0 });
  for (const [name, bytes] of floorFonts) doc.registerFont(name, bytes);
  const done = new Promise<void>((resolve) => {
    doc.pipe(createWriteStream(join(folder, `floor-${String(index)}.pdf`))).on('finish', resolve);
  });
  const width = 842;
  doc
    .lineWidth(3)
    .strokeColor('#2f4ac0')
    .rect(28, 28, width - 56, 595 - 56)
    .stroke();
  doc
    .lineWidth(1)
    .strokeColor('#b08d2a')
    .rect(35, 35, width - 70, 595 - 70)
    .stroke();
  doc.image(logo.png, 330, 70, { width: 34 });
  doc.font('bold').fontSize(13).fillColor('#2f4ac0').text(text.organisation, 372, 78);
  doc.fontSize(30).fillColor('#1f2330').text(text.title, 0, 120, { width, align: 'center' });
  doc
    .font('regular')
    .fontSize(12)
    .fillColor('#5f6677')
    .text(text.certifies, 0, 168, { width, align: 'center' });
  doc
    .font(fontFor(text.holderName))
    .fontSize(28)
    .fillColor('#2f4ac0')
    .text(text.holderName, 0, 190, { width, align: 'center' });
  doc
    .font('regular')
    .fontSize(12)
    .fillColor('#5f6677')
    .text(text.completed, 0, 240, { width, align: 'center' });
  doc
    .font('bold')
    .fontSize(17)
    .fillColor('#1f2330')
    .text(text.programmeName, 0, 262, { width, align: 'center' });
  text.facts.forEach(({ label, value }, row) => {
    doc
      .font('regular')
      .fontSize(9)
      .fillColor('#5f6677')
      .text(label, 80, 470 + row * 16);
    doc
      .font('bold')
      .fontSize(10)
      .fillColor('#1f2330')
      .text(value, 176, 470 + row * 16);
  });
  text.signatureLabels.forEach((label, column) => {
    const x = 330 + column * 150;
    doc
      .lineWidth(0.8)
      .strokeColor('#1f2330')
      .moveTo(x, 520)
      .lineTo(x + 130, 520)
      .stroke();
    doc
      .font('regular')
      .fontSize(8.5)
      .fillColor('#5f6677')
      .text(label, x, 526, { width: 130, align: 'center' });
  });
  doc.image(qrPng(payload), 680, 420, { width: 104 });
  doc
    .font('regular')
    .fontSize(6.5)
    .text(text.verifyNote, 672, 528, { width: 118, align: 'center' });
  doc.info.Keywords = payload;
  doc.end();
  return done;
};

const time = async (run: () => Promise<unknown>): Promise<number> => {
  const start = performance.now();
  await run();
  return performance.now() - start;
};

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
};

async function main() {
  const folder = mkdtempSync(join(tmpdir(), 'mmm-bench-certificates-'));
  const keep = join(tmpdir(), 'mmm-bench-certificates');
  mkdirSync(keep, { recursive: true });
  try {
    const logo = await pdfLogo(organisationLogoPath(REPO_RESOURCES));
    // Warm up both (fonts parsed, modules loaded) before timing.
    const first = await time(() => renderApp(0, folder, logo));
    await renderPdfkit(0, folder, logo);
    console.log(`first certificate (loads the renderer and fonts): ${first.toFixed(0)} ms`);

    const app: number[] = [];
    const floor: number[] = [];
    for (let i = 0; i < SINGLES; i += 1) {
      // Interleaved, so both meet the same machine load.
      app.push(await time(() => renderApp(i, folder, logo)));
      floor.push(await time(() => renderPdfkit(i, folder, logo)));
    }
    const perCertMs = median(app);
    const pdfkitPerCertMs = median(floor);
    console.log(
      `per certificate (median of ${String(SINGLES)}): react-pdf ${perCertMs.toFixed(1)} ms, bare pdfkit ${pdfkitPerCertMs.toFixed(1)} ms, ratio ${(perCertMs / pdfkitPerCertMs).toFixed(2)}`,
    );

    const batch500Ms = await time(async () => {
      for (let i = 0; i < BATCH; i += 1) await renderApp(i, folder, logo);
    });
    console.log(
      `batch of ${String(BATCH)}: ${(batch500Ms / 1000).toFixed(1)} s (${(batch500Ms / BATCH).toFixed(1)} ms each)`,
    );

    const samplePdf = join(keep, 'sample-certificate.pdf');
    const facts = factsFor(0);
    const payload = encodePayload(signCertificate(facts, key));
    writeFileSync(
      samplePdf,
      await renderCertificatePdf(fontsDir, {
        facts,
        organisation: ORGANISATION_NAME,
        logo,
        pageSize: 'A4',
        qrPng: qrPng(payload),
        payload,
        at: '2025-06-30T10:00:00.000Z',
      }),
    );
    console.log(`sample: ${samplePdf} (${SAMPLE_NAME})`);
    console.log(
      JSON.stringify({
        perCertMs: Number(perCertMs.toFixed(1)),
        batch500Ms: Math.round(batch500Ms),
        pdfkitPerCertMs: Number(pdfkitPerCertMs.toFixed(1)),
        ratio: Number((perCertMs / pdfkitPerCertMs).toFixed(2)),
        batchSize: BATCH,
        samplePdf,
        sampleName: SAMPLE_NAME,
      }),
    );
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
