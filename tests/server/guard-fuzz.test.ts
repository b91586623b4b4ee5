import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedServer } from '../../server/embedded/startEmbeddedServer';
import { databaseOf, personScope } from '../../shared/sync/layout';
import { databaseExists, http, raw, startTestServer, waitFor } from './harness';
import { seedOrganisation } from './seed';

/**
 * Every route the guard allows or refuses, sent as each kind of caller through every spelling of
 * its path an attacker might try (`%5F`, `%2F`, upper case, `//`, `/./`, `..`, a trailing `/`,
 * all of it percent-encoded): the answer never depends on the spelling, each caller gets what
 * their role allows, and the server keeps serving and keeps its data. A deterministic matrix, then
 * random mixes of the same spellings (GUARD_FUZZ_RUNS sets how many; 150 by default).
 */
const ROLES = ['anonymous', 'applicant', 'mentor1', 'manager1', 'admin1'] as const;
type Role = (typeof ROLES)[number];
const APP = ['mentor1', 'manager1', 'admin1'] as const;

interface Probe {
  readonly method: string;
  readonly segments: readonly string[];
  readonly body?: unknown;
  /** Who gets through the guard; 'any' when only the sameness across spellings is checked. */
  readonly allowed: readonly Role[] | 'any';
}

const chatDb = databaseOf({ kind: 'chat', chatId: 'fuzz-chat' });
const privateDb = databaseOf(personScope('mentor1'));
/** The organisation's database, which every app role reads, and a document in it. */
const ORG = 'mmm-org';
const DOC = 'programmes:p1';
const none: readonly Role[] = [];

const probes: readonly Probe[] = [
  { method: 'GET', segments: [], allowed: ROLES },
  { method: 'GET', segments: ['_session'], allowed: ROLES },
  { method: 'GET', segments: ['_all_dbs'], allowed: none },
  { method: 'GET', segments: ['_active_tasks'], allowed: none },
  { method: 'GET', segments: ['_config', 'admins'], allowed: none },
  { method: 'GET', segments: ['_node', '_local', '_config'], allowed: none },
  { method: 'GET', segments: ['_utils'], allowed: none },
  { method: 'GET', segments: ['_uuids'], allowed: none },
  { method: 'GET', segments: ['_stats'], allowed: none },
  {
    method: 'POST',
    segments: ['_replicate'],
    body: { source: ORG, target: 'x' },
    allowed: none,
  },
  { method: 'GET', segments: ['_replicator', '_all_docs'], allowed: none },
  { method: 'GET', segments: ['_users', '_all_docs'], allowed: ['admin1'] },
  { method: 'GET', segments: ['_users', '_changes'], allowed: none },
  { method: 'GET', segments: ['_users', '_design', '_auth'], allowed: none },
  { method: 'POST', segments: ['_users', '_find'], body: { selector: {} }, allowed: none },
  {
    method: 'GET',
    segments: ['_users', 'org.couchdb.user:mentor1'],
    allowed: ['mentor1', 'admin1'],
  },
  {
    method: 'PUT',
    segments: ['_users', 'org.couchdb.user:fuzz-root'],
    body: { name: 'fuzz-root', type: 'user', roles: ['_admin'], password: 'x' },
    allowed: none,
  },
  { method: 'GET', segments: [ORG], allowed: APP },
  { method: 'GET', segments: [ORG, '_all_docs'], allowed: APP },
  { method: 'POST', segments: [ORG, '_all_docs'], body: { keys: [DOC] }, allowed: APP },
  { method: 'GET', segments: [ORG, '_changes'], allowed: APP },
  {
    method: 'POST',
    segments: [ORG, '_bulk_get'],
    body: { docs: [{ id: DOC }] },
    allowed: APP,
  },
  { method: 'POST', segments: [ORG, '_bulk_docs'], body: { docs: [] }, allowed: APP },
  { method: 'GET', segments: [ORG, DOC], allowed: APP },
  { method: 'PUT', segments: [ORG, DOC], body: { title: 'x' }, allowed: 'any' },
  { method: 'GET', segments: [ORG, '_design', 'mmm'], allowed: none },
  { method: 'PUT', segments: [ORG, '_design', 'mmm'], body: { views: {} }, allowed: none },
  { method: 'GET', segments: [ORG, '_design', 'mmm', '_view', 'x'], allowed: none },
  { method: 'GET', segments: [ORG, '_local', 'x'], allowed: none },
  { method: 'GET', segments: [ORG, '_security'], allowed: none },
  { method: 'PUT', segments: [ORG, '_security'], body: { members: {} }, allowed: none },
  { method: 'POST', segments: [ORG, '_find'], body: { selector: {} }, allowed: none },
  { method: 'POST', segments: [ORG, '_explain'], body: { selector: {} }, allowed: none },
  { method: 'GET', segments: [ORG, '_index'], allowed: none },
  {
    method: 'POST',
    segments: [ORG, '_index'],
    body: { index: { fields: ['title'] }, ddoc: 'mmm' },
    allowed: none,
  },
  {
    method: 'DELETE',
    segments: [ORG, '_index', '_design', 'mmm', 'json', 'x'],
    allowed: none,
  },
  { method: 'POST', segments: [ORG, '_purge'], body: { [DOC]: ['1-x'] }, allowed: none },
  { method: 'POST', segments: [ORG, '_compact'], allowed: none },
  { method: 'POST', segments: [ORG, '_revs_diff'], body: {}, allowed: none },
  { method: 'POST', segments: [ORG, '_view_cleanup'], allowed: none },
  { method: 'POST', segments: [ORG], body: { _id: 'new' }, allowed: none },
  { method: 'DELETE', segments: [ORG], allowed: none },
  { method: 'PUT', segments: ['mmm-fuzz-new'], allowed: none },
  { method: 'GET', segments: ['mmm-decisions', '_all_docs'], allowed: ['manager1', 'admin1'] },
  { method: 'GET', segments: ['mmm-inbox', '_all_docs'], allowed: none },
  { method: 'GET', segments: [privateDb, '_all_docs'], allowed: ['mentor1'] },
  { method: 'GET', segments: [chatDb, '_all_docs'], allowed: ['mentor1', 'manager1'] },
  { method: 'GET', segments: ['mmm-nothing-here', '_all_docs'], allowed: none },
];

/** Spellings of one segment; a route segment (`_x`) has the most. */
const segmentSpellings = (segment: string): string[] => {
  const escapeAll = [...new TextEncoder().encode(segment)]
    .map((byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`)
    .join('');
  const plain = [segment, escapeAll];
  if (!segment.startsWith('_')) return plain;
  const rest = segment.slice(1);
  return [...plain, `%5F${rest}`, `%5f${rest}`, segment.toUpperCase(), `%5F${rest.toUpperCase()}`];
};

const SEPARATORS = ['/', '//', '/./', '/%2F', '/%2f', '/junk/../', '/junk/%2E%2E/'];

/** The deterministic spellings of a whole path. */
const pathSpellings = (segments: readonly string[]): string[] => {
  const join = (parts: readonly string[], separator: string) => `/${parts.join(separator)}`;
  const routeWise = (pick: (segment: string) => string) => segments.map(pick);
  const first = (segment: string) => segmentSpellings(segment);
  if (segments.length === 0) return ['/', '//', '/./', '/junk/..', '/junk/../'];
  return [
    join(segments, '/'),
    `${join(segments, '/')}/`,
    ...SEPARATORS.slice(1).map((separator) => `${separator}${segments.join(separator)}`),
    join(
      routeWise((s) => first(s)[1] ?? s),
      '/',
    ),
    join(
      routeWise((s) => first(s)[2] ?? s),
      '/',
    ),
    join(
      routeWise((s) => first(s)[3] ?? s),
      '/',
    ),
    join(
      routeWise((s) => first(s)[4] ?? s),
      '/',
    ),
    join(
      routeWise((s) => first(s)[5] ?? s),
      '//',
    ),
    `${join(
      routeWise((s) => first(s)[2] ?? s),
      '/./',
    )}/`,
  ];
};

let server: EmbeddedServer;
const answers = new Map<string, number>();

const statusOf = async (probe: Probe, role: Role, path: string) =>
  (await raw(server, role, probe.method, path, probe.body)).status;

/** The answer to the canonical spelling, asked once. */
const canonicalStatus = async (probe: Probe, role: Role) => {
  const key = `${role} ${probe.method} /${probe.segments.join('/')}`;
  const known = answers.get(key);
  if (known !== undefined) return known;
  const status = await statusOf(
    probe,
    role,
    `/${probe.segments.map(encodeURIComponent).join('/')}`,
  );
  answers.set(key, status);
  return status;
};

const refusedStatus = (status: number) => status === 401 || status === 403;

const snapshot = async () => ({
  databases: (await http(server, 'server-admin', 'GET', '/_all_dbs')).body,
  design: (await http(server, 'server-admin', 'GET', `/${ORG}/_design/mmm`)).body._rev,
  auth: (await http(server, 'server-admin', 'GET', '/_users/_design/_auth')).body._rev,
  task: (await http(server, 'server-admin', 'GET', `/${ORG}/${encodeURIComponent(DOC)}`)).body._rev,
  security: (await http(server, 'server-admin', 'GET', `/${ORG}/_security`)).body,
  account: (await http(server, 'server-admin', 'GET', '/_users/org.couchdb.user:mentor1')).body
    ._rev,
});
let before: Awaited<ReturnType<typeof snapshot>>;

beforeAll(async () => {
  server = await startTestServer();
  await seedOrganisation(server, {
    accounts: { admin1: ['admin'], manager1: ['manager'], mentor1: ['mentor'], applicant: [] },
    directChat: { id: 'fuzz-chat', memberIds: ['mentor1', 'manager1'] },
  });
  await waitFor('the private database', () => databaseExists(server, privateDb));
  before = await snapshot();
}, 120_000);
afterAll(async () => {
  await server.close();
});

describe('the guard’s decisions', () => {
  it('follow each role, whoever asks', async () => {
    for (const probe of probes) {
      if (probe.allowed === 'any') continue;
      for (const role of ROLES) {
        const status = await canonicalStatus(probe, role);
        const what = `${role} ${probe.method} /${probe.segments.join('/')} → ${status}`;
        expect(refusedStatus(status), what).toBe(!probe.allowed.includes(role));
      }
    }
  });

  it('never change with the spelling of the path', { timeout: 120_000 }, async () => {
    for (const probe of probes) {
      for (const role of ROLES) {
        const expected = await canonicalStatus(probe, role);
        for (const path of pathSpellings(probe.segments)) {
          expect(await statusOf(probe, role, path), `${role} ${probe.method} ${path}`).toBe(
            expected,
          );
        }
      }
    }
  });

  it('never change with random mixes of spellings', { timeout: 120_000 }, async () => {
    const runs = Number(process.env['GUARD_FUZZ_RUNS'] ?? 150);
    const spelled = fc
      .record({
        probe: fc.constantFrom(...probes),
        role: fc.constantFrom(...ROLES),
        picks: fc.array(fc.nat(), { minLength: 8, maxLength: 8 }),
        separators: fc.array(fc.constantFrom(...SEPARATORS), { minLength: 8, maxLength: 8 }),
        trailing: fc.boolean(),
      })
      .map(({ probe, role, picks, separators, trailing }) => {
        const parts = probe.segments.map((segment, index) => {
          const spellings = segmentSpellings(segment);
          return spellings[(picks[index] ?? 0) % spellings.length] ?? segment;
        });
        const path = parts.reduce(
          (text, part, index) => `${text}${separators[index] ?? '/'}${part}`,
          '',
        );
        return { probe, role, path: `${path || '/'}${trailing ? '/' : ''}` };
      });
    await fc.assert(
      fc.asyncProperty(spelled, async ({ probe, role, path }) => {
        expect(await statusOf(probe, role, path), `${role} ${probe.method} ${path}`).toBe(
          await canonicalStatus(probe, role),
        );
      }),
      { numRuns: runs, seed: Number(process.env['GUARD_FUZZ_SEED'] ?? 11) },
    );
  });

  it('leave the server serving, with its data and rules as they were', async () => {
    expect((await raw(server, 'anonymous', 'GET', '/')).status).toBe(200);
    expect((await raw(server, 'mentor1', 'GET', `/${ORG}/${encodeURIComponent(DOC)}`)).status).toBe(
      200,
    );
    expect(await snapshot()).toEqual(before);
  });
});
