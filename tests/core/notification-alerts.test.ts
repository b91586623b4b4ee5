// Desktop alerts and open requests on one installation: what arrives by sync is announced once, in
// the categories the person wants on the desktop; what was there before is not; a click opens it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NotificationAlert } from '../../shared/contract';
import { buildNotification, notificationKindRules } from '../../shared/domain';
import { programmeRelationsIn } from '../../shared/domain/notifications';
import type { NotificationKind } from '../../shared/schema';
import { couchIdOf, databaseOf, personScope } from '../../shared/sync/layout';
import { startAppHarness } from '../support/app-harness';
import type { AppHarness } from '../support/app-harness';
import { programme } from '../server/docs';
import { T0, http, place, put, waitFor } from '../server/harness';

let app: AppHarness;
let sent = 0;

/** manager1 notifies mentor01 through the server, as manager1's machine would. */
const notifyMentor = async (kind: NotificationKind, title: string) => {
  sent += 1;
  const { id, ...doc } = buildNotification(
    {
      recipientId: 'mentor01',
      kind,
      entityId: `e${sent}`,
      event: 'x',
      title,
      // manager1 runs p1: the server takes their notices about it (its relation rule).
      ...(notificationKindRules[kind].programme === null ? {} : { programmeId: 'p1' }),
    },
    'manager1',
    T0,
  );
  const answer = await put(app.server, 'manager1', databaseOf(personScope('manager1')), {
    _id: couchIdOf('notifications', id),
    ...doc,
  });
  expect(answer.status).toBe(201);
  return id;
};

const context = { transport: 'memory' } as const;

beforeAll(async () => {
  app = await startAppHarness();
  await app.account('manager1', 'manager');
  await app.account('mentor01', 'mentor');
  const profile = await place(app.server, 'server-admin', 'users', {
    _id: 'mentor01',
    username: 'mentor01',
    email: 'mentor01@example.org',
    role: 'mentor',
    profileComplete: false,
    dateCreated: T0,
    createdAt: T0,
    updatedAt: T0,
  });
  expect(profile.status).toBe(201);
  expect(
    (await place(app.server, 'manager1', 'programmes', programme('p1', 'manager1'))).status,
  ).toBe(201);
  await waitFor('manager1’s relation to p1', async () => {
    const path = `/${databaseOf(personScope('manager1'))}/_security`;
    const security = (await http(app.server, 'server-admin', 'GET', path)).body;
    return programmeRelationsIn(security).manages.includes('p1');
  });
}, 60_000);

afterAll(async () => {
  await app.close();
});

describe('notification alerts', () => {
  it('announce what arrives by sync, once, and not what was there before', async () => {
    const before = await notifyMentor('task_assigned', 'Before you signed in');
    await app.signIn('mentor01');
    await app.until('notifications.centre', {}, (c) => c.items.some((i) => i.id === before));
    const seen: NotificationAlert[][] = [];
    const stop = app.host.watch('notifications.alerts', {}, context, (result) => {
      if (result.ok) seen.push([...(result.value as NotificationAlert[])]);
    });
    const arrived = await notifyMentor('task_assigned', 'Arrived by sync');
    await app.until('notifications.centre', {}, (c) => c.items.some((i) => i.id === arrived));
    await new Promise((resolve) => setTimeout(resolve, 300));
    stop();
    expect(seen[0]).toEqual([]);
    const announced = seen.flat();
    expect(announced).toEqual([
      { id: arrived, title: 'Arrived by sync', body: '', path: '/tasks/e2' },
    ]);
  });

  it('leave out the categories the person keeps in the app or off', async () => {
    await app.call('notifications.setDelivery', { category: 'reports', delivery: 'inApp' });
    const seen: NotificationAlert[] = [];
    const stop = app.host.watch('notifications.alerts', {}, context, (result) => {
      if (result.ok) seen.push(...(result.value as NotificationAlert[]));
    });
    const quiet = await notifyMentor('report_submitted', 'Only in the bell');
    const loud = await notifyMentor('task_completed', 'On the desktop');
    await app.until('notifications.centre', {}, (c) =>
      [quiet, loud].every((id) => c.items.some((i) => i.id === id)),
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    stop();
    expect(seen.map((alert) => alert.id)).toEqual([loud]);
  });

  it('a click opens its screen in the window and marks it read', async () => {
    const centre = await app.first('notifications.centre', {});
    const target = centre.items.find((i) => i.kind === 'task_completed');
    await app.call('notifications.open', { notificationId: target?.id ?? '' });
    const request = await app.first('notifications.openRequests', {});
    expect(request).toMatchObject({ sequence: 1, path: target?.path, notificationId: target?.id });
    expect(
      (await app.first('notifications.centre', {})).items.find((i) => i.id === target?.id)?.read,
    ).toBe(true);
  });
});
