// Programmes and their members through the host contract, against the embedded server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CriteriaField } from '../../shared/domain';
import { startAppHarness } from '../support/app-harness';
import type { AppHarness } from '../support/app-harness';

const criteria: CriteriaField[] = [
  { id: 'motivation', label: 'Why do you want to mentor?', type: 'longText', required: true },
  { id: 'years', label: 'Years of experience', type: 'number', required: true, min: 0, max: 60 },
];

const refusal = (code: string, message?: string | RegExp) => ({
  ok: false,
  error:
    message === undefined ? { code } : { code, message: expect.stringMatching(message) as unknown },
});

describe('programmes', () => {
  let app: AppHarness;
  let programmeId = '';

  beforeAll(async () => {
    app = await startAppHarness();
    await app.account('admin', 'admin');
    await app.account('manager1', 'manager');
    await app.account('manager2', 'manager');
    await app.account('mentor01', 'mentor');
  });
  afterAll(async () => {
    await app.close();
  });

  it('a manager creates a programme and manages it as a member', async () => {
    await app.signIn('manager1');
    const programme = await app.call('programmes.create', {
      name: 'Frontend 2025',
      description: 'Twelve weeks of React.',
      criteria,
    });
    programmeId = programme.id;
    expect(programme).toMatchObject({ status: 'active', createdBy: 'manager1', criteria });

    const detail = await app.until('programmes.detail', { programmeId }, (v) => v !== null);
    expect(detail?.myRole).toBe('manager');
    expect(detail?.members.map((m) => [m.person.id, m.membership.role])).toEqual([
      ['manager1', 'manager'],
    ]);
    expect(detail?.can).toEqual({
      edit: true,
      complete: true,
      archive: true,
      manageMembers: true,
      decideApplications: true,
      createTask: true,
      writeReport: true,
      apply: false,
    });

    const edited = await app.call('programmes.edit', {
      programmeId,
      name: 'Frontend 2025 (spring)',
    });
    expect(edited.name).toBe('Frontend 2025 (spring)');
    expect(edited.criteria).toEqual(criteria);

    const badCriteria = await app.attempt('programmes.edit', {
      programmeId,
      criteria: [{ id: 'pick', label: 'Pick one', type: 'singleChoice', required: true }],
    });
    expect(badCriteria).toMatchObject(refusal('invalid_input'));
    if (!badCriteria.ok) {
      expect(badCriteria.error.issues).toContainEqual({
        path: 'criteria.0.options',
        message: 'A choice needs at least two options.',
      });
    }

    const [summary] = await app.until('programmes.list', { mine: true }, (v) => v.length === 1);
    expect(summary).toMatchObject({
      programme: { id: programmeId, name: 'Frontend 2025 (spring)' },
      managers: [{ id: 'manager1', name: 'manager1' }],
      mentorCount: 0,
      openTaskCount: 0,
      pendingApplicationCount: 0,
      myRole: 'manager',
      myApplication: null,
    });
    await app.synced();
  });

  it('a mentor may browse programmes but not create, edit, complete or archive them', async () => {
    await app.signIn('mentor01');
    const all = await app.until('programmes.list', {}, (v) => v.length === 1);
    expect(all[0]).toMatchObject({ myRole: null, programme: { id: programmeId } });
    expect(await app.first('programmes.list', { mine: true })).toEqual([]);
    const detail = await app.first('programmes.detail', { programmeId });
    expect(detail?.can).toMatchObject({
      edit: false,
      archive: false,
      manageMembers: false,
      apply: true,
    });

    expect(
      await app.attempt('programmes.create', { name: 'Mine', description: '', criteria: [] }),
    ).toMatchObject(refusal('forbidden', /mentor may not create a programme/));
    expect(await app.attempt('programmes.edit', { programmeId, name: 'Taken' })).toMatchObject(
      refusal('forbidden'),
    );
    expect(await app.attempt('programmes.complete', { programmeId })).toMatchObject(
      refusal('forbidden'),
    );
    expect(await app.attempt('programmes.archive', { programmeId })).toMatchObject(
      refusal('forbidden'),
    );
    expect(
      await app.attempt('programmeMembers.add', {
        programmeId,
        userId: 'mentor01',
        role: 'mentor',
      }),
    ).toMatchObject(refusal('forbidden'));
  });

  it('another manager may only change the programme once made one of its managers', async () => {
    await app.signIn('manager2');
    const detail = await app.until('programmes.detail', { programmeId }, (v) => v !== null);
    expect(detail?.can).toMatchObject({
      edit: false,
      manageMembers: false,
      decideApplications: false,
    });
    expect(await app.attempt('programmes.edit', { programmeId, name: 'Mine now' })).toMatchObject(
      refusal(
        'forbidden',
        /only edit a programme and its criteria for a programme they created or manage/,
      ),
    );
    expect(await app.attempt('programmes.archive', { programmeId })).toMatchObject(
      refusal('forbidden'),
    );

    await app.signIn('manager1');
    await app.call('programmeMembers.add', { programmeId, userId: 'manager2', role: 'manager' });
    await app.synced();

    await app.signIn('manager2');
    const member = await app.until(
      'programmes.detail',
      { programmeId },
      (v) => v?.myRole === 'manager',
    );
    expect(member?.can.edit).toBe(true);
    const edited = await app.call('programmes.edit', {
      programmeId,
      description: 'Twelve weeks of React, with a demo day.',
    });
    expect(edited.description).toBe('Twelve weeks of React, with a demo day.');
    await app.synced();
  });

  it('members are added once, removed, and the last manager stays', async () => {
    await app.signIn('manager1');
    await app.until('programmes.detail', { programmeId }, (v) => v?.members.length === 2);
    const mentor = await app.call('programmeMembers.add', {
      programmeId,
      userId: 'mentor01',
      role: 'mentor',
    });
    expect(mentor).toMatchObject({
      id: `${programmeId}~mentor01`,
      role: 'mentor',
      createdBy: 'manager1',
    });
    expect(
      await app.attempt('programmeMembers.add', {
        programmeId,
        userId: 'mentor01',
        role: 'mentor',
      }),
    ).toMatchObject(refusal('conflict', /mentor01 is a mentor of .* already/));

    const [summary] = await app.until('programmes.list', {}, (v) => v[0]?.mentorCount === 1);
    expect(summary?.managers.map((m) => m.id)).toEqual(['manager1', 'manager2']);

    await app.call('programmeMembers.remove', { programmeId, userId: 'mentor01' });
    await app.until('programmes.list', {}, (v) => v[0]?.mentorCount === 0);
    // Removed and added again: the same membership id comes back.
    await app.call('programmeMembers.add', { programmeId, userId: 'mentor01', role: 'mentor' });
    await app.until('programmes.list', {}, (v) => v[0]?.mentorCount === 1);

    await app.call('programmeMembers.remove', { programmeId, userId: 'manager2' });
    expect(
      await app.attempt('programmeMembers.remove', { programmeId, userId: 'manager1' }),
    ).toMatchObject(refusal('conflict', /needs a manager/));
    expect(
      await app.attempt('programmeMembers.remove', { programmeId, userId: 'nobody' }),
    ).toMatchObject(refusal('not_found'));
    await app.synced();
  });

  it('active → completed → archived; archived is read-only', async () => {
    await app.signIn('manager1');
    const completed = await app.call('programmes.complete', { programmeId });
    expect(completed).toMatchObject({ status: 'completed', completedBy: 'manager1' });
    expect(completed.dateCompleted).toEqual(expect.any(String));
    expect(await app.attempt('programmes.complete', { programmeId })).toMatchObject(
      refusal('conflict', /completed already/),
    );
    const completedDetail = await app.until(
      'programmes.detail',
      { programmeId },
      (v) => v?.programme.status === 'completed',
    );
    expect(completedDetail?.can).toMatchObject({ edit: true, complete: false, archive: true });

    const archived = await app.call('programmes.archive', { programmeId });
    expect(archived).toMatchObject({ status: 'archived', archivedBy: 'manager1' });

    const readOnly = /archived: it is read-only/;
    expect(await app.attempt('programmes.edit', { programmeId, name: 'Again' })).toMatchObject(
      refusal('conflict', readOnly),
    );
    expect(await app.attempt('programmes.complete', { programmeId })).toMatchObject(
      refusal('conflict', readOnly),
    );
    expect(await app.attempt('programmes.archive', { programmeId })).toMatchObject(
      refusal('conflict', readOnly),
    );
    expect(
      await app.attempt('programmeMembers.add', {
        programmeId,
        userId: 'manager2',
        role: 'manager',
      }),
    ).toMatchObject(refusal('conflict', readOnly));
    expect(
      await app.attempt('programmeMembers.remove', { programmeId, userId: 'mentor01' }),
    ).toMatchObject(refusal('conflict', readOnly));

    const detail = await app.until(
      'programmes.detail',
      { programmeId },
      (v) => v?.programme.status === 'archived',
    );
    expect(Object.values(detail?.can ?? {})).not.toContain(true);
    expect(await app.first('programmes.list', { status: 'archived' })).toHaveLength(1);
    expect(await app.first('programmes.list', { status: 'active' })).toEqual([]);
    await app.synced();
  });

  it('an admin may create and archive any programme; lists are newest first', async () => {
    await app.signIn('admin');
    const second = await app.call('programmes.create', {
      name: 'Data 2025',
      description: '',
      criteria: [],
    });
    const list = await app.until('programmes.list', {}, (v) => v.length === 2);
    expect(list.map((summary) => summary.programme.id)).toEqual([second.id, programmeId]);
    const archived = await app.call('programmes.archive', { programmeId: second.id });
    expect(archived.status).toBe('archived');
    await app.synced();
  });

  it('refuses while signed out', async () => {
    await app.signOut();
    expect(
      await app.attempt('programmes.create', { name: 'x', description: '', criteria: [] }),
    ).toMatchObject(refusal('forbidden', /Sign in first/));
    expect(await app.first('programmes.list', {})).toEqual([]);
    expect(await app.first('programmes.detail', { programmeId })).toBeNull();
  });
});
