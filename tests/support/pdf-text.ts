// What a PDF says, read with pdf.js (the same library that reads PDFs anywhere): its pages' text
// and metadata. Tests use it to check that what was meant to print did print.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { openPdf } from '../../electron/core/certificates/certificate-reader';

export interface PdfText {
  readonly pages: number;
  /** Each page's text items joined, a space between items and at line ends. */
  readonly text: string;
  readonly keywords: string | undefined;
}

export const readPdfText = async (bytes: Uint8Array): Promise<PdfText> => {
  const document = await openPdf(bytes);
  const parts: string[] = [];
  for (let number = 1; number <= document.numPages; number += 1) {
    const page = await document.getPage(number);
    const content = await page.getTextContent();
    for (const item of content.items) {
      if ('str' in item) parts.push(item.str, item.hasEOL ? ' ' : '');
    }
  }
  const { info } = (await document.getMetadata()) as { info: { Keywords?: string } };
  const pages = document.numPages;
  await document.destroy();
  return { pages, text: parts.join('').replace(/\s+/g, ' '), keywords: info.Keywords };
};

/** The first page as a PNG file, rendered by poppler (another PDF reader than the one that wrote it). */
export const renderFirstPage = (pdfPath: string, outPrefix: string, dpi = 200): string => {
  const run = spawnSync('pdftoppm', [
    '-r',
    String(dpi),
    '-f',
    '1',
    '-l',
    '1',
    '-singlefile',
    '-png',
    pdfPath,
    outPrefix,
  ]);
  if (run.error) {
    throw new Error('pdftoppm is missing: apt-get install -y poppler-utils (README, .ci/run).');
  }
  if (run.status !== 0) throw new Error(`pdftoppm failed: ${run.stderr.toString()}`);
  return `${outPrefix}.png`;
};

/** The text of the QR code on a PDF's first page, as a phone would read it from the paper. */
export const readQrFromPdf = (pdfPath: string): string | null => {
  const folder = mkdtempSync(join(tmpdir(), 'mmm-qr-'));
  try {
    const png = PNG.sync.read(readFileSync(renderFirstPage(pdfPath, join(folder, 'page'))));
    const pixels = new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length);
    return jsQR(pixels, png.width, png.height)?.data ?? null;
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
};
