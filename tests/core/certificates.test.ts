// Certificates through the host contract against the embedded server: who may generate, approve,
// revoke and print; the PDF a mentor prints reads valid offline from its code, its QR text, the PDF
// itself and a picture of it; tampered, revoked and expired ones read so.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BatchProgress, CertificateRow } from '../../shared/contract';
import type { CollectionName } from '../../shared/schema';
import { systemClock } from '../../electron/core/platform/clock';
import type { Clock } from '../../electron/core/platform/clock';
import { startAppHarness } from '../support/app-harness';
import type { AppHarness } from '../support/app-harness';
import { readPdfText, renderFirstPage } from '../support/pdf-text';
import { profile, programme } from '../server/docs';
import { http, pathOf, place } from '../server/harness';
import { REPO_RESOURCES } from '../support/resources';
import { renderCertificatePdf } from '../../electron/core/certificates/pdf/certificate-pdf';
import { qrPng } from '../../electron/core/certificates/pdf/qr-code';
import { ORGANISATION_NAME, organisationLogoPath } from '../../electron/core/pdf/organisation';
import { pdfLogo } from '../../electron/core/pdf/logo';
import { fontsDirOf } from '../../electron/core/pdf/pdf-fonts';

/** The system clock, moved forward by `offset` ms (to see a certificate expire). */
const shiftedClock = (): Clock & { offset: number } => {
  const clock = {
    offset: 0,
    now: () => new Date(Date.now() + clock.offset),
    every: (ms: number, tick: () => void) => systemClock.every(ms, tick),
  };
  return clock;
};

const people = {
  admin: ['admin', 'Ada Admin'],
  admin2: ['admin', 'Alan Admin'],
  manager1: ['manager', 'Maya Manager'],
  manager2: ['manager', 'Max Manager'],
  mentor01: ['mentor', 'ليلى عبد الله'],
  mentor02: ['mentor', '王小明'],
  mentor03: ['mentor', 'Cleo Mentor'],
} as const;

const base64 = (path: string) => readFileSync(path).toString('base64');

describe('certificates', () => {
  let app: AppHarness;
  const clock = shiftedClock();
  const folder = mkdtempSync(join(tmpdir(), 'mmm-certificates-'));
  let certificateOf01 = '';
  let printedPdf = '';

  const write = async (
    collection: CollectionName,
    doc: Record<string, unknown> & { _id: string },
  ) => {
    const answer = await place(app.server, 'server-admin', collection, doc);
    if (answer.status !== 201) throw new Error(`Seeding ${collection}: ${JSON.stringify(answer)}`);
  };
  const batchDone = (batchId: string) =>
    app.until(
      'certificates.batch',
      { batchId },
      (batch) => batch !== null && batch.state !== 'running',
      60_000,
    ) as Promise<BatchProgress>;
  const rowOf = async (programmeId: string, mentor: string): Promise<CertificateRow | null> =>
    (await app.first('certificates.ofProgramme', { programmeId }))?.mentors.find(
      (entry) => entry.id === mentor,
    )?.certificate ?? null;

  beforeAll(async () => {
    app = await startAppHarness({ clock });
    for (const [id, [role, fullName]] of Object.entries(people)) {
      await app.account(id, role);
      await write('users', profile(id, role, { fullName }));
    }
    await write('programmes', programme('alpha', 'manager1', { name: 'Data science 数据科学' }));
    await write('programmes', programme('beta', 'admin', { name: 'Beta' }));
    const member = (programmeId: string, userId: string, role: string, by: string) =>
      write('programmeMembers', {
        _id: `${programmeId}~${userId}`,
        programmeId,
        userId,
        role,
        createdBy: by,
        createdAt: '2025-01-01T00:00:00.000Z',
        updatedAt: '2025-01-01T00:00:00.000Z',
      });
    await member('alpha', 'mentor01', 'mentor', 'manager1');
    await member('alpha', 'mentor02', 'mentor', 'manager1');
    await member('beta', 'mentor03', 'mentor', 'admin');
  }, 60_000);

  afterAll(async () => {
    await app.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('refuses generating to a mentor and to a manager of another programme', async () => {
    await app.signIn('mentor01');
    expect(
      await app.attempt('certificates.generate', {
        programmeId: 'alpha',
        validForYears: 2,
        pageSize: 'A4',
      }),
    ).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    await app.signIn('manager2');
    expect(
      await app.attempt('certificates.generate', {
        programmeId: 'alpha',
        validForYears: 2,
        pageSize: 'A4',
      }),
    ).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await app.first('certificates.ofProgramme', { programmeId: 'alpha' })).toBeNull();
  });

  it('a manager generates the whole programme: proofs rendered, codes given, sent for approval', async () => {
    await app.signIn('manager1');
    const { batchId } = await app.call('certificates.generate', {
      programmeId: 'alpha',
      validForYears: 2,
      pageSize: 'A4',
    });
    const batch = await batchDone(batchId);
    expect(batch).toMatchObject({ state: 'done', total: 2, done: 2 });
    expect(batch.files.map((file) => file.fileName)).toEqual([
      expect.stringMatching(/^MMM-.{4}-.{4}-.-proof\.pdf$/) as string,
      expect.stringMatching(/-proof\.pdf$/) as string,
    ]);
    const proof = await readPdfText(
      readFileSync(join(batch.folder, batch.files[0]?.fileName ?? '')),
    );
    expect(proof.text).toContain('PROOF — NOT YET APPROVED');
    const row = await rowOf('alpha', 'mentor01');
    expect(row?.certificate).toMatchObject({
      status: 'pending_approval',
      holderName: 'ليلى عبد الله',
      programmeName: 'Data science 数据科学',
      generatedBy: 'manager1',
    });
    certificateOf01 = row?.certificate.id ?? '';
    // A second run has no one left to generate for; the manager cannot approve.
    expect(
      await app.attempt('certificates.generate', {
        programmeId: 'alpha',
        validForYears: 2,
        pageSize: 'A4',
      }),
    ).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(
      await app.attempt('certificates.approve', { certificateId: certificateOf01 }),
    ).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    await app.synced();
  });

  it('an admin approves by signing with a key made on this machine and published in their profile', async () => {
    await app.signIn('admin');
    const queue = await app.until('certificates.awaitingApproval', {}, (rows) => rows.length === 2);
    expect(queue.every((row) => row.can.approve)).toBe(true);
    const approved = await app.call('certificates.approve', { certificateId: certificateOf01 });
    expect(approved).toMatchObject({ status: 'approved', approvedBy: 'admin' });
    expect(approved.signature).toMatch(/^[A-Za-z0-9_-]{86}$/);
    await app.synced();
    const profileOnServer = await http(
      app.server,
      'server-admin',
      'GET',
      pathOf('users', { _id: 'admin' }),
    );
    expect((profileOnServer.body as { signingKeys?: { id: string }[] }).signingKeys).toEqual([
      expect.objectContaining({ id: approved.signingKeyId }),
    ]);
  });

  it('an admin never approves what they generated; revoking needs a reason and an admin', async () => {
    await app.signIn('admin');
    const { batchId } = await app.call('certificates.generate', {
      programmeId: 'beta',
      userIds: ['mentor03'],
      validForYears: null,
      pageSize: 'LETTER',
    });
    await batchDone(batchId);
    const own = await rowOf('beta', 'mentor03');
    expect(own?.can.approve).toBe(false);
    expect(
      await app.attempt('certificates.approve', { certificateId: own?.certificate.id ?? '' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(
      await app.attempt('certificates.revoke', { certificateId: certificateOf01, reason: '' }),
    ).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    await app.signIn('manager1');
    expect(
      await app.attempt('certificates.revoke', {
        certificateId: certificateOf01,
        reason: 'Because.',
      }),
    ).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('the mentor prints theirs; it reads valid offline from its code, QR text, PDF and a picture', async () => {
    await app.signIn('mentor01');
    const mine = await app.until('certificates.mine', {}, (rows) => rows.length === 1);
    expect(mine[0]?.can.print).toBe(true);
    const printed = await app.call('certificates.print', {
      certificateId: certificateOf01,
      pageSize: 'A4',
    });
    expect(printed.printedWith).toBe('viewer');
    printedPdf = printed.file.path;
    const text = await readPdfText(readFileSync(printedPdf));
    for (const field of [
      'ليلى',
      'عبد',
      'الله',
      'Data science 数据科学',
      mine[0]?.certificate.certificateCode ?? '?',
    ]) {
      expect(text.text).toContain(field);
    }
    await app.call('sync.pause', {});
    const code = mine[0]?.certificate.certificateCode ?? '';
    expect(await app.call('certificates.verify', { code: code.toLowerCase() })).toMatchObject({
      verdict: 'valid',
      signedByName: 'Ada Admin',
    });
    const pdf = await app.call('certificates.verify', {
      file: { name: 'c.pdf', mimeType: 'application/pdf', dataBase64: base64(printedPdf) },
    });
    expect(pdf).toMatchObject({ verdict: 'valid', source: 'pdf' });
    expect(pdf.facts?.holderName).toBe('ليلى عبد الله');
    const qrText = pdf.readText ?? '';
    expect(await app.call('certificates.verify', { qrText })).toMatchObject({ verdict: 'valid' });
    const picture = renderFirstPage(printedPdf, join(folder, 'photo'));
    expect(
      await app.call('certificates.verify', {
        file: { name: 'photo.png', mimeType: 'image/png', dataBase64: base64(picture) },
      }),
    ).toMatchObject({ verdict: 'valid', source: 'image' });
    // One changed byte of the payload: the name.
    const tampered = qrText.replace('ليلى', 'ليلا');
    expect(await app.call('certificates.verify', { qrText: tampered })).toMatchObject({
      verdict: 'forged',
    });
    // A look-alike: the genuine QR code and payload copied onto a page printed with another name.
    const facts = pdf.facts;
    if (!facts) throw new Error('The verification states the facts.');
    const lookAlike = await renderCertificatePdf(fontsDirOf(REPO_RESOURCES), {
      facts: { ...facts, holderName: 'Mallory Forger' },
      organisation: ORGANISATION_NAME,
      logo: await pdfLogo(organisationLogoPath(REPO_RESOURCES)),
      pageSize: 'A4',
      qrPng: qrPng(qrText),
      payload: qrText,
      at: '2025-06-30T10:00:00.000Z',
    });
    expect(
      await app.call('certificates.verify', {
        file: {
          name: 'fake.pdf',
          mimeType: 'application/pdf',
          dataBase64: lookAlike.toString('base64'),
        },
      }),
    ).toMatchObject({
      verdict: 'forged',
      summary: expect.stringContaining('changed after') as string,
    });
    // The record inside the PDF edited (a name changed in its keywords) while the QR stayed.
    const relabelled = await renderCertificatePdf(fontsDirOf(REPO_RESOURCES), {
      facts,
      organisation: ORGANISATION_NAME,
      logo: await pdfLogo(organisationLogoPath(REPO_RESOURCES)),
      pageSize: 'A4',
      qrPng: qrPng(qrText),
      payload: tampered,
      at: '2025-06-30T10:00:00.000Z',
    });
    expect(
      await app.call('certificates.verify', {
        file: {
          name: 'edited.pdf',
          mimeType: 'application/pdf',
          dataBase64: relabelled.toString('base64'),
        },
      }),
    ).toMatchObject({ verdict: 'forged' });
    await app.call('sync.resume', {});
  });

  it('someone else’s mentor cannot print it; a picture without a QR code reads unknown', async () => {
    await app.signIn('mentor02');
    expect(
      await app.attempt('certificates.print', { certificateId: certificateOf01, pageSize: 'A4' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    const logo = readFileSync(join(__dirname, '..', '..', 'resources', 'icon.png')).toString(
      'base64',
    );
    expect(
      await app.call('certificates.verify', {
        file: { name: 'logo.png', mimeType: 'image/png', dataBase64: logo },
      }),
    ).toMatchObject({ verdict: 'unknown' });
    expect(
      await app.attempt('certificates.verify', {
        file: {
          name: 'x.png',
          mimeType: 'image/png',
          dataBase64: Buffer.from('not a png').toString('base64'),
        },
      }),
    ).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('reads expired after its expiry, and revoked once an admin revokes it — in another person’s database too', async () => {
    await app.signIn('mentor02');
    const mine = await app.first('certificates.mine', {});
    expect(mine).toEqual([]);
    await app.signIn('admin2');
    const row = await rowOf('alpha', 'mentor01');
    const code = row?.certificate.certificateCode ?? '';
    clock.offset = 3 * 365 * 24 * 3600 * 1000;
    expect(await app.call('certificates.verify', { code })).toMatchObject({ verdict: 'expired' });
    clock.offset = 0;
    const revoked = await app.call('certificates.revoke', {
      certificateId: certificateOf01,
      reason: 'Issued in error.',
    });
    expect(revoked.status).toBe('revoked');
    await app.synced();
    await app.signIn('mentor03');
    const read = await app.until('certificates.mine', {}, () => true);
    expect(read).toEqual([]);
    expect(
      await app.call('certificates.verify', {
        file: { name: 'c.pdf', mimeType: 'application/pdf', dataBase64: base64(printedPdf) },
      }),
    ).toMatchObject({ verdict: 'revoked', revokedReason: 'Issued in error.' });
  });

  it('a batch is cancelled after the certificate in hand, keeping what it rendered', async () => {
    await app.signIn('manager1');
    const many = Array.from({ length: 12 }, (_, i) => `mentor${String(i + 10)}`);
    for (const id of many) {
      await app.account(id, 'mentor');
      await write('users', profile(id, 'mentor', { fullName: `Mentor ${id}` }));
      await write('programmeMembers', {
        _id: `alpha~${id}`,
        programmeId: 'alpha',
        userId: id,
        role: 'mentor',
        createdBy: 'manager1',
        createdAt: '2025-01-01T00:00:00.000Z',
        updatedAt: '2025-01-01T00:00:00.000Z',
      });
    }
    await app.until(
      'certificates.ofProgramme',
      { programmeId: 'alpha' },
      (value) => (value?.mentors.length ?? 0) === 14,
    );
    const { batchId } = await app.call('certificates.generate', {
      programmeId: 'alpha',
      validForYears: 1,
      pageSize: 'A4',
    });
    await app.until('certificates.batch', { batchId }, (batch) => (batch?.done ?? 0) >= 1, 30_000);
    await app.call('certificates.cancelBatch', { batchId });
    const batch = await batchDone(batchId);
    expect(batch.state).toBe('cancelled');
    expect(batch.done).toBeLessThan(batch.total);
    expect(batch.files).toHaveLength(batch.done);
    const rows =
      (await app.first('certificates.ofProgramme', { programmeId: 'alpha' }))?.mentors ?? [];
    expect(
      rows.filter((entry) => entry.certificate?.certificate.status === 'pending_approval').length,
    ).toBe(1 + batch.done);
  });
});
