// Tasks through the host contract, against the embedded server: who may create, assign, start and
// complete them, and who sees which.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TaskList } from '../../shared/contract';
import type { TaskDoc } from '../../shared/schema';
import { databaseName } from '../../shared/sync/database-names';
import type { EmbeddedServer } from '../../server/embedded/startEmbeddedServer';
import { startAppHarness } from '../support/app-harness';
import type { AppHarness } from '../support/app-harness';
import { T0, createAccount, put, update } from '../server/harness';

interface SeededOrganisation {
  readonly alpha: string;
  readonly beta: string;
  readonly archived: string;
  archive(programmeId: string): Promise<void>;
}

const people = {
  admin: ['admin', 'Ada Admin'],
  manager1: ['manager', 'Maya Manager'],
  manager2: ['manager', 'Max Manager'],
  mentor01: ['mentor', 'Ada Mentor'],
  mentor02: ['mentor', 'Bea Mentor'],
  mentor03: ['mentor', 'Cleo Mentor'],
} as const;

/**
 * Accounts, profiles, programmes and memberships, written as the server admin: the programmes
 * feature's own commands are tested elsewhere. Alpha: manager1 with mentor01 and mentor02; Beta:
 * manager2 with mentor01 and mentor03; "Old times": manager1's archived programme.
 */
const seedOrganisation = async (server: EmbeddedServer): Promise<SeededOrganisation> => {
  const write = async (
    collection: Parameters<typeof databaseName>[0],
    doc: Record<string, unknown>,
  ) => {
    const answer = await put(server, 'server-admin', databaseName(collection), {
      _id: String(doc.id),
      ...Object.fromEntries(Object.entries(doc).filter(([key]) => key !== 'id')),
    });
    if (answer.status !== 201) throw new Error(`Seeding ${collection}: ${JSON.stringify(answer)}`);
  };
  const stamp = { createdAt: T0, updatedAt: T0 };
  for (const [id, [role, fullName]] of Object.entries(people)) {
    await createAccount(server, id, [role]);
    await write('users', {
      id,
      username: id,
      email: `${id}@example.org`,
      role,
      fullName,
      profileComplete: true,
      dateCreated: T0,
      ...stamp,
    });
  }
  const programme = async (
    id: string,
    name: string,
    createdBy: string,
    status: 'active' | 'archived',
    members: Record<string, 'manager' | 'mentor'>,
  ) => {
    await write('programmes', {
      id,
      name,
      description: '',
      createdBy,
      status,
      dateCreated: T0,
      criteria: [],
      ...(status === 'archived' ? { archivedBy: 'admin', dateArchived: T0 } : {}),
      ...stamp,
    });
    for (const [userId, role] of Object.entries({ [createdBy]: 'manager', ...members })) {
      await write('programmeMembers', {
        id: `${id}~${userId}`,
        programmeId: id,
        userId,
        role,
        createdBy,
        ...stamp,
      });
    }
    return id;
  };
  return {
    alpha: await programme('prog-alpha', 'Alpha', 'manager1', 'active', {
      mentor01: 'mentor',
      mentor02: 'mentor',
    }),
    beta: await programme('prog-beta', 'Beta', 'manager2', 'active', {
      mentor01: 'mentor',
      mentor03: 'mentor',
    }),
    archived: await programme('prog-old', 'Old times', 'manager1', 'archived', {}),
    archive: async (programmeId) => {
      const answer = await update(server, 'server-admin', databaseName('programmes'), programmeId, {
        status: 'archived',
        archivedBy: 'admin',
        dateArchived: new Date().toISOString(),
      });
      if (answer.status !== 201) throw new Error(`Archiving: ${JSON.stringify(answer)}`);
    },
  };
};

const titles = (list: TaskList) => list.rows.map((row) => row.title).sort();

describe('tasks', () => {
  let app: AppHarness;
  let org: SeededOrganisation;
  /** Made along the way and used by later tests (they run in order, in one harness). */
  const made: Record<string, TaskDoc> = {};

  beforeAll(async () => {
    app = await startAppHarness();
    org = await seedOrganisation(app.server);
  });
  afterAll(async () => {
    await app.close();
  });

  it('a manager creates tasks in a programme they manage: pending when assigned, else unassigned', async () => {
    await app.signIn('manager1');
    made.assigned = await app.call('tasks.create', {
      programmeId: org.alpha,
      title: 'Write the onboarding guide',
      description: 'For the new cohort.',
      assignees: ['mentor01', 'mentor01'],
      dueDate: '2025-03-01',
    });
    expect(made.assigned).toMatchObject({
      status: 'pending',
      assignees: ['mentor01'],
      createdBy: 'manager1',
      dueDate: '2025-03-01',
    });
    made.open = await app.call('tasks.create', {
      programmeId: org.alpha,
      title: 'Plan the demo day',
      description: '',
    });
    expect(made.open).toMatchObject({ status: 'unassigned', assignees: [] });
  });

  it('refuses assignees outside the programme, programmes the manager does not run, archived ones', async () => {
    const outsider = await app.attempt('tasks.create', {
      programmeId: org.alpha,
      title: 'Review',
      description: '',
      assignees: ['mentor01', 'mentor03'],
    });
    expect(outsider).toMatchObject({
      ok: false,
      error: {
        code: 'invalid_input',
        message: 'Cleo Mentor is not in “Alpha”: tasks go to its managers and mentors.',
        issues: [{ path: 'assignees' }],
      },
    });
    const notMine = await app.attempt('tasks.create', {
      programmeId: org.beta,
      title: 'Review',
      description: '',
    });
    expect(notMine).toMatchObject({
      ok: false,
      error: {
        code: 'forbidden',
        message: expect.stringContaining('a programme they created or manage') as unknown,
      },
    });
    const archived = await app.attempt('tasks.create', {
      programmeId: org.archived,
      title: 'Review',
      description: '',
    });
    expect(archived).toMatchObject({
      ok: false,
      error: { code: 'conflict', message: '“Old times” is archived: it is read-only.' },
    });
  });

  it('edits, assigns and reassigns; a started task given to someone else is pending again', async () => {
    const open = made.open!;
    const edited = await app.call('tasks.edit', {
      taskId: open.id,
      title: 'Plan the demo day (June)',
      dueDate: '2025-06-20',
    });
    expect(edited).toMatchObject({ title: 'Plan the demo day (June)', dueDate: '2025-06-20' });
    const cleared = await app.call('tasks.edit', { taskId: open.id, dueDate: null });
    expect(cleared.dueDate).toBeUndefined();

    const assigned = await app.call('tasks.assign', { taskId: open.id, assignees: ['mentor02'] });
    expect(assigned).toMatchObject({ status: 'pending', assignees: ['mentor02'] });
    const refused = await app.attempt('tasks.assign', { taskId: open.id, assignees: ['mentor03'] });
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid_input' } });

    // manager1 may start it too (they manage the programme); then it changes hands.
    await app.call('tasks.setStatus', { taskId: open.id, status: 'in_progress' });
    const reassigned = await app.call('tasks.assign', {
      taskId: open.id,
      assignees: ['mentor01'],
    });
    expect(reassigned).toMatchObject({ status: 'pending', assignees: ['mentor01'] });
    const unassigned = await app.call('tasks.assign', { taskId: open.id, assignees: [] });
    expect(unassigned).toMatchObject({ status: 'unassigned', assignees: [] });
    const notStartable = await app.attempt('tasks.setStatus', {
      taskId: open.id,
      status: 'in_progress',
    });
    expect(notStartable).toMatchObject({
      ok: false,
      error: { code: 'conflict', message: 'Assign the task to someone before it is started.' },
    });
    made.open = await app.call('tasks.assign', { taskId: open.id, assignees: ['mentor02'] });
    await app.synced();
  });

  it('a mentor starts and completes a task assigned to them, and nothing else', async () => {
    await app.signIn('mentor01');
    const assigned = made.assigned!;
    const early = await app.attempt('tasks.setStatus', {
      taskId: assigned.id,
      status: 'completed',
    });
    expect(early).toMatchObject({
      ok: false,
      error: { message: 'Start the task before marking it completed.' },
    });
    const started = await app.call('tasks.setStatus', {
      taskId: assigned.id,
      status: 'in_progress',
    });
    expect(started.status).toBe('in_progress');
    const completed = await app.call('tasks.setStatus', {
      taskId: assigned.id,
      status: 'completed',
    });
    expect(completed.status).toBe('completed');

    const others = await app.attempt('tasks.setStatus', {
      taskId: made.open!.id,
      status: 'in_progress',
    });
    expect(others).toMatchObject({
      ok: false,
      error: {
        code: 'forbidden',
        message: expect.stringContaining('This task is not assigned to you') as unknown,
      },
    });
    const create = await app.attempt('tasks.create', {
      programmeId: org.alpha,
      title: 'Mine',
      description: '',
    });
    expect(create).toMatchObject({
      ok: false,
      error: { code: 'forbidden', message: 'A mentor may not create a task.' },
    });
    const edit = await app.attempt('tasks.edit', { taskId: assigned.id, title: 'Renamed' });
    expect(edit).toMatchObject({
      ok: false,
      error: { code: 'forbidden', message: 'A mentor may not edit or delete a task.' },
    });
    const assign = await app.attempt('tasks.assign', {
      taskId: made.open!.id,
      assignees: ['mentor01'],
    });
    expect(assign).toMatchObject({
      ok: false,
      error: { code: 'forbidden', message: 'A mentor may not assign or reassign a task.' },
    });
    await app.synced();
  });

  it('a completed task no longer changes', async () => {
    await app.signIn('manager1');
    await app.until(
      'tasks.detail',
      { taskId: made.assigned!.id },
      (d) => d?.task.status === 'completed',
    );
    const edit = await app.attempt('tasks.edit', { taskId: made.assigned!.id, title: 'Again' });
    expect(edit).toMatchObject({ ok: false, error: { code: 'conflict' } });
    const assign = await app.attempt('tasks.assign', {
      taskId: made.assigned!.id,
      assignees: ['mentor02'],
    });
    expect(assign).toMatchObject({ ok: false, error: { code: 'conflict' } });
  });

  it('lists what each role may see, newest first, by programme, status and assignee', async () => {
    await app.signIn('manager2');
    made.beta = await app.call('tasks.create', {
      programmeId: org.beta,
      title: 'Beta kickoff',
      description: '',
      assignees: ['mentor01', 'mentor03'],
    });
    const manager2 = await app.until('tasks.list', {}, (list) => list.rows.length === 1);
    expect(titles(manager2)).toEqual(['Beta kickoff']);
    expect(manager2.programmes).toEqual({ [org.beta]: 'Beta' });
    expect(manager2.people).toMatchObject({ mentor01: 'Ada Mentor', mentor03: 'Cleo Mentor' });
    expect(manager2.canCreate).toBe(true);
    await app.synced();

    await app.signIn('admin');
    const all = await app.until('tasks.list', {}, (list) => list.rows.length === 3);
    expect(all.rows.map((row) => row.title)).toEqual([
      'Beta kickoff',
      'Plan the demo day (June)',
      'Write the onboarding guide',
    ]);
    expect(Object.keys(all.programmes).sort()).toEqual([org.alpha, org.archived, org.beta].sort());
    const alphaOnly = await app.first('tasks.list', { programmeId: org.alpha });
    expect(titles(alphaOnly)).toEqual(['Plan the demo day (June)', 'Write the onboarding guide']);
    const completed = await app.first('tasks.list', {
      programmeId: org.alpha,
      status: 'completed',
    });
    expect(titles(completed)).toEqual(['Write the onboarding guide']);
    const byStatus = await app.first('tasks.list', { status: 'pending' });
    expect(titles(byStatus)).toEqual(['Beta kickoff', 'Plan the demo day (June)']);
    const forMentor01 = await app.first('tasks.list', { assignee: 'mentor01' });
    expect(titles(forMentor01)).toEqual(['Beta kickoff', 'Write the onboarding guide']);

    await app.signIn('manager1');
    const manager1 = await app.first('tasks.list', {});
    expect(titles(manager1)).toEqual(['Plan the demo day (June)', 'Write the onboarding guide']);

    await app.signIn('mentor01');
    const mentor01 = await app.first('tasks.list', {});
    expect(titles(mentor01)).toEqual(['Beta kickoff', 'Write the onboarding guide']);
    expect(mentor01.canCreate).toBe(false);
    const shared = await app.first('tasks.list', { assignee: 'mentor03' });
    expect(titles(shared)).toEqual(['Beta kickoff']);
    expect(await app.first('tasks.detail', { taskId: made.open!.id })).toBeNull();
  });

  it('the detail says what the caller may do', async () => {
    await app.signIn('mentor02');
    const mine = await app.first('tasks.detail', { taskId: made.open!.id });
    expect(mine?.can).toEqual({
      edit: false,
      assign: false,
      updateStatus: true,
      reopen: false,
      writeReport: true,
    });
    expect(mine?.assignees).toEqual([{ id: 'mentor02', name: 'Bea Mentor' }]);
    expect(mine?.programme).toEqual({ id: org.alpha, name: 'Alpha', status: 'active' });
    expect(mine?.createdBy).toEqual({ id: 'manager1', name: 'Maya Manager' });

    await app.signIn('manager1');
    const managed = await app.first('tasks.detail', { taskId: made.open!.id });
    // Managers of the programme report on its tasks too (the rule reports.write applies).
    expect(managed?.can).toEqual({
      edit: true,
      assign: true,
      updateStatus: true,
      reopen: false,
      writeReport: true,
    });
    expect(managed?.candidates.map((person) => person.id)).toEqual([
      'mentor01',
      'mentor02',
      'manager1',
    ]);
    const done = await app.first('tasks.detail', { taskId: made.assigned!.id });
    // A completed task is fixed, but work done is still reported on.
    expect(done?.can).toEqual({
      edit: false,
      assign: false,
      updateStatus: false,
      reopen: true,
      writeReport: true,
    });
    const choices = await app.first('tasks.creatable', {});
    expect(choices.map((choice) => choice.name)).toEqual(['Alpha']);

    await app.signIn('admin');
    const asAdmin = await app.first('tasks.detail', { taskId: made.beta!.id });
    expect(asAdmin?.can).toMatchObject({ edit: true, assign: true, updateStatus: true });
    expect(asAdmin?.task.title).toBe('Beta kickoff');
  });

  it('a task of a programme archived later is read-only', async () => {
    await org.archive(org.beta);
    await app.until(
      'tasks.detail',
      { taskId: made.beta!.id },
      (d) => d?.programme.status === 'archived',
    );
    const detail = await app.first('tasks.detail', { taskId: made.beta!.id });
    expect(detail?.can).toEqual({
      edit: false,
      assign: false,
      updateStatus: false,
      reopen: false,
      writeReport: false,
    });
    const refused = await app.attempt('tasks.setStatus', {
      taskId: made.beta!.id,
      status: 'in_progress',
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'conflict' } });
  });
  it('a completed task: its managers reopen it; its assignee may only take it back at once', async () => {
    await app.signIn('manager1');
    const task = await app.call('tasks.create', {
      programmeId: org.alpha,
      title: 'Record the demo',
      description: '',
      assignees: ['mentor01'],
    });
    await app.synced();
    await app.signIn('mentor01');
    await app.call('tasks.setStatus', { taskId: task.id, status: 'in_progress' });
    await app.call('tasks.setStatus', { taskId: task.id, status: 'completed' });
    // Marked completed by mistake: the undo right after is a reopen the assignee may make.
    const undone = await app.call('tasks.reopen', { taskId: task.id });
    expect(undone.status).toBe('in_progress');
    expect(await app.attempt('tasks.reopen', { taskId: task.id })).toMatchObject({
      ok: false,
      error: { code: 'conflict' },
    });
    await app.call('tasks.setStatus', { taskId: task.id, status: 'completed' });
    await app.synced();

    // Another mentor of the programme may not, undo window or not.
    await app.signIn('mentor02');
    await app.until('tasks.list', {}, () => true);
    expect(await app.attempt('tasks.reopen', { taskId: task.id })).toMatchObject({
      ok: false,
      error: {
        code: 'forbidden',
        message: 'Only the programme’s managers can reopen a completed task.',
      },
    });
    await app.signIn('mentor01');
    // A completion from long ago (written as the server had it): too late for the assignee...
    const old = { ...task, id: 'task-done-long-ago', title: 'Done long ago', status: 'completed' };
    const { id: _id, ...fields } = old;
    const seeded = await put(app.server, 'server-admin', databaseName('tasks'), {
      _id: old.id,
      ...fields,
      updatedAt: T0,
    });
    expect(seeded.status).toBe(201);
    await app.until('tasks.detail', { taskId: old.id }, (detail) => detail !== null);
    expect(await app.attempt('tasks.reopen', { taskId: old.id })).toMatchObject({
      ok: false,
      error: {
        code: 'forbidden',
        message: 'It is too late to undo: ask one of the programme’s managers to reopen the task.',
      },
    });
    // ...and the server agrees when a modified app writes it anyway.
    const sneaky = await update(app.server, 'mentor01', databaseName('tasks'), old.id, {
      status: 'in_progress',
      updatedAt: new Date().toISOString(),
    });
    expect(sneaky.status).toBe(403);
    expect(JSON.stringify(sneaky.body)).toMatch(/mentor may not reopen a completed task/);

    // Its managers reopen it whenever they like.
    await app.signIn('manager1');
    const detail = await app.until('tasks.detail', { taskId: old.id }, (value) => value !== null);
    expect(detail?.can.reopen).toBe(true);
    expect((await app.call('tasks.reopen', { taskId: old.id })).status).toBe('in_progress');
    await app.synced();
  });
});
