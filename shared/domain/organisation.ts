import { fileLimits, fileNameProblem, hexOfRef, sniffMimeType } from './files';
import { firstReason, permit, text, type Json, type Writer } from './writeContext';

/**
 * The organisation's settings (issue 17: the certificate logo). RxDB's 13 collections are all in
 * use, so they are one document of the reference lists (list `organisation`, referenceLists v1):
 * like the lists, it is organisation-wide, read by everyone (`mmm-org`) and kept by admins. One
 * fixed id, so two admins setting a logo offline edit the same document (the sync panel keeps the
 * losing version) rather than making two. Pure: the app and validate_doc_update use these rules.
 */
export const ORGANISATION_SETTINGS_ID = 'organisation';
/** The settings document's `name`: the reference lists' schema requires one. */
export const ORGANISATION_SETTINGS_NAME = 'Organisation settings';

/** Pixels a logo may have per side: a bigger one costs memory to decode for nothing in print. */
export const LOGO_MAX_SIDE = 4_000;

/**
 * Width and height from a PNG's IHDR or a JPEG's first start-of-frame, without decoding (so a
 * 1 MB file declaring 30,000 × 30,000 pixels is refused before anything allocates for it).
 */
export const imageSize = (
  bytes: Uint8Array,
): { readonly width: number; readonly height: number } | undefined => {
  const at16 = (index: number) => ((bytes[index] ?? 0) << 8) | (bytes[index + 1] ?? 0);
  const type = sniffMimeType(bytes);
  if (type === 'image/png') {
    // Signature (8), chunk length (4), "IHDR" (4), then width and height, 4 bytes each.
    if (bytes.length < 24 || String.fromCharCode(...bytes.subarray(12, 16)) !== 'IHDR') {
      return undefined;
    }
    const width = at16(16) * 65_536 + at16(18);
    const height = at16(20) * 65_536 + at16(22);
    return { width, height };
  }
  if (type === 'image/jpeg') {
    let index = 2;
    while (index + 9 < bytes.length) {
      if (bytes[index] !== 0xff) return undefined;
      const marker = bytes[index + 1] ?? 0;
      // Fill bytes, and markers that carry no length.
      if (marker === 0xff) {
        index += 1;
        continue;
      }
      if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
        index += 2;
        continue;
      }
      // SOF0–SOF15 except DHT (c4), JPG (c8) and DAC (cc): precision, height, width.
      if (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker)) {
        return { height: at16(index + 5), width: at16(index + 7) };
      }
      index += 2 + at16(index + 2);
    }
  }
  return undefined;
};

/**
 * Why these bytes cannot be the organisation's logo (null: they can): a PNG or JPEG (never SVG,
 * which can carry script), of the type it says, within the logo's size, with sane dimensions.
 */
export const logoBytesProblem = (bytes: Uint8Array, mimeType: string): string | null => {
  const limits = fileLimits.logo;
  if (!limits.mimeTypes.includes(mimeType)) return `The logo must be ${limits.what}.`;
  if (bytes.byteLength === 0) return 'The file is empty.';
  if (bytes.byteLength > limits.maxBytes) {
    return `The logo is ${megabytes(bytes.byteLength)}; at most ${megabytes(limits.maxBytes)} is allowed.`;
  }
  if (sniffMimeType(bytes) !== mimeType) {
    return `The file’s content is not ${limits.what}, whatever its name says.`;
  }
  const size = imageSize(bytes);
  if (!size || size.width === 0 || size.height === 0) return 'The picture’s size cannot be read.';
  if (size.width > LOGO_MAX_SIDE || size.height > LOGO_MAX_SIDE) {
    return `The logo is ${size.width} × ${size.height} pixels; at most ${LOGO_MAX_SIDE} on each side.`;
  }
  return null;
};

const megabytes = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;

/** Why a stored logo reference is not one the app would write (null: it is, or there is none). */
export const logoRefProblem = (value: unknown): string | null => {
  if (value === undefined) return null;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return 'The logo is a file reference.';
  }
  const logo = value as Json;
  const limits = fileLimits.logo;
  const size = logo['size'];
  return firstReason(
    hexOfRef(text(logo, 'ref') ?? '') === undefined
      ? 'The logo’s ref is sha256-<its SHA-256 in hex>.'
      : null,
    limits.mimeTypes.includes(text(logo, 'mimeType') ?? '')
      ? null
      : `The logo must be ${limits.what}.`,
    typeof size === 'number' && Number.isInteger(size) && size > 0 && size <= limits.maxBytes
      ? null
      : `The logo has 1 to ${limits.maxBytes} bytes.`,
    fileNameProblem(text(logo, 'name') ?? ''),
  );
};

/**
 * What a reference-list document of each kind may be (validate_doc_update runs it too): the
 * organisation's settings are the one document of their id and name, kept by admins; a logo is
 * theirs alone.
 */
export const referenceListShape = (doc: Json, writer: Writer): string | null => {
  if (text(doc, 'list') !== 'organisation') {
    return doc['logo'] === undefined ? null : 'Only the organisation’s settings have a logo.';
  }
  return firstReason(
    permit(writer, 'organisation.settings'),
    text(doc, 'id') === ORGANISATION_SETTINGS_ID
      ? null
      : `The organisation’s settings are one document, ${ORGANISATION_SETTINGS_ID}.`,
    text(doc, 'name') === ORGANISATION_SETTINGS_NAME
      ? null
      : `The organisation’s settings are named ${ORGANISATION_SETTINGS_NAME}.`,
    logoRefProblem(doc['logo']),
  );
};
