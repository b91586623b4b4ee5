import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { pdfLogoOfBytes } from './logo';

const rgba = (width: number, height: number, pixel: readonly number[]) => {
  const data = Buffer.alloc(width * height * 4);
  for (let at = 0; at < data.length; at += 4) data.set(pixel, at);
  return { width, height, data };
};
const firstPixel = (png: Buffer) => [...PNG.sync.read(png).data.subarray(0, 4)];

describe('an organisation’s logo for PDFs', () => {
  it('shrinks a wide JPEG into 480 × 160, in proportion, as an opaque PNG', async () => {
    const bytes = jpeg.encode(rgba(1_000, 250, [20, 40, 200, 255]), 90).data;
    const logo = await pdfLogoOfBytes('wide.jpg', Buffer.from(bytes));
    expect([logo.width, logo.height]).toEqual([480, 120]);
    const decoded = PNG.sync.read(logo.png);
    expect(decoded.colorType).toBe(2);
    const [r = 0, g = 0, b = 0] = firstPixel(logo.png);
    expect(Math.abs(r - 20) + Math.abs(g - 40) + Math.abs(b - 200)).toBeLessThan(20);
  });

  it('keeps a small one as it is and lays transparency on white', async () => {
    const source = new PNG({ width: 50, height: 20 });
    source.data.set(rgba(50, 20, [0, 0, 0, 0]).data);
    const logo = await pdfLogoOfBytes('small.png', PNG.sync.write(source));
    expect([logo.width, logo.height]).toEqual([50, 20]);
    expect(firstPixel(logo.png)).toEqual([255, 255, 255, 255]);
  });

  it('refuses what does not decode, and tries again with other bytes', async () => {
    const broken = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      Buffer.alloc(40),
    ]);
    await expect(pdfLogoOfBytes('broken', broken)).rejects.toThrow();
    await expect(pdfLogoOfBytes('broken', Buffer.from('<svg/>'))).rejects.toThrow(/PNG or JPEG/);
  });
});
