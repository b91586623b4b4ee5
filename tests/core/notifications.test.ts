// Notifications end to end: each event's command on one installation, the server carrying the
// notification from the sender's private database to the recipient's, and the notification centre
// on the recipient's other installations — exactly one per person per event, for the right people.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NotificationCentre } from '../../shared/contract';
import type { NotificationDoc, NotificationKind } from '../../shared/schema';
import type { CollectionName } from '../../shared/schema';
import { databaseOf, personScope } from '../../shared/sync/layout';
import type { EmbeddedServer } from '../../server/embedded/startEmbeddedServer';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CommandName, InputOf, LiveQueryName, ResultOf } from '../../shared/contract';
import { startRemoteHost } from '../sync/remote-host';
import type { RemoteHost } from '../sync/remote-host';
import {
  T0,
  createAccount,
  http,
  passwordOf,
  place,
  startTestServer,
  waitFor,
} from '../server/harness';

const people = {
  admin: ['admin', 'Ada Admin'],
  admin2: ['admin', 'Abe Admin'],
  manager1: ['manager', 'Maya Manager'],
  manager2: ['manager', 'Max Manager'],
  manager3: ['manager', 'Mo Manager'],
  mentor01: ['mentor', 'Ana Mentor'],
  mentor02: ['mentor', 'Bea Mentor'],
  mentor03: ['mentor', 'Cleo Mentor'],
} as const;
type Person = keyof typeof people;
const everyone = Object.keys(people) as Person[];

let server: EmbeddedServer;
/**
 * Installations, each in its own process (RxDB opens at most 13 collections per process): manager1's,
 * admin's, mentor01's two and mentor03's.
 */
let manager: Machine;
let admin: Machine;
let mentorA: Machine;
let mentorB: Machine;
let spare: Machine;
const machines: Machine[] = [];

interface Machine extends RemoteHost {
  /** A command that must succeed. */
  ok<N extends CommandName>(name: N, input: InputOf<N>): Promise<ResultOf<N>>;
  /** Polls a live query until its answer passes `check`. */
  until<N extends LiveQueryName>(
    name: N,
    input: InputOf<N>,
    check: (value: ResultOf<N>) => boolean,
    timeoutMs?: number,
  ): Promise<ResultOf<N>>;
}

const machine = async (person: Person): Promise<Machine> => {
  const remote = await startRemoteHost({
    dataDir: mkdtempSync(join(tmpdir(), 'mmm-notify-')),
    serverUrl: server.url,
    username: person,
    password: passwordOf(person),
  });
  await remote.synced();
  const helpers: Pick<Machine, 'ok' | 'until'> = {
    ok: async <N extends CommandName>(name: N, input: InputOf<N>) => {
      const result = await remote.call(name, input);
      if (!result.ok) throw new Error(`${name}: ${result.error.message}`);
      return result.value;
    },
    until: async <N extends LiveQueryName>(
      name: N,
      input: InputOf<N>,
      check: (value: ResultOf<N>) => boolean,
      timeoutMs = 20_000,
    ) => {
      const deadline = Date.now() + timeoutMs;
      let last: ResultOf<N> | undefined;
      while (Date.now() < deadline) {
        last = await remote.first(name, input);
        if (check(last)) return last;
        await new Promise((resolve) => setTimeout(resolve, 150));
      }
      throw new Error(`${name} never matched on ${person}'s machine: ${JSON.stringify(last)}`);
    },
  };
  const started = Object.assign(remote, helpers);
  machines.push(started);
  return started;
};

const write = async (collection: CollectionName, doc: object) => {
  const { id, ...rest } = doc as { id: string };
  const answer = await place(server, 'server-admin', collection, { _id: id, ...rest });
  if (answer.status !== 201) throw new Error(`Seeding ${collection}: ${JSON.stringify(answer)}`);
};

/** The notifications addressed to a person, as their own database on the server has them. */
const delivered = async (person: Person): Promise<NotificationDoc[]> => {
  const answer = await http(
    server,
    'server-admin',
    'GET',
    `/${databaseOf(personScope(person))}/_all_docs?include_docs=true`,
  );
  const rows = (answer.body.rows ?? []) as { doc?: NotificationDoc & { _id: string } }[];
  return rows
    .map((row) => row.doc)
    .filter(
      (doc): doc is NotificationDoc & { _id: string } =>
        doc?._id.startsWith('notifications:') === true && doc.recipientId === person,
    );
};

/**
 * Waits until each recipient has their number of notifications of this kind about this entity on
 * the server (a list: one each), and checks that nobody has more and nobody else has any.
 */
const isList = (
  value: readonly Person[] | Partial<Record<Person, number>>,
): value is readonly Person[] => Array.isArray(value);

const expectDelivered = async (
  kind: NotificationKind,
  entityId: string,
  recipients: readonly Person[] | Partial<Record<Person, number>>,
) => {
  const counts: Partial<Record<Person, number>> = isList(recipients)
    ? Object.fromEntries(recipients.map((person) => [person, 1]))
    : recipients;
  const about = (doc: NotificationDoc) =>
    doc.kind === kind && (doc.link?.id ?? doc.event) === entityId;
  await waitFor(
    `${kind} for ${Object.keys(counts).join(', ')}`,
    async () => {
      for (const [person, count] of Object.entries(counts)) {
        if ((await delivered(person as Person)).filter(about).length < count) return false;
      }
      return true;
    },
    15_000,
  );
  for (const person of everyone) {
    const mine = (await delivered(person)).filter(about);
    expect(mine.length, `${kind} notifications for ${person}`).toBe(counts[person] ?? 0);
  }
};

const centreShows = (app: Machine, check: (centre: NotificationCentre) => boolean) =>
  app.until('notifications.centre', {}, check, 20_000);

beforeAll(async () => {
  server = await startTestServer();
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
      createdAt: T0,
      updatedAt: T0,
    });
  }
  await write('programmes', {
    id: 'alpha',
    name: 'Alpha',
    description: '',
    createdBy: 'manager1',
    status: 'active',
    dateCreated: T0,
    criteria: [],
    createdAt: T0,
    updatedAt: T0,
  });
  for (const [userId, role] of [
    ['manager2', 'manager'],
    ['mentor01', 'mentor'],
    ['mentor02', 'mentor'],
  ] as const) {
    await write('programmeMembers', {
      id: `alpha~${userId}`,
      programmeId: 'alpha',
      userId,
      role,
      createdBy: 'manager1',
      createdAt: T0,
      updatedAt: T0,
    });
  }
  manager = await machine('manager1');
  admin = await machine('admin');
  mentorA = await machine('mentor01');
  mentorB = await machine('mentor01');
  spare = await machine('mentor03');
}, 120_000);

afterAll(async () => {
  for (const app of machines) await app.close();
  await server.close();
});

describe('notifications', () => {
  let taskId = '';

  it('a task assigned tells its new assignees, on every machine of theirs, once', async () => {
    const task = await manager.ok('tasks.create', {
      programmeId: 'alpha',
      title: 'Review the syllabus',
      description: '',
      assignees: ['mentor01', 'manager1'],
    });
    taskId = task.id;
    // manager1 assigned it to themselves too: nobody hears of their own action.
    await expectDelivered('task_assigned', task.id, ['mentor01']);
    for (const app of [mentorA, mentorB]) {
      const centre = await centreShows(app, (c) =>
        c.items.some((i) => i.path === `/tasks/${task.id}`),
      );
      expect(centre.items.filter((i) => i.kind === 'task_assigned')).toHaveLength(1);
      expect(centre.items[0]).toMatchObject({
        title: 'New task for you: Review the syllabus',
        read: false,
        fromName: 'Maya Manager',
        category: 'tasks',
      });
      expect(centre.unread).toBe(1);
    }
    // The sender's machine holds what it sent, but it is not in the sender's bell.
    expect((await manager.first('notifications.centre', {})).items).toEqual([]);
  });

  it('read on one machine is read on the other', async () => {
    const centre = await mentorA.first('notifications.centre', {});
    const id = centre.items[0]?.id ?? '';
    await mentorA.ok('notifications.markRead', { notificationId: id });
    expect((await mentorA.first('notifications.centre', {})).unread).toBe(0);
    await centreShows(mentorB, (c) => c.unread === 0 && c.items[0]?.read === true);
    // Someone else's notification is not theirs to mark.
    expect(await manager.call('notifications.markRead', { notificationId: id })).toMatchObject({
      ok: false,
    });
  });

  it('a reassignment tells only who is new on the task', async () => {
    await manager.ok('tasks.assign', { taskId, assignees: ['mentor01', 'mentor02'] });
    await expectDelivered('task_assigned', taskId, ['mentor01', 'mentor02']);
    // Taken off and given it again: a new assignment, a second notification.
    await manager.ok('tasks.assign', { taskId, assignees: ['mentor02'] });
    await manager.ok('tasks.assign', { taskId, assignees: ['mentor02', 'mentor01'] });
    await expectDelivered('task_assigned', taskId, { mentor01: 2, mentor02: 1 });
  });

  it('a completed task tells its programme’s managers', async () => {
    await mentorA.ok('tasks.setStatus', { taskId, status: 'in_progress' });
    await mentorA.ok('tasks.setStatus', { taskId, status: 'completed' });
    await expectDelivered('task_completed', taskId, ['manager1', 'manager2']);
    const centre = await centreShows(manager, (c) =>
      c.items.some((i) => i.kind === 'task_completed'),
    );
    expect(centre.items[0]).toMatchObject({
      title: 'Task completed: Review the syllabus',
      body: 'Ana Mentor marked it completed.',
    });
  });

  it('a task completed offline on two machines is one completion and one notification', async () => {
    const task = await manager.ok('tasks.create', {
      programmeId: 'alpha',
      title: 'Write the wrap-up',
      description: '',
      assignees: ['mentor01'],
    });
    await mentorA.until('notifications.centre', {}, (c) =>
      c.items.some((i) => i.path === `/tasks/${task.id}`),
    );
    await mentorA.ok('tasks.setStatus', { taskId: task.id, status: 'in_progress' });
    await mentorA.synced();
    await mentorB.until('notifications.centre', {}, () => true);
    await waitFor('the start on the second machine', async () => {
      const dump = await mentorB.dump();
      return dump.tasks.some((t) => t['id'] === task.id && t['status'] === 'in_progress');
    });
    await mentorA.network(false);
    await mentorB.network(false);
    await mentorA.ok('tasks.setStatus', { taskId: task.id, status: 'completed' });
    await mentorB.ok('tasks.setStatus', { taskId: task.id, status: 'completed' });
    await mentorA.network(true);
    await mentorB.network(true);
    await mentorA.synced();
    await mentorB.synced();
    await expectDelivered('task_completed', task.id, ['manager1', 'manager2']);
  });

  it('a submitted report tells the programme’s managers, made offline too', async () => {
    await mentorB.ok('sync.pause', {});
    const report = await mentorB.ok('reports.write', {
      type: 'programme',
      programmeId: 'alpha',
      title: 'Week 1',
      achievements: 'Met everyone.',
      blockers: '',
      recommendations: '',
      submit: true,
    });
    expect(await delivered('manager1')).not.toContainEqual(
      expect.objectContaining({ kind: 'report_submitted' }),
    );
    await mentorB.ok('sync.resume', {});
    await expectDelivered('report_submitted', report.id, ['manager1', 'manager2']);
  });

  it('an application tells the managers; its decision tells the applicant', async () => {
    const application = await spare.ok('applications.apply', {
      programmeId: 'alpha',
      answers: {},
    });
    await expectDelivered('application_received', application.id, ['manager1', 'manager2']);
    await centreShows(manager, (c) => c.items.some((i) => i.kind === 'application_received'));
    await manager.ok('applications.decide', {
      applicationId: application.id,
      decision: 'approved',
    });
    await expectDelivered('application_decided', application.id, ['mentor03']);
    const centre = await centreShows(spare, (c) =>
      c.items.some((i) => i.kind === 'application_decided'),
    );
    expect(centre.items[0]).toMatchObject({
      title: 'Your application to Alpha was approved',
      path: '/applications',
    });
  });

  it('approved mentor details tell their mentor', async () => {
    const details = await spare.ok('userDetails.submit', {
      previousRoles: [],
      previousProgrammes: [],
      yearsOfTechnicalExperience: 3,
      beenMentorBefore: false,
      technicalProficiency: [],
    });
    await admin.until('userDetails.list', {}, (list) =>
      list.some((entry) => entry.details.id === details.id),
    );
    await admin.ok('userDetails.approve', { userDetailsId: details.id });
    await expectDelivered('details_decided', details.id, ['mentor03']);
  });

  it('an approved, then revoked certificate tells its mentor each time', async () => {
    const { batchId } = await manager.ok('certificates.generate', {
      programmeId: 'alpha',
      userIds: ['mentor02'],
      validForYears: 2,
      pageSize: 'A4',
    });
    await manager.until('certificates.batch', { batchId }, (b) => b?.state === 'done', 60_000);
    await manager.synced();
    const pending = await admin.until(
      'certificates.awaitingApproval',
      {},
      (list) => list.length > 0,
    );
    const certificateId = pending[0]?.certificate.id ?? '';
    await admin.ok('certificates.approve', { certificateId });
    await expectDelivered('certificate_approved', certificateId, ['mentor02']);
    await admin.ok('certificates.revoke', { certificateId, reason: 'Issued by mistake' });
    await expectDelivered('certificate_revoked', certificateId, ['mentor02']);
  }, 90_000);

  it('a broadcast tells everyone but its sender, and only an admin broadcasts', async () => {
    expect(
      await manager.call('notifications.broadcast', { title: 'Hi', body: 'All of you' }),
    ).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const sent = await admin.ok('notifications.broadcast', {
      title: 'Welcome back',
      body: 'Term starts Monday.',
    });
    expect(sent).toBe(everyone.length - 1);
    const notice = (await delivered('mentor01')).length;
    expect(notice).toBeGreaterThan(0);
    await waitFor('the broadcast everywhere', async () => {
      for (const person of everyone.filter((p) => p !== 'admin')) {
        if (!(await delivered(person)).some((doc) => doc.kind === 'broadcast')) return false;
      }
      return true;
    });
    expect((await delivered('admin')).some((doc) => doc.kind === 'broadcast')).toBe(false);
    await centreShows(mentorB, (c) => c.items.some((i) => i.title === 'Welcome back'));
  });

  it('mark all read, and preferences: off hides a category, kept on the profile', async () => {
    expect(await mentorA.ok('notifications.markAllRead', {})).toBeGreaterThan(0);
    await centreShows(mentorB, (c) => c.unread === 0);
    await mentorA.ok('notifications.setDelivery', { category: 'tasks', delivery: 'off' });
    const centre = await centreShows(mentorB, (c) => c.preferences.tasks === 'off');
    expect(centre.items.some((i) => i.category === 'tasks')).toBe(false);
    expect(centre.items.some((i) => i.category === 'broadcasts')).toBe(true);
  });

  it('a programme made, a mentor added and a task assigned at once: the mentor still hears', async () => {
    // The server lists manager1's relation to the new programme a moment after the programme
    // reaches it; the notification, in the same sync, may come first and be refused: the app
    // sends it again by itself (electron/core/sync/relation-retries.ts), so nothing is left over.
    const fresh = await manager.ok('programmes.create', {
      name: 'Fresh',
      description: '',
      criteria: [],
    });
    await manager.ok('programmeMembers.add', {
      programmeId: fresh.id,
      userId: 'mentor02',
      role: 'mentor',
    });
    const task = await manager.ok('tasks.create', {
      programmeId: fresh.id,
      title: 'Right away',
      description: '',
      assignees: ['mentor02'],
    });
    await expectDelivered('task_assigned', task.id, ['mentor02']);
    expect(
      (await manager.issues()).filter((issue) => issue.collection === 'notifications'),
    ).toEqual([]);
  });
});
