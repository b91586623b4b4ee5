import { describe, expect, it } from 'vitest';
import { checkWrite } from './checkWrite';
import { fileLimits, maxBytesOfType } from './files';
import {
  LOGO_MAX_SIDE,
  ORGANISATION_SETTINGS_ID,
  ORGANISATION_SETTINGS_NAME,
  imageSize,
  logoBytesProblem,
} from './organisation';

type Doc = Record<string, unknown>;
const T0 = '2026-12-01T10:00:00.000Z';
const T1 = '2026-12-02T10:00:00.000Z';
const as = (name: string, role: string) => ({ name, roles: [role] });
const write = (newDoc: Doc, oldDoc: Doc | null, user = as('admin1', 'admin')) =>
  checkWrite({ collection: 'referenceLists', newDoc, oldDoc, user });

const logo = {
  name: 'logo.png',
  mimeType: 'image/png',
  size: 2_000,
  ref: `sha256-${'ab'.repeat(32)}`,
};
const settings = (fields: Doc = {}): Doc => ({
  id: ORGANISATION_SETTINGS_ID,
  list: 'organisation',
  name: ORGANISATION_SETTINGS_NAME,
  createdBy: 'admin1',
  createdAt: T0,
  updatedAt: T0,
  ...fields,
});

/** A PNG's first bytes: signature, IHDR with the width and height. */
const pngHeader = (width: number, height: number): Uint8Array => {
  const bytes = new Uint8Array(33);
  bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
  const view = new DataView(bytes.buffer);
  view.setUint32(16, width);
  view.setUint32(20, height);
  return bytes;
};

/** A JPEG's first bytes: SOI, an APP0 segment, then SOF0 with the height and width. */
const jpegHeader = (width: number, height: number): Uint8Array =>
  new Uint8Array([
    0xff,
    0xd8,
    0xff,
    0xe0,
    0,
    16,
    0x4a,
    0x46,
    0x49,
    0x46,
    0,
    1,
    1,
    0,
    0,
    1,
    0,
    1,
    0,
    0,
    0xff,
    0xc0,
    0,
    17,
    8,
    height >> 8,
    height & 0xff,
    width >> 8,
    width & 0xff,
    3,
    1,
    0x22,
    0,
    2,
    0x11,
    1,
    3,
    0x11,
    1,
    0xff,
    0xd9,
  ]);

describe('the organisation’s settings document', () => {
  it('is written by an admin, with or without a logo', () => {
    expect(write(settings(), null)).toBeNull();
    expect(write(settings({ logo }), null)).toBeNull();
    expect(write(settings({ logo, updatedAt: T1 }), settings())).toBeNull();
    // Another admin replaces it, and removes it.
    expect(
      write(settings({ updatedAt: T1 }), settings({ logo }), as('admin2', 'admin')),
    ).toBeNull();
  });

  it('is refused to managers and mentors, creating, changing or deleting it', () => {
    for (const user of [as('manager1', 'manager'), as('mentor1', 'mentor')]) {
      const own = settings({ createdBy: user.name, logo });
      expect(write(own, null, user)).toMatch(/may not/);
      expect(write(settings({ logo, updatedAt: T1 }), settings(), user)).toMatch(/may not/);
      expect(write({ ...settings(), _deleted: true }, settings(), user)).toMatch(/may not/);
    }
    expect(write(settings(), null, { name: 'someone', roles: [] })).toMatch(/no role/);
  });

  it('is one document, of one id and name', () => {
    expect(write(settings({ id: 'another' }), null)).toMatch(/one document/);
    expect(write(settings({ name: 'Ours' }), null)).toMatch(/named/);
  });

  it('takes only a PNG or JPEG logo reference within the logo’s size, under a clean name', () => {
    expect(write(settings({ logo: { ...logo, mimeType: 'image/svg+xml' } }), null)).toMatch(
      /PNG or JPEG/,
    );
    expect(write(settings({ logo: { ...logo, mimeType: 'image/gif' } }), null)).toMatch(
      /PNG or JPEG/,
    );
    expect(write(settings({ logo: { ...logo, size: 1024 * 1024 + 1 } }), null)).toMatch(/bytes/);
    expect(write(settings({ logo: { ...logo, size: 0 } }), null)).toMatch(/bytes/);
    expect(write(settings({ logo: { ...logo, ref: 'https://evil.example/x.png' } }), null)).toMatch(
      /sha256/,
    );
    expect(write(settings({ logo: { ...logo, name: '..\u202Egnp.exe' } }), null)).toMatch(/name/);
    expect(write(settings({ logo: 'sha256-' }), null)).toMatch(/file reference/);
  });

  it('is the only reference-list document with a logo, and an entry never becomes it', () => {
    const stack = { ...settings(), id: 'ts1', list: 'techStack', name: 'Rust' };
    expect(write({ ...stack, logo }, null)).toMatch(/Only the organisation/);
    expect(write({ ...stack, list: 'organisation', updatedAt: T1 }, stack)).toMatch(
      /list cannot change/,
    );
  });
});

describe('logo bytes', () => {
  const png = pngHeader(300, 120);
  const jpeg = jpegHeader(640, 200);

  it('reads the size of a PNG and a JPEG from their headers', () => {
    expect(imageSize(png)).toEqual({ width: 300, height: 120 });
    expect(imageSize(jpeg)).toEqual({ width: 640, height: 200 });
    expect(imageSize(new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBe(
      undefined,
    );
  });

  it('takes a PNG or JPEG of the type it says', () => {
    expect(logoBytesProblem(png, 'image/png')).toBeNull();
    expect(logoBytesProblem(jpeg, 'image/jpeg')).toBeNull();
  });

  it('refuses SVG, other types, renamed bytes, empty, too big and absurd dimensions', () => {
    const svg = new TextEncoder().encode('<svg onload="alert(1)"></svg>');
    expect(logoBytesProblem(svg, 'image/svg+xml')).toMatch(/PNG or JPEG/);
    expect(logoBytesProblem(svg, 'image/png')).toMatch(/content is not/);
    expect(logoBytesProblem(png, 'image/jpeg')).toMatch(/content is not/);
    expect(logoBytesProblem(jpeg, 'image/png')).toMatch(/content is not/);
    expect(logoBytesProblem(new Uint8Array([0x47, 0x49, 0x46, 0x38]), 'image/gif')).toMatch(
      /PNG or JPEG/,
    );
    expect(logoBytesProblem(new Uint8Array(), 'image/png')).toMatch(/empty/);
    const big = new Uint8Array(fileLimits.logo.maxBytes + 1);
    big.set(png);
    expect(logoBytesProblem(big, 'image/png')).toMatch(/at most 1 MB/);
    expect(logoBytesProblem(pngHeader(LOGO_MAX_SIDE + 1, 10), 'image/png')).toMatch(/pixels/);
    expect(logoBytesProblem(pngHeader(30_000, 30_000), 'image/png')).toMatch(/pixels/);
    expect(logoBytesProblem(pngHeader(0, 10), 'image/png')).toMatch(/cannot be read/);
    // A PNG signature without its IHDR.
    expect(logoBytesProblem(png.subarray(0, 12), 'image/png')).toMatch(/cannot be read/);
  });

  it('keeps a logo within what the server takes of its type', () => {
    for (const type of fileLimits.logo.mimeTypes) {
      expect(maxBytesOfType(type)).toBeGreaterThanOrEqual(fileLimits.logo.maxBytes);
    }
  });
});
