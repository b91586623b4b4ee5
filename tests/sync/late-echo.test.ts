// The echo of a push that RxDB holds back while the next push runs, then puts over the newer
// version (found by the convergence test: a mentor's submitted report went back to a draft on
// their machine, the draft was discarded there, and the discard lost to the submission). The
// fetch wrapper drops a change older than what this client wrote, but only while the answer
// passes through it: RxDB keeps every change from the server until a push under way ends, and
// this one was read before the push wrote. Here the network holds the two requests in that order.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { transition } from '../../shared/domain';
import type { ReportDoc } from '../../shared/schema';
import { couchIdOf, databaseOf, personScope, programmeScope } from '../../shared/sync/layout';
import type { EmbeddedServer } from '../../server/embedded/startEmbeddedServer';
import { membership, programme } from '../server/docs';
import {
  createAccount,
  http,
  passwordOf,
  place,
  startTestServer,
  waitFor,
} from '../server/harness';
import { startTestClient } from './client';
import type { TestClient } from './client';

// A draft lives in its author's database, a submitted report in its programme's (shared/sync/layout).
const DRAFTS = databaseOf(personScope('mentor1'));
const SUBMITTED = databaseOf(programmeScope('p1'));
const R1 = encodeURIComponent(couchIdOf('reports', 'r1'));

const deferred = () => {
  let open: () => void = () => undefined;
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
};

describe('an echo held back while the next push runs', () => {
  let server: EmbeddedServer;
  let mentor: TestClient;
  /** While set, live-feed answers about reports wait for it (the echo of the first push). */
  let echo: ReturnType<typeof deferred> | undefined;
  /** While set, the next push of reports waits for it before reading the server's versions. */
  let pushRead: ReturnType<typeof deferred> | undefined;
  /** Resolved when a push of reports reads the server's versions. */
  let pushReading = deferred();
  /** Resolved when the live feed asks again: the answer before it has been handed to RxDB. */
  let feedAsksAgain = deferred();

  beforeAll(async () => {
    server = await startTestServer();
    await createAccount(server, 'manager1', ['manager']);
    await createAccount(server, 'mentor1', ['mentor']);
    await place(server, 'manager1', 'programmes', programme('p1', 'manager1'));
    await place(server, 'manager1', 'programmeMembers', membership('p1', 'mentor1', 'manager1'));
    const network: typeof fetch = async (input, init) => {
      const url = new URL(String(input instanceof Request ? input.url : input));
      const onReports =
        url.pathname.includes(`/${DRAFTS}/`) || url.pathname.includes(`/${SUBMITTED}/`);
      const longpoll = url.searchParams.get('feed') === 'longpoll';
      if (onReports && longpoll) feedAsksAgain.open();
      if (onReports && url.pathname.endsWith('/_all_docs') && init?.method === 'POST') {
        pushReading.open();
        await pushRead?.promise;
      }
      const response = await fetch(input, init);
      if (!onReports || !longpoll) return response;
      // The server answers a longpoll's headers at once and its body when a change comes: the
      // body is what is held.
      const text = await response.text();
      const body = JSON.parse(text) as { results?: unknown[] };
      if (echo && (body.results ?? []).length > 0) await echo.promise;
      return new Response(text, { status: response.status, headers: response.headers });
    };
    mentor = await startTestClient({
      serverUrl: server.url,
      username: 'mentor1',
      password: passwordOf('mentor1'),
      fetch: network,
      // The network holds the reports database's own longpoll: one request per database.
      multiplexFeeds: false,
    });
    await mentor.waitForStatus((s) => s.state === 'idle');
    await waitFor(
      'the membership here',
      async () => (await mentor.database.programmeMembers.count().exec()) === 1,
    );
  });
  afterAll(async () => {
    echo?.open();
    pushRead?.open();
    await mentor.close();
    await server.close();
  });

  it('a report submitted right after it was written never goes back to a draft here', async () => {
    const states: string[] = [];
    const subscription = mentor.database.reports.$.subscribe((event) => {
      if (event.documentId === 'r1') states.push(event.documentData.state);
    });
    echo = deferred();
    const now = new Date().toISOString();
    const draft: ReportDoc = {
      id: 'r1',
      type: 'programme',
      programmeId: 'p1',
      taskId: '',
      title: 'Week 1',
      achievements: 'Shipped the first page.',
      blockers: '',
      recommendations: '',
      state: 'draft',
      dateCreated: now,
      createdBy: 'mentor1',
      createdAt: now,
      updatedAt: now,
    };
    const local = await mentor.database.reports.insert(draft);
    // The draft reaches the server; its echo comes back on the live feed and is held there.
    await expect
      .poll(async () => (await http(server, 'server-admin', 'GET', `/${DRAFTS}/${R1}`)).status)
      .toBe(200);
    await mentor.waitForStatus((s) => s.outboxTotal === 0);

    // The author submits; the push reads the server's versions and waits there.
    pushRead = deferred();
    pushReading = deferred();
    const submitted = transition('report', draft, 'submitted', {
      by: 'mentor1',
      at: new Date().toISOString(),
    });
    if (!submitted.ok) throw new Error(submitted.error.message);
    await local.incrementalPatch({
      state: 'submitted',
      transitions: submitted.doc.transitions,
      updatedAt: submitted.doc.updatedAt,
    });
    await pushReading.promise;

    // The echo of the draft passes the wrapper now (no write is under way yet) and RxDB keeps it
    // until the push ends; then the push writes the submission.
    feedAsksAgain = deferred();
    echo.open();
    echo = undefined;
    await feedAsksAgain.promise;
    pushRead.open();

    await mentor.waitForStatus((s) => s.state === 'idle' && s.outboxTotal === 0, 20_000);
    const onServer = (await http(server, 'server-admin', 'GET', `/${SUBMITTED}/${R1}`)).body;
    expect(onServer).toMatchObject({ state: 'submitted' });
    // Long enough for RxDB to have put anything it held in place.
    await new Promise((resolve) => setTimeout(resolve, 500));
    subscription.unsubscribe();
    expect(states, 'what this machine showed of the report').toEqual(['draft', 'submitted']);
    expect((await mentor.database.reports.findOne('r1').exec())?.state).toBe('submitted');
  });
});
