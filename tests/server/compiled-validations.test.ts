// validate_doc_update compiled once per design document revision (server/embedded/
// compiled-validations.ts), not once per write as pouchdb-validation does by itself: the rules
// still refuse what they refuse, and a new revision of the rules takes effect at once.
import couchEval from 'couchdb-eval';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedServer } from '../../server/embedded/startEmbeddedServer';
import { couchIdOf, databaseOf, programmeScope } from '../../shared/sync/layout';

// Every real compilation, counted beneath the server's cache: installed before the server's
// module is loaded (dynamic imports below), so the cache wraps this counter.
let compilations = 0;
const compile = couchEval.evaluate.bind(couchEval);
couchEval.evaluate = (requireContext, extraVars, program) => {
  compilations += 1;
  return compile(requireContext, extraVars, program);
};
const validationCompilations = () => compilations;
const { programme, task } = await import('./docs');
const { createAccount, http, place, placeAll, startTestServer, waitForDatabase } =
  await import('./harness');

const P1 = databaseOf(programmeScope('p1'));
let server: EmbeddedServer;

beforeAll(async () => {
  server = await startTestServer();
  await createAccount(server, 'manager1', ['manager']);
  await place(server, 'manager1', 'programmes', programme('p1', 'manager1'));
  await waitForDatabase(server, 'manager1', P1);
});
afterAll(async () => {
  await server.close();
});

describe('the rules of a database', () => {
  it('are compiled once for many writes, and still refuse what breaks them', async () => {
    // The first write compiles them (if nothing has yet); the next 40 reuse it.
    await place(server, 'manager1', 'tasks', task('t-first', 'manager1', []));
    const before = validationCompilations();
    await placeAll(
      server,
      'tasks',
      Array.from({ length: 40 }, (_, i) => task(`t${i}`, 'manager1', [])),
    );
    expect(validationCompilations() - before).toBe(0);
    const broken = await place(server, 'manager1', 'tasks', {
      ...task('t-broken', 'manager1', []),
      status: 'no such status',
    });
    expect(broken.status).toBe(403);
    expect(validationCompilations() - before).toBe(0);
  });

  it('take effect at once when their design document changes', async () => {
    const design = await http(server, 'server-admin', 'GET', `/${P1}/_design/mmm`);
    const replaced = await http(server, 'server-admin', 'PUT', `/${P1}/_design/mmm`, {
      ...design.body,
      validate_doc_update:
        'function (newDoc) { if (!newDoc._deleted) throw { forbidden: "Closed for the test." }; }',
    });
    expect(replaced.status).toBe(201);
    const before = validationCompilations();
    const refused = await place(server, 'manager1', 'tasks', task('t-new', 'manager1', []));
    expect(refused.status).toBe(403);
    expect(refused.body['reason']).toBe('Closed for the test.');
    expect(validationCompilations() - before).toBe(1);
    // And back: the former rules, a revision again, let a good task through.
    const current = await http(server, 'server-admin', 'GET', `/${P1}/_design/mmm`);
    await http(server, 'server-admin', 'PUT', `/${P1}/_design/mmm`, {
      ...design.body,
      _rev: current.body._rev,
    });
    const written = await http(
      server,
      'manager1',
      'PUT',
      `/${P1}/${couchIdOf('tasks', 't-again')}`,
      {
        ...task('t-again', 'manager1', []),
        _id: couchIdOf('tasks', 't-again'),
      },
    );
    expect(written.status).toBe(201);
  });
});
