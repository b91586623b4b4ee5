// Mentor details through the host contract: a mentor submits them into their private database,
// the server copies them to the hub, a manager approves them there, and the approval comes back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredFile } from '../../shared/contract';
import { startAppHarness } from '../support/app-harness';
import type { AppHarness } from '../support/app-harness';

describe('mentor details', () => {
  let app: AppHarness;
  let typescript = '';
  let cv: StoredFile;

  beforeAll(async () => {
    app = await startAppHarness();
    await app.account('admin', 'admin');
    await app.account('manager1', 'manager');
    await app.account('mentor01', 'mentor');
    await app.signIn('admin');
    typescript = (await app.call('referenceLists.add', { list: 'techStack', name: 'TypeScript' }))
      .id;
    await app.call('referenceLists.add', { list: 'techStack', name: 'Go' });
    await app.synced();
  });
  afterAll(async () => {
    await app.close();
  });

  const details = (overrides: Record<string, unknown> = {}) => ({
    previousRoles: ['Backend engineer', ' Backend engineer ', 'Tester'],
    previousProgrammes: ['Summer of Code'],
    yearsOfTechnicalExperience: 6,
    beenMentorBefore: true,
    technicalProficiency: [typescript],
    ...overrides,
  });

  it('a mentor submits their details; unknown tech stacks and programmes are refused', async () => {
    await app.signIn('mentor01');
    await app.call('users.editProfile', {
      userId: 'mentor01',
      email: 'mentor01@example.org',
      fullName: 'Mentor One',
    });
    await app.until('referenceLists.all', {}, (lists) => lists.techStack.length === 2);

    const unknownStack = await app.attempt(
      'userDetails.submit',
      details({ technicalProficiency: [typescript, 'no-such-stack'] }),
    );
    expect(unknownStack).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', issues: [{ path: 'technicalProficiency' }] },
    });
    const unknownProgramme = await app.attempt(
      'userDetails.submit',
      details({ programmeOfInterest: 'no-such-programme' }),
    );
    expect(unknownProgramme).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', issues: [{ path: 'programmeOfInterest' }] },
    });

    cv = await app.call('files.upload', {
      purpose: 'document',
      name: 'cv.pdf',
      mimeType: 'application/pdf',
      dataBase64: Buffer.from('%PDF-1.7\n').toString('base64'),
    });
    const submitted = await app.call('userDetails.submit', details({ document: cv }));
    expect(submitted).toMatchObject({
      userId: 'mentor01',
      managerId: '',
      programmeOfInterest: '',
      previousRoles: ['Backend engineer', 'Tester'],
      status: 'submitted',
      approved: false,
      document: cv,
    });
    // One document per person: submitting again updates it.
    const again = await app.call(
      'userDetails.submit',
      details({ document: cv, beenMentorBefore: false }),
    );
    expect(again.id).toBe(submitted.id);
    const me = await app.until('users.me', {}, (v) => v?.details?.beenMentorBefore === false);
    expect(me?.details?.status).toBe('submitted');

    const selfApproval = await app.attempt('userDetails.approve', { userDetailsId: submitted.id });
    expect(selfApproval).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    await expect(app.first('userDetails.list', {})).rejects.toMatchObject({
      error: { code: 'forbidden' },
    });
    await app.synced();
  });

  it('a manager sees them waiting, with the person and tech stack names, and approves them', async () => {
    await app.signIn('manager1');
    const waiting = await app.until('userDetails.list', { status: 'submitted' }, (rows) =>
      rows.some((row) => row.details.userId === 'mentor01'),
    );
    expect(waiting[0]).toMatchObject({
      person: { id: 'mentor01', name: 'Mentor One', email: 'mentor01@example.org' },
      techStacks: ['TypeScript'],
    });
    const detailsId = waiting[0]?.details.id ?? '';
    const person = await app.until('users.detail', { userId: 'mentor01' }, (v) => v !== null);
    expect(person?.details?.id).toBe(detailsId);
    expect(person?.can).toEqual({ setRole: false, approveDetails: true });
    const row = (await app.first('users.list', {})).find((r) => r.profile.id === 'mentor01');
    expect(row?.detailsStatus).toBe('submitted');

    const approved = await app.call('userDetails.approve', { userDetailsId: detailsId });
    expect(approved).toMatchObject({ status: 'approved', approved: true, approvedBy: 'manager1' });
    const twice = await app.attempt('userDetails.approve', { userDetailsId: detailsId });
    expect(twice).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(await app.first('userDetails.list', { status: 'submitted' })).toEqual([]);
    await app.synced();
  });

  it('the mentor sees the approval, and keeps their details up to date afterwards', async () => {
    await app.signIn('mentor01');
    const me = await app.until('users.me', {}, (v) => v?.details?.status === 'approved');
    expect(me?.details).toMatchObject({ approved: true, approvedBy: 'manager1' });
    const edited = await app.call('userDetails.submit', details({ yearsOfTechnicalExperience: 7 }));
    expect(edited).toMatchObject({ status: 'approved', yearsOfTechnicalExperience: 7 });
    expect(edited).not.toHaveProperty('document');
    await app.synced();
  });

  it('admins see everyone’s details; nobody approves their own', async () => {
    await app.signIn('admin');
    const all = await app.until('userDetails.list', {}, (rows) =>
      rows.some((row) => row.details.yearsOfTechnicalExperience === 7),
    );
    expect(all.map((row) => row.details.status)).toEqual(['approved']);
    const own = await app.call('userDetails.submit', details());
    const selfApproval = await app.attempt('userDetails.approve', { userDetailsId: own.id });
    expect(selfApproval).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const mine = await app.first('users.detail', { userId: 'admin' });
    expect(mine).toBeNull(); // no profile yet
  });
});
