import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Credentials } from '../provision/couchClient';

/** Where a generated admin password is kept: inside the data dir, readable by its owner only. */
export const ADMIN_FILE = 'server-admin.json';

/** `user:password`, as in MMM_SERVER_ADMIN; the password may contain colons. */
export const parseCredentials = (text: string): Credentials => {
  const colon = text.indexOf(':');
  if (colon <= 0 || colon === text.length - 1) {
    throw new Error('Admin credentials are written user:password.');
  }
  return { username: text.slice(0, colon), password: text.slice(colon + 1) };
};

/**
 * The embedded server's admin: from the environment, else the one generated on the first run in
 * this data dir, else a new one — printed once, stored with mode 0600 (memory mode keeps it only
 * for the life of the process).
 */
export const resolveAdmin = (options: {
  readonly env: NodeJS.ProcessEnv;
  readonly dataDir: string | undefined;
  readonly log: (line: string) => void;
}): Credentials => {
  const fromEnv = options.env.MMM_SERVER_ADMIN;
  if (fromEnv) return parseCredentials(fromEnv);
  const file = options.dataDir === undefined ? undefined : join(options.dataDir, ADMIN_FILE);
  if (file && existsSync(file)) {
    const stored = JSON.parse(readFileSync(file, 'utf8')) as Partial<Credentials>;
    if (typeof stored.username === 'string' && typeof stored.password === 'string') {
      return { username: stored.username, password: stored.password };
    }
    throw new Error(`${file} does not hold admin credentials.`);
  }
  // Not 'admin': that is the demo organisation's app admin, an account in _users.
  const admin = { username: 'server-admin', password: randomBytes(18).toString('base64url') };
  if (file) writeFileSync(file, `${JSON.stringify(admin)}\n`, { mode: 0o600, flag: 'wx' });
  options.log(
    `Generated server admin ${admin.username} / ${admin.password}` +
      (file ? ` (kept in ${file})` : ' (memory mode: not kept)'),
  );
  return admin;
};

/** Where the session cookies' secret is kept, so sessions outlive a restart (as on CouchDB). */
export const SESSION_SECRET_FILE = 'session-secret';

/**
 * The secret session cookies are signed with: kept in the data dir (mode 0600), else new for this
 * process. Kept, because a restart that ended every session would make every installation sign in
 * again at once, each sign-in costing a deliberately slow password hash.
 */
export const resolveSessionSecret = (dataDir: string | undefined): string => {
  const file = dataDir === undefined ? undefined : join(dataDir, SESSION_SECRET_FILE);
  if (file && existsSync(file)) {
    const stored = readFileSync(file, 'utf8').trim();
    if (/^[0-9a-f]{64}$/.test(stored)) return stored;
  }
  const secret = randomBytes(32).toString('hex');
  if (file) writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
};
