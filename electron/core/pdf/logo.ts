import { readFile } from 'node:fs/promises';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { sniffMimeType } from '../../../shared/domain/files';

/**
 * A logo for PDFs, laid on white and shrunk once per process. pdfkit embeds an opaque PNG's data
 * as it is, but decodes an RGBA one and splits off its mask on every document, which cost ~90 ms a
 * certificate; a JPEG of several megapixels would be embedded whole in every PDF.
 */
export interface PdfLogo {
  /** An opaque RGB PNG. */
  readonly png: Buffer;
  readonly width: number;
  readonly height: number;
}

/** The app's icon: 128 px square. An organisation's logo: within 480 × 160 px (~290 dpi printed). */
const ICON_SIDE = 128;
const LOGO_BOX = { width: 480, height: 160 } as const;
/** Refused before decoding (a 1 MB JPEG may still declare a huge image). */
const MAX_MEGAPIXELS = 16;

interface Rgba {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
}

const decode = (bytes: Buffer): Rgba => {
  switch (sniffMimeType(bytes)) {
    case 'image/png':
      return PNG.sync.read(bytes);
    case 'image/jpeg':
      return jpeg.decode(bytes, {
        useTArray: true,
        formatAsRGBA: true,
        maxResolutionInMP: MAX_MEGAPIXELS,
        maxMemoryUsageInMB: 256,
      });
    default:
      throw new Error('A logo is a PNG or JPEG image.');
  }
};

/** The source shrunk to width × height with a box filter, composed over white, as an RGB PNG. */
const flattened = (source: Rgba, width: number, height: number): PdfLogo => {
  const fx = source.width / width;
  const fy = source.height / height;
  const out = new PNG({ width, height, colorType: 2, inputHasAlpha: false });
  for (let y = 0; y < height; y += 1) {
    const y0 = Math.floor(y * fy);
    const y1 = Math.max(y0 + 1, Math.floor((y + 1) * fy));
    for (let x = 0; x < width; x += 1) {
      const x0 = Math.floor(x * fx);
      const x1 = Math.max(x0 + 1, Math.floor((x + 1) * fx));
      const sums = [0, 0, 0];
      let count = 0;
      for (let sy = y0; sy < y1; sy += 1) {
        for (let sx = x0; sx < x1; sx += 1) {
          const at = (sy * source.width + sx) << 2;
          const alpha = (source.data[at + 3] ?? 0) / 255;
          for (let c = 0; c < 3; c += 1) {
            sums[c] = (sums[c] ?? 0) + (source.data[at + c] ?? 0) * alpha + 255 * (1 - alpha);
          }
          count += 1;
        }
      }
      const at = (y * width + x) << 2;
      for (let c = 0; c < 3; c += 1) out.data[at + c] = Math.round((sums[c] ?? 0) / count);
      out.data[at + 3] = 255;
    }
  }
  return { png: PNG.sync.write(out, { colorType: 2 }), width, height };
};

/** The size that fits the box, keeping the proportions, never larger than the source. */
const fitted = (source: Rgba, box: { readonly width: number; readonly height: number }) => {
  const scale = Math.min(1, box.width / source.width, box.height / source.height);
  return {
    width: Math.max(1, Math.round(source.width * scale)),
    height: Math.max(1, Math.round(source.height * scale)),
  };
};

const cache = new Map<string, Promise<PdfLogo>>();
const cached = (key: string, make: () => Promise<PdfLogo>): Promise<PdfLogo> => {
  let logo = cache.get(key);
  if (!logo) {
    logo = make();
    cache.set(key, logo);
    logo.catch(() => cache.delete(key));
  }
  return logo;
};

/** The app's icon at `path` (a square PNG), ready to embed; read once per path. */
export const pdfLogo = (path: string): Promise<PdfLogo> =>
  cached(`path:${path}`, async () => {
    const source = PNG.sync.read(await readFile(path));
    return flattened(source, ICON_SIDE, ICON_SIDE);
  });

/**
 * An organisation's logo (PNG or JPEG bytes), ready to embed; made once per `key` (its file
 * reference: the same reference is always the same bytes). Throws when the bytes do not decode.
 */
export const pdfLogoOfBytes = (key: string, bytes: Buffer): Promise<PdfLogo> =>
  cached(`file:${key}`, () =>
    Promise.resolve().then(() => {
      const source = decode(bytes);
      if (source.width * source.height > MAX_MEGAPIXELS * 1_000_000) {
        throw new Error('The logo has too many pixels.');
      }
      const size = fitted(source, LOGO_BOX);
      return flattened(source, size.width, size.height);
    }),
  );
