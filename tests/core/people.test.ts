// Accounts, roles and profiles through the host contract, against the embedded server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { passwordOf } from '../server/harness';
import { startAppHarness } from '../support/app-harness';
import type { AppHarness } from '../support/app-harness';

describe('people', () => {
  let app: AppHarness;

  beforeAll(async () => {
    app = await startAppHarness();
    await app.account('admin', 'admin');
    // An account made on the server by hand: no email, so no profile until its person saves one.
    await app.account('mentor01', 'mentor');
  });
  afterAll(async () => {
    await app.close();
  });

  it('an admin creates a manager and a mentor, who sign in with their role', async () => {
    await app.signIn('admin');
    const maria = await app.call('users.create', {
      username: 'maria',
      email: 'maria@example.org',
      password: passwordOf('maria'),
      fullName: 'Maria Manager',
      role: 'manager',
    });
    expect(maria).toMatchObject({
      id: 'maria',
      username: 'maria',
      email: 'maria@example.org',
      fullName: 'Maria Manager',
      role: 'manager',
      profileComplete: false,
    });
    expect(maria).not.toHaveProperty('password');
    await app.call('users.create', {
      username: 'musa',
      email: 'musa@example.org',
      password: passwordOf('musa'),
      fullName: 'Mo Mentor',
      role: 'mentor',
    });

    // Taken: by a profile here, or by an account on the server without one.
    for (const username of ['maria', 'mentor01']) {
      const taken = await app.attempt('users.create', {
        username,
        email: 'x@example.org',
        password: 'long-enough',
        fullName: 'Someone',
        role: 'mentor',
      });
      expect(taken).toMatchObject({
        ok: false,
        error: { code: 'conflict', issues: [{ path: 'username' }] },
      });
    }

    const mentors = await app.first('users.list', { role: 'mentor' });
    expect(mentors.map((row) => row.profile.id)).toEqual(['musa']);
    const found = await app.first('users.list', { text: 'maria EXAMPLE' });
    expect(found.map((row) => row.profile.id)).toEqual(['maria']);
    await app.synced();

    await app.signIn('maria');
    expect((await app.first('users.me', {}))?.profile).toMatchObject({ role: 'manager' });
    await app.signIn('musa');
    const me = await app.first('users.me', {});
    expect(me?.profile).toMatchObject({ id: 'musa', role: 'mentor', fullName: 'Mo Mentor' });
    expect(me?.completeness.percent).toBe(29);
  });

  it('a sign-up waits for an admin, who approves it as a mentor with a profile', async () => {
    await app.signOut();
    await app.call('users.signUp', {
      serverUrl: app.server.url,
      username: 'applicant',
      email: 'applicant@example.org',
      password: passwordOf('applicant'),
      fullName: 'Ann Applicant',
    });
    const early = await app.attempt('session.signIn', {
      serverUrl: app.server.url,
      username: 'applicant',
      password: passwordOf('applicant'),
    });
    expect(early).toMatchObject({ ok: false, error: { code: 'forbidden' } });

    await app.signIn('admin');
    const pending = await app.call('users.pendingAccounts', {});
    expect(pending).toEqual([
      {
        username: 'applicant',
        email: 'applicant@example.org',
        fullName: 'Ann Applicant',
        signedUpAt: expect.any(String) as string,
      },
    ]);

    const profile = await app.call('users.setRole', { userId: 'applicant', role: 'mentor' });
    expect(profile).toMatchObject({
      id: 'applicant',
      username: 'applicant',
      email: 'applicant@example.org',
      fullName: 'Ann Applicant',
      role: 'mentor',
    });
    expect(await app.call('users.pendingAccounts', {})).toEqual([]);
    await app.synced();

    // Their password is unchanged, and they are a mentor now.
    await app.signIn('applicant');
    expect((await app.first('users.me', {}))?.profile?.role).toBe('mentor');
  });

  it('an admin changes a role on the server and the profile, but never leaves no admin', async () => {
    await app.signIn('admin');
    const promoted = await app.call('users.setRole', { userId: 'musa', role: 'manager' });
    expect(promoted?.role).toBe('manager');
    const detail = await app.until(
      'users.detail',
      { userId: 'musa' },
      (v) => v?.profile.role === 'manager',
    );
    expect(detail?.can).toEqual({ setRole: true, approveDetails: false });
    await app.call('users.setRole', { userId: 'musa', role: 'mentor' });

    // An account without an email gets its role; its person makes the profile later.
    expect(await app.call('users.setRole', { userId: 'mentor01', role: 'mentor' })).toBeNull();

    const alone = await app.attempt('users.setRole', { userId: 'admin', role: 'manager' });
    expect(alone).toMatchObject({
      ok: false,
      error: { code: 'conflict', message: expect.stringContaining('only admin') as string },
    });
    const nobody = await app.attempt('users.setRole', { userId: 'ghost', role: 'mentor' });
    expect(nobody).toMatchObject({ ok: false, error: { code: 'not_found' } });
    await app.synced();
  });

  it('managers and mentors may not manage accounts', async () => {
    for (const name of ['maria', 'musa']) {
      await app.signIn(name);
      const create = await app.attempt('users.create', {
        username: 'sneaky',
        email: 'sneaky@example.org',
        password: 'long-enough',
        fullName: 'Sneaky',
        role: 'admin',
      });
      const setRole = await app.attempt('users.setRole', { userId: name, role: 'admin' });
      const pending = await app.attempt('users.pendingAccounts', {});
      for (const refused of [create, setRole, pending]) {
        expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      }
    }
    const detail = await app.first('users.detail', { userId: 'maria' });
    expect(detail?.can).toEqual({ setRole: false, approveDetails: false });
  });

  it('people edit their own profile (admins anyone’s); completeness follows', async () => {
    await app.signIn('musa');
    const complete = await app.call('users.editProfile', {
      userId: 'musa',
      fullName: 'Mo Mentor',
      email: 'musa@example.org',
      country: 'Kenya',
      city: 'Nairobi',
      headline: 'Backend engineer',
      bio: 'Ten years of APIs.',
      social: { github: 'https://github.com/musa' },
    });
    expect(complete).toMatchObject({ profileComplete: true, role: 'mentor', city: 'Nairobi' });
    const me = await app.until('users.me', {}, (v) => v?.profile?.profileComplete === true);
    expect(me?.completeness.percent).toBe(100);

    const cleared = await app.call('users.editProfile', { userId: 'musa', fullName: 'Mo Mentor' });
    expect(cleared).toMatchObject({ email: 'musa@example.org', profileComplete: false });
    expect(cleared).not.toHaveProperty('city');

    const others = await app.attempt('users.editProfile', { userId: 'maria', bio: 'Hacked' });
    expect(others).toMatchObject({ ok: false, error: { code: 'forbidden' } });

    const badLinks = await app.attempt('users.editProfile', {
      userId: 'musa',
      website: 'javascript:alert(1)',
      social: { github: 'not a url' },
    });
    expect(badLinks).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const paths = badLinks.ok ? [] : (badLinks.error.issues ?? []).map((issue) => issue.path);
    expect(paths.sort()).toEqual(['social.github', 'website']);
    await app.synced();

    await app.signIn('admin');
    const byAdmin = await app.call('users.editProfile', {
      userId: 'musa',
      fullName: 'Mo M. Mentor',
      email: 'musa@example.org',
    });
    expect(byAdmin).toMatchObject({ fullName: 'Mo M. Mentor', role: 'mentor' });
  });

  it('someone without a profile makes it with their first save, which needs an email', async () => {
    await app.signIn('mentor01');
    expect(await app.first('users.me', {})).toMatchObject({ profile: null, details: null });
    const noEmail = await app.attempt('users.editProfile', { userId: 'mentor01', city: 'Lagos' });
    expect(noEmail).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', issues: [{ path: 'email' }] },
    });
    const made = await app.call('users.editProfile', {
      userId: 'mentor01',
      email: 'mentor01@example.org',
      city: 'Lagos',
    });
    expect(made).toMatchObject({ id: 'mentor01', username: 'mentor01', role: 'mentor' });
    await app.synced();
  });

  it('account commands say plainly that they need the server', async () => {
    await app.signIn('admin');
    await app.server.close();
    const attempts = [
      await app.attempt('users.pendingAccounts', {}),
      await app.attempt('users.setRole', { userId: 'musa', role: 'manager' }),
      await app.attempt('users.create', {
        username: 'offline',
        email: 'offline@example.org',
        password: 'long-enough',
        fullName: 'Off Line',
        role: 'mentor',
      }),
    ];
    for (const refused of attempts) {
      expect(refused).toMatchObject({
        ok: false,
        error: {
          code: 'unavailable',
          message: expect.stringContaining('needs the server') as string,
        },
      });
    }
    // Profiles are local documents: they are saved offline and sync later.
    const offline = await app.attempt('users.editProfile', {
      userId: 'admin',
      email: 'admin@example.org',
      fullName: 'The Admin',
    });
    expect(offline.ok).toBe(true);
  });
});
