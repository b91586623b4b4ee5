// The organisation's logo on certificates (issue 17): an admin sets it on machine A; machine B,
// a manager's, fetches it ahead while online and, offline, renders certificate proofs that carry
// it. Without the logo on B (not fetched yet, or corrupted on disk) the certificate still renders,
// with the app's icon. Managers are refused by the host.
import { rmSync, writeFileSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BatchProgress } from '../../shared/contract';
import type { EmbeddedServer } from '../../server/embedded/startEmbeddedServer';
import { hexOfRef } from '../../shared/domain/files';
import { databaseOf, orgScope } from '../../shared/sync/layout';
import { membership, profile, programme } from '../server/docs';
import { ADMIN, createAccount, place, startTestServer, waitFor } from '../server/harness';
import { basicAuth } from '../../server/provision/couchClient';
import { startAppHarness } from '../support/app-harness';
import type { AppHarness } from '../support/app-harness';
import { pdfImageSizes, solidPng } from '../support/images';
import { renderFirstPage } from '../support/pdf-text';

const RED = [210, 24, 24] as const;
/** 200 × 100: no other image of a certificate has that size (icon 128², QR square). */
const logo = solidPng(200, 100, RED);

/** A fetch that can be cut (offline). */
const line = () => {
  const state = { online: true };
  const wrapped: typeof fetch = (input, init) =>
    state.online ? fetch(input, init) : Promise.reject(new TypeError('fetch failed'));
  return { state, fetch: wrapped };
};

/** How many pixels of the rendered page's top fifth are the logo's red. */
const redPixelsAtTop = (pdfPath: string): number => {
  const page = PNG.sync.read(readFileSync(renderFirstPage(pdfPath, `${pdfPath}-page`, 60)));
  let red = 0;
  for (let y = 0; y < page.height / 5; y += 1) {
    for (let x = 0; x < page.width; x += 1) {
      const at = (y * page.width + x) * 4;
      const [r = 0, g = 0, b = 0] = [page.data[at], page.data[at + 1], page.data[at + 2]];
      if (Math.abs(r - RED[0]) < 24 && Math.abs(g - RED[1]) < 24 && Math.abs(b - RED[2]) < 24) {
        red += 1;
      }
    }
  }
  return red;
};

describe('the organisation’s logo on certificates', () => {
  let server: EmbeddedServer;
  const opened: AppHarness[] = [];
  let logoRef = '';

  beforeAll(async () => {
    server = await startTestServer();
    const people = {
      admin1: 'admin',
      manager1: 'manager',
      mentor01: 'mentor',
      mentor02: 'mentor',
      mentor03: 'mentor',
    };
    for (const [id, role] of Object.entries(people)) {
      await createAccount(server, id, [role]);
      await place(server, 'server-admin', 'users', profile(id, role, { fullName: id }));
    }
    await place(server, 'server-admin', 'programmes', programme('alpha', 'manager1'));
    for (const mentor of ['mentor01', 'mentor02', 'mentor03']) {
      await place(
        server,
        'server-admin',
        'programmeMembers',
        membership('alpha', mentor, 'manager1'),
      );
    }
  }, 60_000);
  afterAll(async () => {
    for (const machine of opened) await machine.close().catch(() => undefined);
    await server.close();
  });

  it('machine A: a manager is refused; an admin sets the logo, which reaches the server', async () => {
    const machineA = await startAppHarness({ server });
    opened.push(machineA);
    const upload = {
      name: 'Our logo.png',
      mimeType: 'image/png',
      dataBase64: logo.toString('base64'),
    };
    await machineA.signIn('manager1');
    expect(await machineA.attempt('organisation.setLogo', upload)).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    // Nor through the plain upload of a file marked as a logo.
    expect(await machineA.attempt('files.upload', { purpose: 'logo', ...upload })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });

    await machineA.signIn('admin1');
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>1</script></svg>');
    expect(
      await machineA.attempt('organisation.setLogo', {
        name: 'logo.svg',
        mimeType: 'image/svg+xml',
        dataBase64: svg.toString('base64'),
      }),
    ).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(
      await machineA.attempt('organisation.setLogo', {
        ...upload,
        mimeType: 'image/jpeg',
      }),
    ).toMatchObject({ ok: false, error: { code: 'invalid_input', message: /content is not/ } });

    const set = await machineA.call('organisation.setLogo', upload);
    expect(set.logo).toMatchObject({ name: 'Our logo.png', size: logo.byteLength });
    logoRef = set.logo?.ref ?? '';
    await machineA.synced(60_000);
    const hex = hexOfRef(logoRef) ?? '';
    await waitFor(
      'the logo on the server',
      async () =>
        (
          await fetch(`${server.url}/${databaseOf(orgScope)}/files:${hex}/file`, {
            headers: { authorization: basicAuth(ADMIN) },
          })
        ).status === 200,
      20_000,
    );
    await machineA.close();
  }, 120_000);

  it('machine B fetches it ahead and, offline, prints it on every certificate', async () => {
    const b = line();
    const machineB = await startAppHarness({ server, fetch: b.fetch });
    opened.push(machineB);
    await machineB.signIn('manager1');
    const hex = hexOfRef(logoRef) ?? '';
    await waitFor(
      'the logo fetched ahead on B',
      () => Promise.resolve(existsSync(join(machineB.dataDir, 'files', hex))),
      30_000,
    );
    expect(readFileSync(join(machineB.dataDir, 'files', hex)).equals(logo)).toBe(true);
    expect(await machineB.first('organisation.settings', {})).toMatchObject({
      logo: { ref: logoRef },
    });

    b.state.online = false;
    const generate = async (userIds: string[]) => {
      const { batchId } = await machineB.call('certificates.generate', {
        programmeId: 'alpha',
        userIds,
        validForYears: 2,
        pageSize: 'A4',
      });
      const batch = (await machineB.until(
        'certificates.batch',
        { batchId },
        (value) => value !== null && value.state !== 'running',
        60_000,
      )) as BatchProgress;
      expect(batch).toMatchObject({ state: 'done', done: 1 });
      return join(batch.folder, batch.files[0]?.fileName ?? '');
    };
    const withLogo = await generate(['mentor01']);
    const pdf = readFileSync(withLogo);
    // The logo embedded at its own size, not the app's icon.
    expect(pdfImageSizes(pdf)).toContain('200x100');
    expect(pdfImageSizes(pdf)).not.toContain('128x128');
    expect(redPixelsAtTop(withLogo)).toBeGreaterThan(50);

    // The logo gone from this machine (a cache emptied), or its bytes damaged on disk: the
    // certificate still renders, with the app's icon.
    const stored = join(machineB.dataDir, 'files', hex);
    writeFileSync(stored, Buffer.concat([logo.subarray(0, 40), Buffer.alloc(200)]));
    const damaged = await generate(['mentor02']);
    expect(pdfImageSizes(readFileSync(damaged))).toContain('128x128');
    expect(pdfImageSizes(readFileSync(damaged))).not.toContain('200x100');
    expect(redPixelsAtTop(damaged)).toBe(0);
    // Not on this machine at all (offline, so it cannot be fetched now): the icon too.
    rmSync(stored);
    rmSync(`${stored}.json`);
    expect(await machineB.attempt('files.read', { ref: logoRef })).toMatchObject({ ok: false });
    const missing = await generate(['mentor03']);
    expect(pdfImageSizes(readFileSync(missing))).toContain('128x128');
    expect(redPixelsAtTop(missing)).toBe(0);
  }, 180_000);
});
