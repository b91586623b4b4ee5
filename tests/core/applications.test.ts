// Applications to programmes through the host contract, against the embedded server: a mentor's
// application goes up through their private database to the hub, the decision comes back down.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CriteriaField } from '../../shared/domain';
import { startAppHarness } from '../support/app-harness';
import type { AppHarness } from '../support/app-harness';

const criteria: CriteriaField[] = [
  { id: 'motivation', label: 'Why this programme?', type: 'longText', required: true },
  { id: 'years', label: 'Years of experience', type: 'number', required: true, min: 1, max: 40 },
  { id: 'remote', label: 'Can you meet online?', type: 'yesNo', required: true },
  {
    id: 'track',
    label: 'Track',
    type: 'singleChoice',
    required: true,
    options: ['Frontend', 'Backend'],
  },
  {
    id: 'days',
    label: 'Days you can mentor',
    type: 'multipleChoice',
    required: false,
    options: ['Mon', 'Wed', 'Fri'],
  },
];

const goodAnswers = {
  motivation: 'I like helping people start.',
  years: 6,
  remote: true,
  track: 'Frontend',
  days: ['Mon', 'Fri'],
};

const refusal = (code: string, message?: RegExp) => ({
  ok: false,
  error:
    message === undefined ? { code } : { code, message: expect.stringMatching(message) as unknown },
});

describe('applications', () => {
  let app: AppHarness;
  let programmeId = '';
  let firstApplicationId = '';
  let secondApplicationId = '';
  let goId = '';

  beforeAll(async () => {
    app = await startAppHarness();
    await app.account('admin', 'admin');
    await app.account('manager1', 'manager');
    await app.account('manager2', 'manager');
    await app.account('mentor01', 'mentor');
    await app.account('mentor02', 'mentor');
    await app.signIn('admin');
    goId = (await app.call('referenceLists.add', { list: 'techStack', name: 'Go' })).id;
    await app.synced();
    await app.signIn('manager1');
    programmeId = (
      await app.call('programmes.create', { name: 'Backend 2025', description: '', criteria })
    ).id;
    await app.synced();
  });
  afterAll(async () => {
    await app.close();
  });

  it('a mentor applies once, with answers checked question by question', async () => {
    await app.signIn('mentor01');
    await app.until('programmes.detail', { programmeId }, (v) => v?.can.apply === true);

    const invalid = await app.attempt('applications.apply', {
      programmeId,
      answers: { years: 80, remote: 'maybe', track: 'Design', surprise: 1 },
    });
    expect(invalid).toMatchObject(refusal('invalid_input', /5 answers need attention/));
    if (!invalid.ok) {
      expect(invalid.error.issues).toEqual(
        expect.arrayContaining([
          { path: 'motivation', message: 'This question needs an answer.' },
          { path: 'years', message: 'Your answer is at most 40.' },
          { path: 'remote', message: 'Answer yes or no.' },
          { path: 'track', message: 'Choose one of the options.' },
          { path: 'surprise', message: 'No such question.' },
        ]),
      );
    }

    const application = await app.call('applications.apply', { programmeId, answers: goodAnswers });
    firstApplicationId = application.id;
    expect(application).toMatchObject({
      status: 'pending',
      userId: 'mentor01',
      answers: goodAnswers,
    });
    expect(
      await app.attempt('applications.apply', { programmeId, answers: goodAnswers }),
    ).toMatchObject(
      refusal('conflict', /applied to “Backend 2025” already: your application is waiting/),
    );

    const [mine] = await app.until('applications.mine', {}, (v) => v.length === 1);
    expect(mine).toMatchObject({
      application: { id: application.id, status: 'pending' },
      programme: { id: programmeId, name: 'Backend 2025' },
      decidedBy: null,
    });
    const detail = await app.until(
      'programmes.detail',
      { programmeId },
      (v) => v?.myApplication?.id === application.id,
    );
    expect(detail?.can.apply).toBe(false);
    expect(detail?.applications.map((view) => view.application.id)).toEqual([application.id]);

    expect(
      await app.attempt('applications.decide', {
        applicationId: application.id,
        decision: 'approved',
      }),
    ).toMatchObject(refusal('forbidden'));
    await app.synced();

    await app.signIn('mentor02');
    secondApplicationId = (
      await app.call('applications.apply', {
        programmeId,
        answers: { motivation: 'Curious.', years: 2, remote: false, track: 'Backend' },
      })
    ).id;
    // Mentor onboarding details wait in the same inbox.
    await app.call('userDetails.submit', {
      previousRoles: ['Backend developer'],
      previousProgrammes: [],
      yearsOfTechnicalExperience: 2,
      beenMentorBefore: false,
      technicalProficiency: [goId],
    });
    expect(await app.first('applications.inbox', {})).toEqual({ applications: [], details: [] });
    await app.synced();
  });

  it('managers and admins may not apply', async () => {
    await app.signIn('manager2');
    expect(
      await app.attempt('applications.apply', { programmeId, answers: goodAnswers }),
    ).toMatchObject(refusal('forbidden', /manager may not apply to a programme/));
  });

  it('only the programme’s managers see and decide its applications', async () => {
    // manager2 has the hub's applications, but this programme is not theirs.
    await app.signIn('manager2');
    await app.until('programmes.list', {}, (v) => v[0]?.pendingApplicationCount === 2);
    expect((await app.first('applications.inbox', {})).applications).toEqual([]);
    expect(
      await app.attempt('applications.decide', {
        applicationId: firstApplicationId,
        decision: 'approved',
      }),
    ).toMatchObject(refusal('forbidden'));

    await app.signIn('manager1');
    const inbox = await app.until('applications.inbox', {}, (v) => v.applications.length === 2);
    expect(inbox.applications.map((view) => view.applicant.id)).toEqual(['mentor01', 'mentor02']);
    expect(inbox.applications[0]?.programme).toMatchObject({ id: programmeId, criteria });
    const details = await app.until('applications.inbox', {}, (v) => v.details.length === 1);
    expect(details.details[0]).toMatchObject({
      person: { id: 'mentor02', name: 'mentor02' },
      techStacks: ['Go'],
      details: { status: 'submitted', yearsOfTechnicalExperience: 2 },
    });
    const [summary] = await app.first('programmes.list', {});
    expect(summary?.pendingApplicationCount).toBe(2);
  });

  it('approving makes the applicant a mentor of the programme; a decision is made once', async () => {
    const approved = await app.call('applications.decide', {
      applicationId: firstApplicationId,
      decision: 'approved',
      note: 'Welcome aboard.',
    });
    expect(approved).toMatchObject({
      status: 'approved',
      decidedBy: 'manager1',
      decisionNote: 'Welcome aboard.',
    });
    expect(approved.decidedAt).toEqual(expect.any(String));
    expect(
      await app.attempt('applications.decide', {
        applicationId: firstApplicationId,
        decision: 'declined',
      }),
    ).toMatchObject(refusal('conflict', /was approved/));

    const declined = await app.call('applications.decide', {
      applicationId: secondApplicationId,
      decision: 'declined',
      note: 'Not this time: we need more experience.',
    });
    expect(declined).toMatchObject({
      status: 'declined',
      decidedBy: 'manager1',
      decisionNote: 'Not this time: we need more experience.',
    });

    const detail = await app.until(
      'programmes.detail',
      { programmeId },
      (v) => v?.members.some((member) => member.person.id === 'mentor01') === true,
    );
    expect(
      detail?.members.find((member) => member.person.id === 'mentor01')?.membership,
    ).toMatchObject({ role: 'mentor', createdBy: 'manager1' });
    expect(detail?.members.some((member) => member.person.id === 'mentor02')).toBe(false);
    expect((await app.first('applications.inbox', {})).applications).toEqual([]);
    await app.synced();
  });

  it('the applicants see the decisions on their own machines', async () => {
    await app.signIn('mentor01');
    const [mine] = await app.until(
      'applications.mine',
      {},
      (v) => v[0]?.application.status === 'approved',
    );
    expect(mine).toMatchObject({
      decidedBy: { id: 'manager1' },
      application: { decisionNote: 'Welcome aboard.' },
    });
    const [summary] = await app.until('programmes.list', { mine: true }, (v) => v.length === 1);
    expect(summary).toMatchObject({ myRole: 'mentor', myApplication: { status: 'approved' } });
    expect(
      await app.attempt('applications.apply', { programmeId, answers: goodAnswers }),
    ).toMatchObject(refusal('conflict', /in “Backend 2025” already/));

    await app.signIn('mentor02');
    const [declined] = await app.until(
      'applications.mine',
      {},
      (v) => v[0]?.application.status === 'declined',
    );
    expect(declined?.application.decisionNote).toBe('Not this time: we need more experience.');
    // After a decline, a new application is welcome.
    const again = await app.call('applications.apply', {
      programmeId,
      answers: { motivation: 'Three more years now.', years: 5, remote: true, track: 'Backend' },
    });
    expect(again.status).toBe('pending');
    expect(await app.first('applications.mine', {})).toHaveLength(2);
    await app.synced();
  });

  it('no applications to a completed or archived programme; nothing decided once archived', async () => {
    await app.signIn('manager1');
    await app.until('applications.inbox', {}, (v) => v.applications.length === 1);
    await app.call('programmes.complete', { programmeId });
    await app.synced();

    await app.signIn('mentor02');
    await app.until(
      'programmes.detail',
      { programmeId },
      (v) => v?.programme.status === 'completed',
    );
    expect(
      await app.attempt('applications.apply', { programmeId, answers: goodAnswers }),
    ).toMatchObject(refusal('conflict'));

    await app.signIn('admin');
    const pending = await app.until('applications.inbox', {}, (v) => v.applications.length === 1);
    await app.call('programmes.archive', { programmeId });
    expect(
      (await app.until('applications.inbox', {}, (v) => v.applications.length === 0)).applications,
    ).toEqual([]);
    expect(
      await app.attempt('applications.decide', {
        applicationId: pending.applications[0]?.application.id ?? '',
        decision: 'approved',
      }),
    ).toMatchObject(refusal('conflict', /archived: it is read-only/));
  });
});
