// Issue 16's last rule, over HTTP against the embedded server: a notification about a programme's
// event is accepted only from someone with the relation its kind needs to that programme. The
// server lists each person's relations in their own database's `_security` (provisioning, and the
// follower as programmes and memberships change); validate_doc_update reads them there (secObj).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedServer } from '../../server/embedded/startEmbeddedServer';
import { provision } from '../../server/provision/provision';
import {
  PROGRAMME_RELATIONS_FIELD,
  programmeRelationsIn,
  type ProgrammeRelations,
} from '../../shared/domain/notifications';
import type { NotificationKind } from '../../shared/schema/notifications';
import { couchIdOf, databaseOf, orgScope, personScope } from '../../shared/sync/layout';
import { membership, notification, programme } from './docs';
import {
  ADMIN,
  createAccount,
  http,
  place,
  placeOf,
  put,
  startTestServer,
  update,
  waitFor,
  type Answer,
} from './harness';

let server: EmbeddedServer;
const ORG = databaseOf(orgScope);
const personDb = (name: string) => databaseOf(personScope(name));

const relationsOf = async (name: string): Promise<ProgrammeRelations> =>
  programmeRelationsIn(
    (await http(server, 'server-admin', 'GET', `/${personDb(name)}/_security`)).body,
  );

let sent = 0;
/** A notification `from` sends `to` about programme `programmeId`, written in their own database. */
const notify = async (
  from: string,
  to: string,
  kind: NotificationKind,
  programmeId: string,
): Promise<Answer> => {
  sent += 1;
  const doc = notification(`e${sent}`, from, to, kind, programmeId);
  return put(server, from, personDb(from), { ...doc, _id: couchIdOf('notifications', doc._id) });
};

const accepted = (answer: Answer) => expect(answer.status, JSON.stringify(answer.body)).toBe(201);
const refused = (answer: Answer, reason: RegExp) => {
  expect(answer.status).toBe(403);
  expect(String(answer.body['reason'])).toMatch(reason);
};

beforeAll(async () => {
  server = await startTestServer();
  for (const [name, role] of [
    ['admin1', 'admin'],
    ['manager1', 'manager'],
    ['manager2', 'manager'],
    ['mentor1', 'mentor'],
    ['mentor2', 'mentor'],
  ] as const) {
    await createAccount(server, name, [role]);
  }
  accepted(await place(server, 'manager1', 'programmes', programme('p1', 'manager1')));
  accepted(await place(server, 'manager2', 'programmes', programme('p2', 'manager2')));
  accepted(
    await place(server, 'manager1', 'programmeMembers', membership('p1', 'mentor1', 'manager1')),
  );
  await waitFor('the relations of manager1 and mentor1', async () => {
    const [manager, mentor] = [await relationsOf('manager1'), await relationsOf('mentor1')];
    return manager.manages.includes('p1') && mentor.takesPart.includes('p1');
  });
});
afterAll(async () => {
  await server.close();
});

describe('a notification about a programme, on the server', () => {
  it('lists each person’s relations in their own database’s _security', async () => {
    expect(await relationsOf('manager1')).toEqual({ manages: ['p1'], takesPart: ['p1'] });
    expect(await relationsOf('manager2')).toEqual({ manages: ['p2'], takesPart: ['p2'] });
    expect(await relationsOf('mentor1')).toEqual({ manages: [], takesPart: ['p1'] });
    // The members stay as they were: the person alone.
    const security = await http(server, 'server-admin', 'GET', `/${personDb('mentor1')}/_security`);
    expect(security.body['members']).toEqual({ names: ['mentor1'], roles: [] });
  });

  it('cannot be written by the person: _security is the server admins’', async () => {
    const path = `/${personDb('manager2')}/_security`;
    const forged = {
      ...(await http(server, 'server-admin', 'GET', path)).body,
      [PROGRAMME_RELATIONS_FIELD]: { manages: ['p1'], takesPart: ['p1'] },
    };
    for (const spelled of [path, path.replace('_security', '%5Fsecurity')]) {
      expect([401, 403]).toContain((await http(server, 'manager2', 'PUT', spelled, forged)).status);
    }
    expect((await relationsOf('manager2')).manages).not.toContain('p1');
    refused(await notify('manager2', 'mentor1', 'task_assigned', 'p1'), /manager of the programme/);
  });

  it('is accepted from a manager of the programme, refused from a manager of another', async () => {
    accepted(await notify('manager1', 'mentor1', 'task_assigned', 'p1'));
    refused(await notify('manager2', 'mentor1', 'task_assigned', 'p1'), /manager of the programme/);
    refused(
      await notify('manager2', 'mentor1', 'application_decided', 'p1'),
      /manager of the programme/,
    );
    // Without a programme named, a kind about one is refused whoever sends it.
    refused(await notify('manager1', 'mentor1', 'task_assigned', ''), /names its programme/);
  });

  it('is judged the same when the replication writes it (_bulk_docs), as the app does', async () => {
    // express-pouchdb gave _bulk_docs' validation an empty `_security` (the guard now hands it on).
    const bulk = async (from: string, programmeId: string) => {
      sent += 1;
      const doc = notification(`e${sent}`, from, 'mentor1', 'task_assigned', programmeId);
      const answer = await http(server, from, 'POST', `/${personDb(from)}/_bulk_docs`, {
        docs: [{ ...doc, _id: couchIdOf('notifications', doc._id) }],
      });
      return (answer.body as unknown as { ok?: boolean; reason?: string }[])[0];
    };
    expect(await bulk('manager1', 'p1')).toMatchObject({ ok: true });
    expect((await bulk('manager2', 'p1'))?.reason).toMatch(/manager of the programme/);
  });

  it('follows memberships: made a manager of p1, then taken out, as the follower lists it', async () => {
    accepted(
      await place(
        server,
        'manager1',
        'programmeMembers',
        membership('p1', 'manager2', 'manager1', 'manager'),
      ),
    );
    await waitFor('manager2 to manage p1', async () =>
      (await relationsOf('manager2')).manages.includes('p1'),
    );
    accepted(await notify('manager2', 'mentor1', 'task_assigned', 'p1'));

    const { couchId } = placeOf('programmeMembers', membership('p1', 'manager2', 'manager1'));
    accepted(await update(server, 'manager1', ORG, couchId, { _deleted: true }));
    await waitFor(
      'manager2 to manage p1 no more',
      async () => !(await relationsOf('manager2')).takesPart.includes('p1'),
    );
    refused(await notify('manager2', 'mentor1', 'task_assigned', 'p1'), /manager of the programme/);
  });

  it('takes a completion or a report from the programme’s people only', async () => {
    accepted(await notify('mentor1', 'manager1', 'task_completed', 'p1'));
    accepted(await notify('mentor1', 'manager1', 'report_submitted', 'p1'));
    refused(await notify('mentor2', 'manager1', 'task_completed', 'p1'), /in the programme/);
    refused(await notify('mentor2', 'manager1', 'report_submitted', 'p1'), /in the programme/);
    // A mentor is no manager, whatever they are in.
    refused(await notify('mentor1', 'mentor2', 'task_assigned', 'p1'), /may not|may only/);
    // An applicant is in no programme yet: an application's notice needs no relation.
    accepted(await notify('mentor2', 'manager1', 'application_received', 'p1'));
  });

  it('is accepted from an admin about any programme', async () => {
    accepted(await notify('admin1', 'mentor1', 'task_assigned', 'p1'));
    accepted(await notify('admin1', 'mentor2', 'task_completed', 'p2'));
  });

  it('still cannot tell that the entity is the named programme’s (docs/SECURITY.md)', async () => {
    // manager2 names their own programme for an entity of p1: the server sees no task, only the
    // notice, so this passes; the app's commands never write it.
    accepted(await notify('manager2', 'mentor1', 'task_assigned', 'p2'));
  });

  it('a full provisioning run lists the same, heals a lost listing, and changes nothing after', async () => {
    const options = { url: server.url, admin: ADMIN, fetch, replicateBy: 'name' } as const;
    const path = `/${personDb('manager1')}/_security`;
    const { [PROGRAMME_RELATIONS_FIELD]: _lost, ...bare } = (
      await http(server, 'server-admin', 'GET', path)
    ).body;
    expect((await http(server, 'server-admin', 'PUT', path, bare)).status).toBe(200);
    refused(await notify('manager1', 'mentor1', 'task_assigned', 'p1'), /manager of the programme/);
    const healed = await provision(options);
    expect(healed.changes).toContain(
      `listed manager1's programmes (manages 1, in 1) in ${personDb('manager1')}/_security`,
    );
    accepted(await notify('manager1', 'mentor1', 'task_assigned', 'p1'));
    const again = await provision(options);
    expect(again.changes.filter((change) => change.includes('programmes ('))).toEqual([]);
  });
});
