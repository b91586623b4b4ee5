// Over HTTP, as each person: the organisation's settings (the certificate logo, issue 17) are one
// reference-list document in the organisation's database that only admins write, and the logo is
// a file beside it that every member reads and nobody signed out does. The server's collection
// keeps the logo while the settings refer to it, and takes it once they no longer do.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedServer } from '../../server/embedded/startEmbeddedServer';
import { basicAuth } from '../../server/provision/couchClient';
import { FILE_ATTACHMENT } from '../../shared/domain/files';
import {
  ORGANISATION_SETTINGS_ID,
  ORGANISATION_SETTINGS_NAME,
} from '../../shared/domain/organisation';
import { databaseOf, orgScope } from '../../shared/sync/layout';
import {
  ADMIN,
  T0,
  createAccount,
  http,
  isRefused,
  pathOf,
  place,
  startTestServer,
  type As,
} from './harness';
import { solidPng } from '../support/images';

const ORG = databaseOf(orgScope);
const HOUR = 3_600_000;
const clock = { now: Date.parse(T0) };
let server: EmbeddedServer;

const logoPng = solidPng(60, 30, [200, 20, 20]);
const hexOf = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const logoRef = (bytes: Buffer, extra: object = {}) => ({
  name: 'logo.png',
  mimeType: 'image/png',
  size: bytes.byteLength,
  ref: `sha256-${hexOf(bytes)}`,
  ...extra,
});
const settings = (createdBy: string, extra: object = {}) => ({
  _id: ORGANISATION_SETTINGS_ID,
  list: 'organisation',
  name: ORGANISATION_SETTINGS_NAME,
  createdBy,
  createdAt: T0,
  updatedAt: T0,
  ...extra,
});
const upload = (as: As, bytes: Buffer, type = 'image/png') =>
  http(server, as, 'PUT', `/${ORG}/files:${hexOf(bytes)}`, {
    createdBy: as,
    _attachments: { [FILE_ATTACHMENT]: { content_type: type, data: bytes.toString('base64') } },
  });
const bytesOf = async (as: As, bytes: Buffer) => {
  const headers: Record<string, string> = {};
  if (as === 'server-admin') headers['authorization'] = basicAuth(ADMIN);
  else if (as !== 'anonymous') {
    headers['authorization'] = basicAuth({ username: as, password: `${as}-password` });
  }
  const response = await fetch(`${server.url}/${ORG}/files:${hexOf(bytes)}/${FILE_ATTACHMENT}`, {
    headers,
  });
  return { status: response.status, bytes: Buffer.from(await response.arrayBuffer()) };
};
const current = async () =>
  (await http(server, 'server-admin', 'GET', pathOf('referenceLists', settings('admin1')))).body;

beforeAll(async () => {
  server = await startTestServer({
    files: { collectEveryMs: 0, graceMs: HOUR, now: () => new Date(clock.now).toISOString() },
  });
  for (const [name, role] of [
    ['admin1', 'admin'],
    ['admin2', 'admin'],
    ['manager1', 'manager'],
    ['mentor1', 'mentor'],
  ] as const) {
    await createAccount(server, name, [role]);
  }
});
afterAll(async () => {
  await server.close();
});

describe('the organisation’s settings over HTTP', () => {
  it('are refused to anonymous callers, mentors and managers, and taken from an admin', async () => {
    for (const who of ['anonymous', 'mentor1', 'manager1']) {
      const answer = await place(
        server,
        who,
        'referenceLists',
        settings(who, { logo: logoRef(logoPng) }),
      );
      expect(isRefused(answer), `${who}: ${JSON.stringify(answer)}`).toBe(true);
    }
    expect(
      (
        await place(
          server,
          'admin1',
          'referenceLists',
          settings('admin1', { logo: logoRef(logoPng) }),
        )
      ).status,
    ).toBe(201);
  });

  it('are not changed or deleted by a manager or mentor, and are by another admin', async () => {
    const stored = await current();
    for (const who of ['mentor1', 'manager1', 'anonymous']) {
      const path = pathOf('referenceLists', settings('admin1'));
      const edit = await http(server, who, 'PUT', path, { ...stored, logo: undefined });
      expect(isRefused(edit), `${who} edit: ${JSON.stringify(edit)}`).toBe(true);
      const deletion = await http(server, who, 'DELETE', `${path}?rev=${String(stored['_rev'])}`);
      expect(isRefused(deletion), `${who} delete: ${JSON.stringify(deletion)}`).toBe(true);
    }
    const { logo: _logo, ...withoutLogo } = stored;
    const path = pathOf('referenceLists', settings('admin1'));
    expect((await http(server, 'admin2', 'PUT', path, withoutLogo)).status).toBe(201);
    const again = await current();
    expect(
      (await http(server, 'admin2', 'PUT', path, { ...again, logo: logoRef(logoPng) })).status,
    ).toBe(201);
  });

  it('refuse a second settings document, an SVG logo, a logo over 1 MB, and a logo on a list entry', async () => {
    const path = pathOf('referenceLists', settings('admin1'));
    const stored = await current();
    const refusals = [
      await place(server, 'admin1', 'referenceLists', { ...settings('admin1'), _id: 'settings2' }),
      await http(server, 'admin1', 'PUT', path, {
        ...stored,
        logo: logoRef(logoPng, { mimeType: 'image/svg+xml', name: 'logo.svg' }),
      }),
      await http(server, 'admin1', 'PUT', path, {
        ...stored,
        logo: logoRef(logoPng, { size: 1024 * 1024 + 1 }),
      }),
      await place(server, 'admin1', 'referenceLists', {
        ...settings('admin1'),
        _id: 'ts-rust',
        list: 'techStack',
        name: 'Rust',
        logo: logoRef(logoPng),
      }),
    ];
    for (const answer of refusals) {
      expect(answer.status, JSON.stringify(answer)).toBe(403);
    }
  });

  it('the logo file: members read it, nobody signed out does; SVG and renamed bytes are refused', async () => {
    expect((await upload('admin1', logoPng)).status).toBe(201);
    for (const who of ['admin2', 'manager1', 'mentor1']) {
      const answer = await bytesOf(who, logoPng);
      expect(answer.status, who).toBe(200);
      expect(answer.bytes.equals(logoPng)).toBe(true);
    }
    const anonymous = await bytesOf('anonymous', logoPng);
    expect(isRefused({ status: anonymous.status, body: {} })).toBe(true);
    expect(anonymous.bytes.includes(logoPng.subarray(16, 40))).toBe(false);
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>');
    expect((await upload('admin1', svg, 'image/svg+xml')).status).toBe(403);
    expect((await upload('admin1', svg, 'image/png')).status).toBe(403);
  });

  it('the server’s collection keeps the logo while the settings refer to it, then takes it', async () => {
    expect(await server.collectFiles()).toEqual([]);
    clock.now += 2 * HOUR;
    expect((await server.collectFiles()).map((file) => file.hex)).not.toContain(hexOf(logoPng));
    expect((await bytesOf('mentor1', logoPng)).status).toBe(200);

    const { logo: _logo, ...withoutLogo } = await current();
    const path = pathOf('referenceLists', settings('admin1'));
    expect((await http(server, 'admin1', 'PUT', path, withoutLogo)).status).toBe(201);
    await server.collectFiles();
    clock.now += 2 * HOUR;
    expect((await server.collectFiles()).map((file) => file.hex)).toContain(hexOf(logoPng));
    expect((await bytesOf('mentor1', logoPng)).status).toBe(404);
  });
});
