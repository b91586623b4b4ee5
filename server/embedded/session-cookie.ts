import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * CouchDB's session cookie, `AuthSession=base64url(name:hexSeconds:hmac)`, computed as
 * express-pouchdb computes it (HMAC-SHA1 keyed with the server secret and the account's salt), so a
 * cookie the guard issues is also one express-pouchdb accepts behind it. Because the salt is in
 * the key, a changed password (a new salt) ends every session of the account at once.
 */
export const COOKIE_NAME = 'AuthSession';

export const sessionCookieValue = (
  name: string,
  salt: string,
  secret: string,
  issuedAtSeconds: number,
): string => {
  const data = `${name}:${issuedAtSeconds.toString(16).toUpperCase()}`;
  const mac = createHmac('sha1', secret + salt)
    .update(data)
    .digest();
  return Buffer.concat([Buffer.from(`${data}:`), mac]).toString('base64url');
};

/** Who a cookie claims to be and when it was issued (not yet verified), or undefined. */
export const parseSessionCookie = (
  value: string,
): { readonly name: string; readonly issuedAtSeconds: number } | undefined => {
  const bytes = Buffer.from(value, 'base64url');
  const first = bytes.indexOf(0x3a);
  const second = first === -1 ? -1 : bytes.indexOf(0x3a, first + 1);
  if (first <= 0 || second === -1) return undefined;
  const name = bytes.subarray(0, first).toString('utf8');
  const stamp = bytes.subarray(first + 1, second).toString('ascii');
  if (!/^[0-9A-F]{1,12}$/.test(stamp)) return undefined;
  return { name, issuedAtSeconds: parseInt(stamp, 16) };
};

export const sameCookie = (a: string, b: string): boolean => {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
};

/** The `AuthSession` value among a request's cookies. */
export const sessionCookieOf = (header: string | undefined): string | undefined => {
  for (const part of (header ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === COOKIE_NAME) return value.join('=');
  }
  return undefined;
};

/**
 * `SameSite=Strict`: the app's own requests come from its main process (Node's fetch, no browser
 * cookie jar), so no page on another site ever needs to send this cookie along. `Secure` is left to
 * a TLS proxy in front (the embedded server itself speaks plain HTTP).
 */
export const setCookieHeader = (value: string, maxAgeSeconds?: number): string =>
  [
    `${COOKIE_NAME}=${value}`,
    'Version=1',
    'Path=/',
    ...(maxAgeSeconds === undefined ? [] : [`Max-Age=${maxAgeSeconds}`]),
    'HttpOnly',
    'SameSite=Strict',
  ].join('; ');
