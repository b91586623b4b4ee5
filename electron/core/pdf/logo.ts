import { readFile } from 'node:fs/promises';
import { PNG } from 'pngjs';

/**
 * The organisation's logo for PDFs: the app icon, shrunk and laid on white once per process.
 * pdfkit embeds an opaque PNG's data as it is, but decodes an RGBA one and splits off its mask on
 * every document, which cost ~90 ms a certificate.
 */
const SIZE = 128;

const flattened = async (path: string): Promise<Buffer> => {
  const source = PNG.sync.read(await readFile(path));
  const factor = source.width / SIZE;
  const out = new PNG({ width: SIZE, height: SIZE, colorType: 2, inputHasAlpha: false });
  for (let y = 0; y < SIZE; y += 1) {
    for (let x = 0; x < SIZE; x += 1) {
      // A box filter over the source pixels this one covers, composed over white.
      const sums = [0, 0, 0];
      let count = 0;
      for (let sy = Math.floor(y * factor); sy < Math.floor((y + 1) * factor); sy += 1) {
        for (let sx = Math.floor(x * factor); sx < Math.floor((x + 1) * factor); sx += 1) {
          const at = (sy * source.width + sx) << 2;
          const alpha = (source.data[at + 3] ?? 0) / 255;
          for (let c = 0; c < 3; c += 1) {
            sums[c] = (sums[c] ?? 0) + (source.data[at + c] ?? 0) * alpha + 255 * (1 - alpha);
          }
          count += 1;
        }
      }
      const at = (y * SIZE + x) << 2;
      for (let c = 0; c < 3; c += 1) out.data[at + c] = Math.round((sums[c] ?? 0) / count);
      out.data[at + 3] = 255;
    }
  }
  return PNG.sync.write(out, { colorType: 2 });
};

const cache = new Map<string, Promise<Buffer>>();

/** The logo at `path` (a PNG), ready to embed; read once per path. */
export const pdfLogo = (path: string): Promise<Buffer> => {
  let logo = cache.get(path);
  if (!logo) {
    logo = flattened(path);
    cache.set(path, logo);
    logo.catch(() => cache.delete(path));
  }
  return logo;
};
