import jpeg from 'jpeg-js';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';

/**
 * Reads a certificate from a file someone has: a PDF of it (its page's text, the QR code drawn on
 * it, the payload in its keywords) or a picture (the QR code in it). Everything stays on this
 * machine: pdf.js and jsQR run in the core.
 */

export interface ReadCertificate {
  /** The text of the first QR code found, or null. */
  readonly qrText: string | null;
  /** The page's text items, when the file is a PDF whose page has text (not a scan). */
  readonly pageText: readonly string[] | null;
  /** The payload the PDF's keywords hold, when it has any. */
  readonly keywords: string | null;
}

const decodeQr = (rgba: Uint8ClampedArray, width: number, height: number): string | null =>
  jsQR(rgba, width, height, { inversionAttempts: 'attemptBoth' })?.data ?? null;

/** Pixels of an image, as RGBA; null when the bytes are not a PNG or JPEG it can read. */
const imagePixels = (
  bytes: Buffer,
  mimeType: string,
): { data: Uint8ClampedArray; width: number; height: number } | null => {
  try {
    if (mimeType === 'image/png') {
      const png = PNG.sync.read(bytes);
      return {
        data: new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length),
        width: png.width,
        height: png.height,
      };
    }
    // A 5 MB JPEG can claim a huge size: refuse more than ~50 megapixels instead of running out.
    const image = jpeg.decode(bytes, {
      useTArray: true,
      maxResolutionInMP: 50,
      formatAsRGBA: true,
    });
    return { data: new Uint8ClampedArray(image.data), width: image.width, height: image.height };
  } catch {
    return null;
  }
};

/** pdf.js's decoded image kinds: 1 bit grey, 24-bit RGB, 32-bit RGBA. */
const toRgba = (image: { kind: number; width: number; height: number; data: Uint8Array }) => {
  const { width, height, data, kind } = image;
  const out = new Uint8ClampedArray(width * height * 4);
  for (let pixel = 0; pixel < width * height; pixel += 1) {
    let r: number;
    let g: number;
    let b: number;
    if (kind === 1) {
      const rowBytes = (width + 7) >> 3;
      const x = pixel % width;
      const y = Math.floor(pixel / width);
      const bit = ((data[y * rowBytes + (x >> 3)] ?? 0) >> (7 - (x & 7))) & 1;
      r = g = b = bit ? 255 : 0;
    } else if (kind === 2) {
      r = data[pixel * 3] ?? 0;
      g = data[pixel * 3 + 1] ?? 0;
      b = data[pixel * 3 + 2] ?? 0;
    } else {
      r = data[pixel * 4] ?? 0;
      g = data[pixel * 4 + 1] ?? 0;
      b = data[pixel * 4 + 2] ?? 0;
    }
    out[pixel * 4] = r;
    out[pixel * 4 + 1] = g;
    out[pixel * 4 + 2] = b;
    out[pixel * 4 + 3] = 255;
  }
  return out;
};

interface PdfImage {
  readonly kind: number;
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
}

/** A PDF opened by pdf.js as a reader that runs nothing of it (no eval, no font faces). */
export const openPdf = async (bytes: Uint8Array) => {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  return pdfjs.getDocument({
    data: new Uint8Array(bytes),
    isEvalSupported: false,
    disableFontFace: true,
    verbosity: 0,
  }).promise;
};

const readPdf = async (bytes: Buffer): Promise<ReadCertificate> => {
  const document = await openPdf(bytes);
  const { OPS } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  try {
    const page = await document.getPage(1);
    const content = await page.getTextContent();
    const pageText = content.items.flatMap((item) => ('str' in item ? [item.str] : []));
    const { info } = (await document.getMetadata()) as { info: { Keywords?: unknown } };
    const operators = await page.getOperatorList();
    let qrText: string | null = null;
    for (let index = 0; index < operators.fnArray.length && qrText === null; index += 1) {
      if (operators.fnArray[index] !== OPS.paintImageXObject) continue;
      const name = (operators.argsArray[index] as unknown[])[0];
      if (typeof name !== 'string') continue;
      const image = await new Promise<PdfImage | null>((resolve) => {
        page.objs.get(name, (value: unknown) => {
          resolve((value as PdfImage | null) ?? null);
        });
      });
      if (image?.data && image.width * image.height <= 50_000_000) {
        qrText = decodeQr(toRgba(image), image.width, image.height);
      }
    }
    return {
      qrText,
      pageText: pageText.some((text) => text.trim()) ? pageText : null,
      keywords: typeof info.Keywords === 'string' && info.Keywords ? info.Keywords : null,
    };
  } finally {
    await document.destroy();
  }
};

export const readCertificateFile = async (
  bytes: Buffer,
  mimeType: 'application/pdf' | 'image/png' | 'image/jpeg',
): Promise<ReadCertificate | null> => {
  if (mimeType === 'application/pdf') {
    try {
      return await readPdf(bytes);
    } catch {
      return null;
    }
  }
  const pixels = imagePixels(bytes, mimeType);
  if (!pixels) return null;
  return {
    qrText: decodeQr(pixels.data, pixels.width, pixels.height),
    pageText: null,
    keywords: null,
  };
};
