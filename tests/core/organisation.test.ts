// The organisation's settings through the host contract, against the embedded server: only an
// admin sets, replaces and removes the certificate logo; what is not a sane PNG or JPEG is refused
// before anything is kept; the settings document is not a list entry.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hexOfRef } from '../../shared/domain/files';
import { ORGANISATION_SETTINGS_ID } from '../../shared/domain/organisation';
import { startAppHarness } from '../support/app-harness';
import type { AppHarness } from '../support/app-harness';
import { solidPng } from '../support/images';

const upload = (name: string, mimeType: string, bytes: Buffer) => ({
  name,
  mimeType,
  dataBase64: bytes.toString('base64'),
});

/** A square PNG of noise, which does not compress: about 4 bytes a pixel. */
const noisyPng = (side: number): Buffer => {
  const image = new PNG({ width: side, height: side });
  randomBytes(image.data.length).copy(image.data);
  return PNG.sync.write(image);
};

describe('the organisation’s settings', () => {
  let app: AppHarness;
  const first = solidPng(90, 30, [10, 120, 60]);
  const second = solidPng(60, 60, [200, 30, 30]);

  beforeAll(async () => {
    app = await startAppHarness();
    await app.account('admin', 'admin');
    await app.account('manager1', 'manager');
    await app.account('mentor01', 'mentor');
  });
  afterAll(async () => {
    await app.close();
  });

  it('a manager and a mentor may not set or remove the logo, nor upload one', async () => {
    for (const who of ['manager1', 'mentor01']) {
      await app.signIn(who);
      expect(
        await app.attempt('organisation.setLogo', upload('logo.png', 'image/png', first)),
      ).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      expect(await app.attempt('organisation.removeLogo', {})).toMatchObject({
        ok: false,
        error: { code: 'forbidden' },
      });
      expect(
        await app.attempt('files.upload', {
          purpose: 'logo',
          ...upload('logo.png', 'image/png', first),
        }),
      ).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      expect(await app.first('organisation.settings', {})).toEqual({
        logo: null,
        updatedAt: null,
      });
    }
    // Nothing was kept on this machine for them.
    const hex = createHash('sha256').update(first).digest('hex');
    expect(existsSync(join(app.dataDir, 'files', hex))).toBe(false);
  });

  it('refuses what is not a sane PNG or JPEG, with the reason, keeping nothing', async () => {
    await app.signIn('admin');
    const cases: [ReturnType<typeof upload>, RegExp][] = [
      [
        upload(
          'logo.svg',
          'image/svg+xml',
          Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'),
        ),
        /PNG or JPEG/,
      ],
      [upload('logo.gif', 'image/gif', Buffer.from('GIF89a....')), /PNG or JPEG/],
      [upload('logo.jpg', 'image/jpeg', first), /content is not/],
      [upload('big.png', 'image/png', noisyPng(620)), /at most 1 MB/],
      [upload('strip.png', 'image/png', solidPng(4_500, 2, [0, 0, 0])), /pixels/],
      [upload('empty.png', 'image/png', Buffer.alloc(0)), /empty/],
    ];
    for (const [input, reason] of cases) {
      const answer = await app.attempt('organisation.setLogo', input);
      expect(answer, input.name).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
      if (!answer.ok) expect(answer.error.message, input.name).toMatch(reason);
    }
    expect(await app.first('organisation.settings', {})).toMatchObject({ logo: null });
    expect(await app.first('files.outbox', {})).toEqual([]);
  });

  it('an admin sets, replaces and removes it; the settings are not a list entry', async () => {
    await app.signIn('admin');
    const set = await app.call(
      'organisation.setLogo',
      upload('Logo\u202Egnp.exe.png', 'image/png', first),
    );
    // The name as the app keeps names (no direction controls).
    expect(set.logo).toMatchObject({ name: 'Logognp.exe.png', size: first.byteLength });
    expect(existsSync(join(app.dataDir, 'files', hexOfRef(set.logo?.ref ?? '') ?? ''))).toBe(true);
    const replaced = await app.call('organisation.setLogo', upload('b.png', 'image/png', second));
    expect(replaced.logo?.ref).not.toBe(set.logo?.ref);
    await app.until('organisation.settings', {}, (value) => value.logo?.name === 'b.png');

    const lists = await app.first('referenceLists.all', {});
    expect([...lists.techStack, ...lists.jobRole]).toEqual([]);
    expect(
      await app.attempt('referenceLists.remove', { id: ORGANISATION_SETTINGS_ID }),
    ).toMatchObject({ ok: false, error: { code: 'conflict' } });

    const removed = await app.call('organisation.removeLogo', {});
    expect(removed.logo).toBeNull();
    expect(removed.updatedAt).not.toBeNull();
    // Removing again changes nothing.
    expect((await app.call('organisation.removeLogo', {})).updatedAt).toBe(removed.updatedAt);
    await app.synced();

    // The manager's machine reads the settings, not the screen's commands.
    await app.signIn('manager1');
    expect(await app.first('organisation.settings', {})).toMatchObject({ logo: null });
  });
});
