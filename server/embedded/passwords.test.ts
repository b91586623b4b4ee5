import { pbkdf2Sync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createCache } from './cache';
import { hashPassword, needsUpgrade, verifyPassword, withoutHash } from './passwords';
import { parseSessionCookie, sessionCookieValue, setCookieHeader } from './session-cookie';
import { createSignInThrottle } from './throttle';

describe('password hashes', () => {
  it('are CouchDB 3.4’s: pbkdf2-sha256, 600,000 iterations, hex salt and key', async () => {
    const hash = await hashPassword('correct horse');
    expect(hash).toMatchObject({
      password_scheme: 'pbkdf2',
      pbkdf2_prf: 'sha256',
      iterations: 600_000,
    });
    expect(hash.salt).toMatch(/^[0-9a-f]{32}$/);
    expect(hash.derived_key).toMatch(/^[0-9a-f]{64}$/);
    // The salt is used as its text, as CouchDB does.
    const expected = pbkdf2Sync('correct horse', hash.salt, 600_000, 32, 'sha256').toString('hex');
    expect(hash.derived_key).toBe(expected);
    expect(await verifyPassword(hash, 'correct horse')).toBe(true);
    expect(await verifyPassword(hash, 'correct horse ')).toBe(false);
  });

  it('still verify an old SHA-1 hash (express-pouchdb’s, 10 iterations) and ask for an upgrade', async () => {
    const salt = '1ab1ff100123';
    const old = {
      password_scheme: 'pbkdf2',
      iterations: 10,
      salt,
      derived_key: pbkdf2Sync('pässword', salt, 10, 20, 'sha1').toString('hex'),
    };
    expect(await verifyPassword(old, 'pässword')).toBe(true);
    expect(await verifyPassword(old, 'password')).toBe(false);
    expect(needsUpgrade(old, 600_000)).toBe(true);
    expect(needsUpgrade(await hashPassword('x', 1_000), 600_000)).toBe(true);
    expect(needsUpgrade(await hashPassword('x', 1_000), 1_000)).toBe(false);
  });

  it('refuse what cannot be checked, or would take too long to', async () => {
    const hash = await hashPassword('x', 1_000);
    expect(await verifyPassword({ ...hash, iterations: 1e9 }, 'x')).toBe(false);
    expect(await verifyPassword({ ...hash, pbkdf2_prf: 'md5' }, 'x')).toBe(false);
    expect(await verifyPassword({ name: 'no hash' }, 'x')).toBe(false);
    expect(await verifyPassword(hash, 'x'.repeat(2_000))).toBe(false);
    expect(withoutHash({ name: 'a', ...hash, password: 'p' })).toEqual({
      name: 'a',
      password: 'p',
    });
  });
});

describe('session cookies', () => {
  it('are CouchDB’s shape, tied to the account’s salt, and SameSite=Strict', () => {
    const value = sessionCookieValue('ada', 'salt1', 'secret', 0x6500_0000);
    expect(parseSessionCookie(value)).toEqual({ name: 'ada', issuedAtSeconds: 0x6500_0000 });
    expect(sessionCookieValue('ada', 'salt2', 'secret', 0x6500_0000)).not.toBe(value);
    expect(parseSessionCookie('garbage')).toBeUndefined();
    expect(setCookieHeader(value)).toMatch(/; HttpOnly; SameSite=Strict$/);
  });
});

describe('the sign-in throttle', () => {
  it('refuses an account after its failures, with the wait until the oldest one expires', () => {
    let now = 0;
    const throttle = createSignInThrottle(
      { perAccount: 3, perAddress: 5, windowMs: 60_000 },
      () => now,
    );
    for (let i = 0; i < 3; i += 1) {
      expect(throttle.begin('ada', 'a1')).toBe(0);
      now += 1_000;
    }
    expect(throttle.begin('ada', 'a2')).toBe(57);
    // Refused attempts do not count: the wait does not grow.
    expect(throttle.begin('ada', 'a2')).toBe(57);
    expect(throttle.begin('bob', 'a1')).toBe(0);
    now = 60_001;
    expect(throttle.begin('ada', 'a2')).toBe(0);
  });

  it('counts attempts as they start, so many at once cannot pass together', () => {
    const throttle = createSignInThrottle({ perAccount: 3, perAddress: 5, windowMs: 60_000 });
    const started = Array.from({ length: 10 }, () => throttle.begin('ada', 'a1'));
    expect(started.filter((wait) => wait === 0)).toHaveLength(3);
  });

  it('refuses an address that tries many accounts; a success takes back only its own attempt', () => {
    const throttle = createSignInThrottle({ perAccount: 3, perAddress: 4, windowMs: 60_000 });
    for (const name of ['a', 'b', 'c', 'd']) expect(throttle.begin(name, 'attacker')).toBe(0);
    expect(throttle.begin('e', 'attacker')).toBeGreaterThan(0);
    expect(throttle.begin('e', 'colleague')).toBe(0);
    throttle.begin('ada', 'x');
    throttle.begin('ada', 'y');
    throttle.begin('ada', 'z');
    throttle.succeeded('ada', 'z');
    expect(throttle.begin('ada', 'w')).toBe(0);
    // Right passwords do not use up an address's allowance.
    for (let i = 0; i < 10; i += 1) {
      expect(throttle.begin(`p${i}`, 'office')).toBe(0);
      throttle.succeeded(`p${i}`, 'office');
    }
    // The server admin is counted by address only: nobody can lock provisioning out.
    for (let i = 0; i < 4; i += 1) throttle.begin(null, 'attacker2');
    expect(throttle.begin(null, 'loopback')).toBe(0);
  });
});

describe('the guard’s cache', () => {
  it('shares one load between concurrent misses and never keeps a value loaded before forget', async () => {
    let loads = 0;
    let release: (value: string) => void = () => undefined;
    const cache = createCache({
      load: () => {
        loads += 1;
        return new Promise<string>((resolve) => {
          release = resolve;
        });
      },
      ttlMs: 60_000,
    });
    const first = cache.get('k');
    const second = cache.get('k');
    cache.forget('k');
    release('old');
    expect(await first).toBe('old');
    expect(await second).toBe('old');
    const third = cache.get('k');
    release('new');
    expect(await third).toBe('new');
    expect(loads).toBe(2);
    expect(await cache.get('k')).toBe('new');
    expect(loads).toBe(2);
  });
});
