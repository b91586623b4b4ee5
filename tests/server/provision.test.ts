import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedServer } from '../../server/embedded/startEmbeddedServer';
import {
  couchIdOf,
  databaseOf,
  orgScope,
  personScope,
  programmeScope,
} from '../../shared/sync/layout';
import { DESIGN_DOC_ID } from '../../server/provision/designDocs';
import { provision } from '../../server/provision/provision';
import { programme, task } from './docs';
import { ADMIN, createAccount, http, place, put, startTestServer, waitFor } from './harness';

/** Provisioning is idempotent, and what it installs refuses malformed documents with a reason. */
let server: EmbeddedServer;

const provisionAgain = () =>
  provision({ url: server.url, admin: ADMIN, fetch, replicateBy: 'name' });

/** Every design document, `_security` object and replication the server holds. */
const snapshot = async () => {
  const names = (await http(server, 'server-admin', 'GET', '/_all_dbs'))
    .body as unknown as string[];
  const state: Record<string, unknown> = {};
  for (const name of names) {
    state[`${name}/_security`] = (
      await http(server, 'server-admin', 'GET', `/${name}/_security`)
    ).body;
    const designs = await http(
      server,
      'server-admin',
      'GET',
      `/${name}/_all_docs?include_docs=true&startkey=%22_design%2F%22&endkey=%22_design0%22`,
    );
    state[`${name}/designs`] = designs.body.rows;
  }
  const replications = await http(
    server,
    'server-admin',
    'GET',
    '/_replicator/_all_docs?include_docs=true',
  );
  state.replications = (replications.body.rows as { doc: Record<string, unknown> }[])
    .filter((row) => !String(row.doc._id).startsWith('_design/'))
    .map(({ doc }) => ({
      id: doc._id,
      rev: doc._rev,
      source: doc.source,
      target: doc.target,
      selector: doc.selector,
    }));
  return state;
};

const ORG = databaseOf(orgScope);
const P1 = databaseOf(programmeScope('p1'));

beforeAll(async () => {
  server = await startTestServer();
  await createAccount(server, 'manager1', ['manager']);
  await createAccount(server, 'mentor1', ['mentor']);
  expect((await place(server, 'manager1', 'programmes', programme('p1', 'manager1'))).status).toBe(
    201,
  );
  const lastOfMentor1 = `/${databaseOf(personScope('mentor1'))}/${DESIGN_DOC_ID}`;
  await waitFor(
    'mentor1’s and the programme’s databases',
    async () =>
      (await http(server, 'server-admin', 'GET', lastOfMentor1)).status === 200 &&
      (await http(server, 'server-admin', 'GET', `/${P1}/${DESIGN_DOC_ID}`)).status === 200,
  );
  // Two for the organisation, two per person.
  await waitFor('the replications', async () => {
    const rows = (await http(server, 'server-admin', 'GET', '/_replicator/_all_docs')).body.rows;
    return Array.isArray(rows) && rows.length >= 2 + 2 * 2;
  });
});
afterAll(async () => {
  await server.close();
});

describe('provisioning', () => {
  it('a second run changes nothing: design documents, _security and replications stay as they are', async () => {
    const before = await snapshot();
    const { changes } = await provisionAgain();
    expect(changes).toEqual([]);
    expect(await snapshot()).toEqual(before);
  });

  it('a changed rule, or a tampered _security, is put back by the next run', async () => {
    const path = `/${P1}/${DESIGN_DOC_ID}`;
    const current = await http(server, 'server-admin', 'GET', path);
    await http(server, 'server-admin', 'PUT', path, {
      ...current.body,
      validate_doc_update: 'function () {}',
    });
    await http(server, 'server-admin', 'PUT', `/${ORG}/_security`, {
      members: { names: [], roles: [] },
    });
    const { changes } = await provisionAgain();
    expect(changes).toEqual([`set _security of ${ORG}`, `updated ${P1}/${DESIGN_DOC_ID}`]);
    const restored = await http(server, 'server-admin', 'GET', path);
    expect(restored.body.validate_doc_update).toBe(current.body.validate_doc_update);
  });
});

describe('malformed documents are refused with a reason', () => {
  const cases: [string, Record<string, unknown>, RegExp][] = [
    ['a wrong type', { name: 42 }, /name must be a string/],
    ['a missing field', { criteria: undefined }, /criteria is missing/],
    ['an unknown field', { owner: 'x' }, /owner is not a known field/],
    ['an oversized field', { description: 'x'.repeat(20_001) }, /longer than 20000/],
    [
      'an oversized document',
      {
        criteria: Array(50).fill({
          id: 'q',
          label: 'x'.repeat(6000),
          type: 'text',
          required: true,
        }),
      },
      /longer than|larger than/,
    ],
    ['a value outside the enum', { status: 'frozen' }, /status is not one of/],
    ['a malformed date', { dateCreated: 'yesterday' }, /dateCreated is not a valid date-time/],
  ];
  for (const [what, change, reason] of cases) {
    it(`refuses ${what}`, async () => {
      const doc = { ...programme(`bad-${what}`, 'manager1'), ...change };
      const answer = await place(server, 'manager1', 'programmes', doc);
      expect(answer.status).toBe(403);
      expect(String(answer.body.reason)).toMatch(reason);
    });
  }

  it('refuses a document that is not an object of the collection at all', async () => {
    const answer = await put(server, 'manager1', P1, {
      _id: couchIdOf('tasks', 'x'),
      programmeId: 'p1',
      hello: 'world',
    });
    expect(answer.status).toBe(403);
    expect(String(answer.body.reason)).toMatch(/is missing/);
    const ok = await place(server, 'manager1', 'tasks', task('t1', 'manager1', []));
    expect(ok.status).toBe(201);
  });
});
