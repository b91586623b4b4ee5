import { PNG } from 'pngjs';

/** An opaque PNG of one colour: what a test logo needs to be found again on a rendered page. */
export const solidPng = (
  width: number,
  height: number,
  [red, green, blue]: readonly [number, number, number],
): Buffer => {
  const image = new PNG({ width, height });
  for (let at = 0; at < width * height * 4; at += 4) {
    image.data[at] = red;
    image.data[at + 1] = green;
    image.data[at + 2] = blue;
    image.data[at + 3] = 255;
  }
  return PNG.sync.write(image);
};

/** The sizes (`WxH`) of the images a PDF embeds: pdfkit writes image dictionaries uncompressed. */
export const pdfImageSizes = (pdf: Buffer): string[] =>
  [
    ...pdf.toString('latin1').matchAll(/\/Subtype \/Image[^>]*?\/Width (\d+)[^>]*?\/Height (\d+)/g),
  ].map((match) => `${match[1] ?? ''}x${match[2] ?? ''}`);
