import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedServer } from '../../server/embedded/startEmbeddedServer';
import { basicAuth } from '../../server/provision/couchClient';
import { accountPath, createAccount, http, isRefused, startTestServer } from './harness';

/**
 * Accounts in the server's user store (`_users`): CouchDB's rules, which express-pouchdb gets wrong
 * (it makes a user `_admin` on their own account document) and the server's guard restores.
 */
let server: EmbeddedServer;

const signIn = async (name: string, password: string) => {
  const answer = await fetch(`${server.url}/_session`, {
    headers: { authorization: basicAuth({ username: name, password }) },
  });
  const body = (await answer.json()) as { userCtx?: { name: string | null; roles: string[] } };
  return answer.status === 200 ? body.userCtx : undefined;
};

const account = (name: string, roles: string[], password = `${name}-password`) => ({
  _id: `org.couchdb.user:${name}`,
  name,
  type: 'user',
  roles,
  password,
});

beforeAll(async () => {
  server = await startTestServer();
  await createAccount(server, 'admin1', ['admin']);
  await createAccount(server, 'manager1', ['manager']);
  await createAccount(server, 'mentor1', ['mentor']);
});
afterAll(async () => {
  await server.close();
});

describe('accounts', () => {
  it('anyone signs up as an applicant without a role, never with one', async () => {
    const signUp = await http(
      server,
      'anonymous',
      'PUT',
      accountPath('newcomer'),
      account('newcomer', []),
    );
    expect(signUp.status).toBe(201);
    expect(await signIn('newcomer', 'newcomer-password')).toEqual({ name: 'newcomer', roles: [] });
    const greedy = await http(
      server,
      'anonymous',
      'PUT',
      accountPath('greedy'),
      account('greedy', ['admin']),
    );
    expect(greedy.status).toBe(403);
    const system = await http(
      server,
      'anonymous',
      'PUT',
      accountPath('root2'),
      account('root2', ['_admin']),
    );
    expect(system.status).toBe(403);
  });

  it('an admin creates accounts with a role and an initial password', async () => {
    const created = await http(
      server,
      'admin1',
      'PUT',
      accountPath('mentor9'),
      account('mentor9', ['mentor']),
    );
    expect(created.status).toBe(201);
    expect(await signIn('mentor9', 'mentor9-password')).toEqual({
      name: 'mentor9',
      roles: ['mentor'],
    });
    const byManager = await http(
      server,
      'manager1',
      'PUT',
      accountPath('m8'),
      account('m8', ['mentor']),
    );
    expect(byManager.status).toBe(403);
  });

  it('a person changes their own password, and nobody else’s', async () => {
    const own = await http(server, 'mentor1', 'GET', accountPath('mentor1'));
    expect(own.status).toBe(200);
    const changed = await http(server, 'mentor1', 'PUT', accountPath('mentor1'), {
      ...own.body,
      password: 'mentor1-password',
    });
    expect(changed.status).toBe(201);
    expect(await signIn('mentor1', 'mentor1-password')).toBeDefined();
    const other = await http(server, 'server-admin', 'GET', accountPath('manager1'));
    const hijack = await http(server, 'mentor1', 'PUT', accountPath('manager1'), {
      ...other.body,
      password: 'taken',
    });
    expect(isRefused(hijack)).toBe(true);
    expect(isRefused(await http(server, 'mentor1', 'GET', accountPath('manager1')))).toBe(true);
  });

  it('nobody but an admin changes a role', async () => {
    for (const who of ['mentor1', 'manager1']) {
      const current = await http(server, 'server-admin', 'GET', accountPath('mentor1'));
      const attempt = await http(server, who, 'PUT', accountPath('mentor1'), {
        ...current.body,
        roles: ['admin'],
      });
      expect(attempt.status, who).toBe(403);
    }
    const bulk = await http(server, 'mentor1', 'POST', '/_users/_bulk_docs', {
      docs: [account('mentor1', ['admin'])],
    });
    expect(isRefused(bulk)).toBe(true);
    expect(await signIn('mentor1', 'mentor1-password')).toEqual({
      name: 'mentor1',
      roles: ['mentor'],
    });

    const current = await http(server, 'admin1', 'GET', accountPath('newcomer'));
    expect(current.status).toBe(200);
    const approved = await http(server, 'admin1', 'PUT', accountPath('newcomer'), {
      ...current.body,
      roles: ['mentor'],
    });
    expect(approved.status).toBe(201);
    expect(await signIn('newcomer', 'newcomer-password')).toEqual({
      name: 'newcomer',
      roles: ['mentor'],
    });
  });

  it('admins list accounts; others do not', async () => {
    const listed = await http(server, 'admin1', 'GET', '/_users/_all_docs');
    expect(listed.status).toBe(200);
    expect(isRefused(await http(server, 'manager1', 'GET', '/_users/_all_docs'))).toBe(true);
    expect(isRefused(await http(server, 'anonymous', 'GET', '/_users/_changes'))).toBe(true);
  });
});
