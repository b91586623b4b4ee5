import { crc32, deflateSync } from 'node:zlib';
import QRCode from 'qrcode';

/**
 * The QR code of a signed payload as a greyscale PNG: black modules on white, 6 pixels a module,
 * so it stays sharp printed at 3–4 cm. Error correction M (15 %) survives a crease or a smudge and
 * keeps a typical payload (~250 bytes) at a version a phone reads at that size.
 *
 * Written here rather than with `qrcode`'s own PNG output (RGBA through pngjs): an opaque
 * greyscale PNG is embedded by pdfkit as it is, where an RGBA one is decoded and split into colour
 * and mask on every render, and pngjs's filters alone cost more than the rest of the page.
 */
const SCALE = 6;
const QUIET_ZONE = 2;

const chunk = (type: string, data: Buffer): Buffer => {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
};

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** An 8-bit greyscale PNG of `size`×`size` pixels, `dark(x, y)` black, the rest white. */
const greyscalePng = (size: number, dark: (x: number, y: number) => boolean): Buffer => {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.writeUInt8(8, 8); // bit depth
  header.writeUInt8(0, 9); // colour type: greyscale
  const rows = Buffer.alloc((size + 1) * size, 255);
  for (let y = 0; y < size; y += 1) {
    const start = y * (size + 1);
    rows[start] = 0; // filter: none
    for (let x = 0; x < size; x += 1) if (dark(x, y)) rows[start + 1 + x] = 0;
  }
  return Buffer.concat([
    PNG_SIGNATURE,
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
};

export const qrPng = (payload: string): Buffer => {
  const { modules } = QRCode.create(payload, { errorCorrectionLevel: 'M' });
  const size = (modules.size + 2 * QUIET_ZONE) * SCALE;
  return greyscalePng(size, (x, y) => {
    const row = Math.floor(y / SCALE) - QUIET_ZONE;
    const column = Math.floor(x / SCALE) - QUIET_ZONE;
    return (
      row >= 0 &&
      column >= 0 &&
      row < modules.size &&
      column < modules.size &&
      modules.get(row, column) === 1
    );
  });
};
