import { pbkdf2Sync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_SECRET_FILE } from '../../server/embedded/adminCredentials';
import { sessionCookieValue } from '../../server/embedded/session-cookie';
import {
  startEmbeddedServer,
  type EmbeddedServer,
} from '../../server/embedded/startEmbeddedServer';
import { basicAuth } from '../../server/provision/couchClient';
import {
  ADMIN,
  accountPath,
  createAccount,
  http,
  passwordOf,
  raw,
  startTestServer,
} from './harness';

/**
 * Signing in on the embedded server: CouchDB 3.4 password hashes (and the upgrade of old ones),
 * the session cookie, how fast a changed password or role counts, and the throttle on guessing.
 */
let server: EmbeddedServer;

const signIn = async (target: EmbeddedServer, name: string, password: string) => {
  const started = performance.now();
  const answer = await fetch(`${target.url}/_session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name, password }),
  });
  const ms = performance.now() - started;
  const setCookie = answer.headers.get('set-cookie') ?? '';
  return {
    status: answer.status,
    body: (await answer.json()) as Record<string, unknown>,
    setCookie,
    cookie: /AuthSession=[^;]*/.exec(setCookie)?.[0] ?? '',
    retryAfter: answer.headers.get('retry-after'),
    ms,
  };
};

const withCookie = (target: EmbeddedServer, cookie: string, path: string) =>
  fetch(`${target.url}${path}`, { headers: { cookie, accept: 'application/json' } });

beforeAll(async () => {
  server = await startTestServer();
  await createAccount(server, 'mentor1', ['mentor']);
  await createAccount(server, 'mentor2', ['mentor']);
}, 60_000);
afterAll(async () => {
  await server.close();
});

describe('passwords', () => {
  it('are stored as CouchDB 3.4 stores them, and sign-in takes under a second', async () => {
    const stored = await http(server, 'server-admin', 'GET', accountPath('mentor1'));
    expect(stored.body).toMatchObject({
      password_scheme: 'pbkdf2',
      pbkdf2_prf: 'sha256',
      iterations: 600_000,
    });
    expect(stored.body).not.toHaveProperty('password');
    const salt = String(stored.body.salt);
    expect(stored.body.derived_key).toBe(
      pbkdf2Sync(passwordOf('mentor1'), salt, 600_000, 32, 'sha256').toString('hex'),
    );
    const times: number[] = [];
    for (let i = 0; i < 3; i += 1) {
      const answer = await signIn(server, 'mentor1', passwordOf('mentor1'));
      expect(answer.body).toEqual({ ok: true, name: 'mentor1', roles: ['mentor'] });
      times.push(answer.ms);
    }
    console.log(
      `sign-in (pbkdf2-sha256, 600,000 iterations): ${times.map(Math.round).join(', ')} ms`,
    );
    expect(Math.min(...times)).toBeLessThan(1_000);
  });

  it('upgrades an old hash on the next successful sign-in, keeping open sessions', async () => {
    const salt = 'a1b2c3d4e5f60718';
    const old = {
      _id: 'org.couchdb.user:veteran',
      name: 'veteran',
      type: 'user',
      roles: ['mentor'],
      password_scheme: 'pbkdf2',
      iterations: 10,
      salt,
      derived_key: pbkdf2Sync('old-secret', salt, 10, 20, 'sha1').toString('hex'),
    };
    expect((await http(server, 'server-admin', 'PUT', accountPath('veteran'), old)).status).toBe(
      201,
    );
    expect((await signIn(server, 'veteran', 'wrong')).status).toBe(401);
    const first = await signIn(server, 'veteran', 'old-secret');
    expect(first.status).toBe(200);
    const upgraded = await http(server, 'server-admin', 'GET', accountPath('veteran'));
    expect(upgraded.body).toMatchObject({ pbkdf2_prf: 'sha256', iterations: 600_000, salt });
    expect(upgraded.body.derived_key).toBe(
      pbkdf2Sync('old-secret', salt, 600_000, 32, 'sha256').toString('hex'),
    );
    expect((await withCookie(server, first.cookie, '/mmm-org/_all_docs')).status).toBe(200);
    expect((await signIn(server, 'veteran', 'old-secret')).status).toBe(200);
  });
});

describe('the session cookie', () => {
  it('is HttpOnly and SameSite=Strict, and only sign-in and renewal send one', async () => {
    const answer = await signIn(server, 'mentor1', passwordOf('mentor1'));
    expect(answer.setCookie).toMatch(
      /^AuthSession=[^;]+; Version=1; Path=\/; HttpOnly; SameSite=Strict$/,
    );
    const session = await withCookie(server, answer.cookie, '/_session');
    expect(((await session.json()) as { userCtx: unknown }).userCtx).toEqual({
      name: 'mentor1',
      roles: ['mentor'],
    });
    expect(session.headers.get('set-cookie')).toBeNull();
    const replication = await withCookie(server, answer.cookie, '/mmm-org/_changes');
    expect(replication.status).toBe(200);
    expect(replication.headers.get('set-cookie')).toBeNull();
    const basic = await raw(server, 'mentor1', 'GET', '/mmm-org/_all_docs');
    expect(basic.status).toBe(200);
    expect(basic.headers['set-cookie']).toBeUndefined();
    const out = await fetch(`${server.url}/_session`, { method: 'DELETE' });
    expect(out.headers.get('set-cookie')).toMatch(/^AuthSession=; .*Max-Age=0.*SameSite=Strict/);
  });

  it('is refused, like a forged one, from the request after a password change', async () => {
    const answer = await signIn(server, 'mentor2', passwordOf('mentor2'));
    expect((await withCookie(server, answer.cookie, '/mmm-org/_all_docs')).status).toBe(200);
    const forged = answer.cookie.replace(/.{4}$/, 'AAAA');
    expect((await withCookie(server, forged, '/mmm-org/_all_docs')).status).toBe(401);
    const own = await http(server, 'mentor2', 'GET', accountPath('mentor2'));
    const changed = await http(server, 'mentor2', 'PUT', accountPath('mentor2'), {
      ...own.body,
      password: 'a-new-password',
    });
    expect(changed.status).toBe(201);
    expect((await withCookie(server, answer.cookie, '/mmm-org/_all_docs')).status).toBe(401);
    // The old password no longer works with Basic auth either, though it was cached.
    expect((await raw(server, 'mentor2', 'GET', '/mmm-org/_all_docs')).status).toBe(401);
    expect((await signIn(server, 'mentor2', 'a-new-password')).status).toBe(200);
  });

  it('loses a removed role from the next request', async () => {
    await createAccount(server, 'mentor4', ['mentor']);
    const answer = await signIn(server, 'mentor4', passwordOf('mentor4'));
    expect((await withCookie(server, answer.cookie, '/mmm-org/_all_docs')).status).toBe(200);
    expect((await raw(server, 'mentor4', 'GET', '/mmm-org/_all_docs')).status).toBe(200);
    const account = await http(server, 'server-admin', 'GET', accountPath('mentor4'));
    await http(server, 'server-admin', 'PUT', accountPath('mentor4'), {
      ...account.body,
      roles: [],
    });
    expect((await withCookie(server, answer.cookie, '/mmm-org/_all_docs')).status).toBe(403);
    expect((await raw(server, 'mentor4', 'GET', '/mmm-org/_all_docs')).status).toBe(403);
  });
});

describe('guessing passwords', () => {
  let guarded: EmbeddedServer;
  const WINDOW_MS = 3_000;
  beforeAll(async () => {
    guarded = await startEmbeddedServer({
      port: 0,
      memory: true,
      admin: ADMIN,
      // Fewer iterations: this server's accounts are made only to be guessed at.
      passwordIterations: 1_000,
      signInThrottle: { perAccount: 3, perAddress: 6, windowMs: WINDOW_MS, signUpsPerAddress: 2 },
      log: () => undefined,
    });
    for (const name of ['ada', 'bob', 'cy']) await createAccount(guarded, name, ['mentor']);
  }, 60_000);
  afterAll(async () => {
    await guarded.close();
  });

  it('is throttled per account, with 429 and Retry-After, even for the right password', async () => {
    for (let i = 0; i < 3; i += 1) expect((await signIn(guarded, 'ada', 'guess')).status).toBe(401);
    const locked = await signIn(guarded, 'ada', passwordOf('ada'));
    expect(locked.status).toBe(429);
    expect(locked.body.error).toBe('too_many_requests');
    expect(Number(locked.retryAfter)).toBeGreaterThan(0);
    expect(Number(locked.retryAfter)).toBeLessThanOrEqual(WINDOW_MS / 1000);
    // Basic auth is the same door.
    const basic = await raw(guarded, 'ada', 'GET', '/mmm-org/_all_docs');
    expect(basic.status).toBe(429);
    expect(Number(basic.headers['retry-after'])).toBeGreaterThan(0);
    // Another account from the same address is not locked yet.
    expect((await signIn(guarded, 'bob', passwordOf('bob'))).status).toBe(200);
  });

  it('is throttled per address across accounts, and lets people in again once the window passes', async () => {
    const wrongBasic = { authorization: basicAuth({ username: 'cy', password: 'guess' }) };
    expect(
      (await raw(guarded, 'anonymous', 'GET', '/_session', undefined, wrongBasic)).status,
    ).toBe(401);
    expect((await signIn(guarded, 'nobody-here', 'guess')).status).toBe(401);
    expect((await signIn(guarded, 'bob', 'guess')).status).toBe(401);
    const address = await signIn(guarded, 'cy', passwordOf('cy'));
    expect(address.status).toBe(429);
    await new Promise((resolve) => setTimeout(resolve, WINDOW_MS + 200));
    expect((await signIn(guarded, 'ada', passwordOf('ada'))).status).toBe(200);
    expect((await signIn(guarded, 'cy', passwordOf('cy'))).status).toBe(200);
  });

  it('limits sign-ups per address, and answers a taken name with a conflict', async () => {
    const signUp = (name: string) =>
      raw(guarded, 'anonymous', 'PUT', accountPath(name), {
        _id: `org.couchdb.user:${name}`,
        name,
        type: 'user',
        roles: [],
        password: 'applicant-password',
      });
    expect((await signUp('ada')).status).toBe(409);
    expect((await signUp('new1')).status).toBe(201);
    expect((await signUp('new2')).status).toBe(201);
    const third = await signUp('new3');
    expect(third.status).toBe(429);
    expect(Number(third.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('never locks out the server admin, whom provisioning signs in as', async () => {
    for (let i = 0; i < 4; i += 1) {
      await raw(guarded, 'anonymous', 'GET', '/_session', undefined, {
        authorization: basicAuth({ username: ADMIN.username, password: 'guess' }),
      });
    }
    // More failures than an account may have: the name is not locked (only the address counts).
    expect((await raw(guarded, 'server-admin', 'GET', '/_all_dbs')).status).toBe(200);
  });
});

describe('an old session cookie', () => {
  let onDisk: EmbeddedServer;
  const dataDir = mkdtempSync(join(tmpdir(), 'mmm-sessions-'));
  beforeAll(async () => {
    onDisk = await startEmbeddedServer({
      port: 0,
      dataDir,
      admin: ADMIN,
      passwordIterations: 1_000,
      log: () => undefined,
    });
    await createAccount(onDisk, 'mentor1', ['mentor']);
  }, 60_000);
  afterAll(async () => {
    await onDisk.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** A cookie as the server would have issued it `ageSeconds` ago. */
  const cookieAged = async (ageSeconds: number) => {
    const secret = readFileSync(join(dataDir, SESSION_SECRET_FILE), 'utf8').trim();
    const account = await http(onDisk, 'server-admin', 'GET', accountPath('mentor1'));
    const issued = Math.floor(Date.now() / 1000) - ageSeconds;
    return `AuthSession=${sessionCookieValue('mentor1', String(account.body.salt), secret, issued)}`;
  };

  it('is renewed once it is a minute old, and refused once ten minutes old', async () => {
    const fresh = await withCookie(onDisk, await cookieAged(5), '/mmm-org/_all_docs');
    expect(fresh.status).toBe(200);
    expect(fresh.headers.get('set-cookie')).toBeNull();
    const old = await withCookie(onDisk, await cookieAged(120), '/mmm-org/_all_docs');
    expect(old.status).toBe(200);
    expect(old.headers.get('set-cookie')).toMatch(/^AuthSession=[^;]+;.*SameSite=Strict$/);
    const renewed = /AuthSession=[^;]*/.exec(old.headers.get('set-cookie') ?? '')?.[0] ?? '';
    expect((await withCookie(onDisk, renewed, '/mmm-org/_all_docs')).status).toBe(200);
    expect((await withCookie(onDisk, await cookieAged(601), '/mmm-org/_all_docs')).status).toBe(
      401,
    );
  });
});
