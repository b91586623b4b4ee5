// Uploads through the host contract: limits, content checks, and reading back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAppHarness } from '../support/app-harness';
import type { AppHarness } from '../support/app-harness';

const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);

describe('files', () => {
  let app: AppHarness;
  beforeAll(async () => {
    app = await startAppHarness();
    await app.account('mentor01', 'mentor');
  });
  afterAll(async () => {
    await app.close();
  });

  it('refuses uploads from nobody', async () => {
    const refused = await app.attempt('files.upload', {
      purpose: 'picture',
      name: 'a.png',
      mimeType: 'image/png',
      dataBase64: base64(PNG),
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('keeps a picture and reads it back; refuses wrong types, disguised content and big files', async () => {
    await app.signIn('mentor01');
    const stored = await app.call('files.upload', {
      purpose: 'picture',
      name: 'logo.png',
      mimeType: 'image/png',
      dataBase64: base64(PNG),
    });
    expect(stored).toMatchObject({ name: 'logo.png', mimeType: 'image/png', size: PNG.byteLength });
    const read = await app.call('files.read', { ref: stored.ref });
    expect(read.dataBase64).toBe(base64(PNG));

    const pdfAsPicture = await app.attempt('files.upload', {
      purpose: 'picture',
      name: 'cv.pdf',
      mimeType: 'application/pdf',
      dataBase64: base64(new TextEncoder().encode('%PDF-1.7')),
    });
    expect(pdfAsPicture).toMatchObject({ ok: false, error: { code: 'invalid_input' } });

    const disguised = await app.attempt('files.upload', {
      purpose: 'document',
      name: 'cv.pdf',
      mimeType: 'application/pdf',
      dataBase64: base64(PNG),
    });
    expect(disguised).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('content is not') as unknown },
    });

    const big = new Uint8Array(2 * 1024 * 1024 + 1);
    big.set(PNG);
    const tooBig = await app.attempt('files.upload', {
      purpose: 'picture',
      name: 'huge.png',
      mimeType: 'image/png',
      dataBase64: base64(big),
    });
    expect(tooBig).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('at most 2 MB') as unknown },
    });

    const missing = await app.attempt('files.read', { ref: `sha256-${'a'.repeat(64)}` });
    expect(missing).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });
});
