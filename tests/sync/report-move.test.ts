// A report is one document that moves: a draft in its author's database, submitted in its
// programme's (shared/sync/layout). The author's laptop submits; their desktop holds the draft and
// reads the two databases on two feeds, which may answer in either order. Whatever the order, the
// desktop ends with the submitted report — never a deleted one, never the draft back — and the
// server holds one live copy (the programme's) and a tombstone where the draft was.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
import { startRemoteClient } from './remote-client';
import type { RemoteClient } from './remote-client';

const AUTHOR = 'mentor1';
const DRAFTS = databaseOf(personScope(AUTHOR));
const SUBMITTED = databaseOf(programmeScope('p1'));
const pathIn = (database: string, id: string) =>
  `/${database}/${encodeURIComponent(couchIdOf('reports', id))}`;

const draftOf = (id: string): ReportDoc => {
  const now = new Date().toISOString();
  return {
    id,
    type: 'programme',
    programmeId: 'p1',
    taskId: '',
    title: `Week ${id}`,
    achievements: 'Shipped the first page.',
    blockers: '',
    recommendations: '',
    state: 'draft',
    dateCreated: now,
    createdBy: AUTHOR,
    createdAt: now,
    updatedAt: now,
  };
};

/** A server where the author is a mentor of p1, run by manager1. */
const serverWithTheAuthor = async (): Promise<EmbeddedServer> => {
  const server = await startTestServer();
  await createAccount(server, 'manager1', ['manager']);
  await createAccount(server, AUTHOR, ['mentor']);
  await place(server, 'manager1', 'programmes', programme('p1', 'manager1'));
  await place(server, 'manager1', 'programmeMembers', membership('p1', AUTHOR, 'manager1'));
  return server;
};

/** Holds a database's live-feed answers that bring changes, until opened. */
const gate = () => {
  let held: string | undefined;
  let open: () => void = () => undefined;
  let opened = Promise.resolve();
  let delivered: () => void = () => undefined;
  let answered = Promise.resolve();
  return {
    hold: (database: string) => {
      held = database;
      opened = new Promise((resolve) => (open = resolve));
    },
    release: () => {
      held = undefined;
      open();
    },
    /** Resolves once the other feed has answered with changes and asked again. */
    expectAnswer: () => {
      answered = new Promise((resolve) => (delivered = resolve));
      return answered;
    },
    network: (): typeof fetch => {
      const asked = new Map<string, number>();
      return async (input, init) => {
        const url = new URL(String(input instanceof Request ? input.url : input));
        const database = url.pathname.split('/')[1] ?? '';
        const longpoll = url.searchParams.get('feed') === 'longpoll';
        if (longpoll && (asked.get(database) ?? 0) > 0 && database !== held) delivered();
        const response = await fetch(input, init);
        if (longpoll) {
          const body = (await response.clone().json()) as { results?: unknown[] };
          const changes = (body.results ?? []).length > 0;
          asked.set(database, changes ? 1 : 0);
          if (changes && database === held) await opened;
        }
        return response;
      };
    },
  };
};

describe('a report submitted on one machine, on the author’s other machine', () => {
  let server: EmbeddedServer;
  let laptop: RemoteClient;
  let desktop: TestClient;
  const feeds = gate();

  beforeAll(async () => {
    server = await serverWithTheAuthor();
    const account = { serverUrl: server.url, username: AUTHOR, password: passwordOf(AUTHOR) };
    laptop = await startRemoteClient(account);
    // The gate holds one database's own longpoll: one request per database.
    desktop = await startTestClient({ ...account, fetch: feeds.network(), multiplexFeeds: false });
    await waitFor(
      'the membership on the desktop',
      async () => (await desktop.database.programmeMembers.count().exec()) === 1,
    );
  }, 60_000);
  afterAll(async () => {
    feeds.release();
    await laptop.close();
    await desktop.close();
    await server.close();
  });

  const draftOnBoth = async (id: string) => {
    await laptop.call('insert', { collection: 'reports', doc: draftOf(id) });
    await waitFor(
      'the draft on the desktop',
      async () => (await desktop.database.reports.findOne(id).exec())?.state === 'draft',
    );
  };

  const submitOnTheLaptop = async (id: string) => {
    const draft = await laptop.call<ReportDoc>('get', { collection: 'reports', docId: id });
    const submitted = transition('report', draft, 'submitted', {
      by: AUTHOR,
      at: new Date().toISOString(),
    });
    if (!submitted.ok) throw new Error(submitted.error.message);
    await laptop.call('patch', {
      collection: 'reports',
      docId: id,
      fields: {
        state: 'submitted',
        transitions: submitted.doc.transitions,
        updatedAt: submitted.doc.updatedAt,
      },
    });
  };

  const seenOnTheDesktop = (id: string) => {
    const seen: string[] = [];
    const subscription = desktop.database.reports.$.subscribe((event) => {
      if (event.documentId !== id) return;
      seen.push(event.operation === 'DELETE' ? 'deleted' : event.documentData.state);
    });
    return { seen, stop: () => subscription.unsubscribe() };
  };

  const endsSubmitted = async (id: string) => {
    await waitFor(
      'the submitted report on the desktop',
      async () => (await desktop.database.reports.findOne(id).exec())?.state === 'submitted',
    );
    await desktop.waitForStatus((s) => s.state === 'idle' && s.outboxTotal === 0);
    // Long enough for anything held back to land.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await desktop.database.reports.findOne(id).exec())?.state).toBe('submitted');
    const there = await http(server, 'server-admin', 'GET', pathIn(SUBMITTED, id));
    expect(there.body).toMatchObject({ state: 'submitted', createdBy: AUTHOR });
    const left = await http(server, 'server-admin', 'GET', pathIn(DRAFTS, id));
    expect(left.status, 'the draft’s place holds a tombstone').toBe(404);
    expect(desktop.issues.current()).toEqual([]);
  };

  it('the programme’s feed first, then the tombstone in the author’s database', async () => {
    const watch = seenOnTheDesktop('r1');
    await draftOnBoth('r1');
    feeds.hold(DRAFTS);
    await submitOnTheLaptop('r1');
    await waitFor(
      'the submission on the desktop',
      async () => (await desktop.database.reports.findOne('r1').exec())?.state === 'submitted',
    );
    feeds.release();
    await endsSubmitted('r1');
    watch.stop();
    expect(watch.seen).toEqual(['draft', 'submitted']);
  });

  it('the tombstone in the author’s database first, then the programme’s feed', async () => {
    const watch = seenOnTheDesktop('r2');
    await draftOnBoth('r2');
    feeds.hold(SUBMITTED);
    const answered = feeds.expectAnswer();
    await submitOnTheLaptop('r2');
    // The author's database answered with the tombstone, and it was handed on.
    await answered;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await desktop.database.reports.findOne('r2').exec())?.state).toBe('draft');
    feeds.release();
    await endsSubmitted('r2');
    watch.stop();
    expect(watch.seen).toEqual(['draft', 'submitted']);
  });
});

describe('a draft whose answer was lost, submitted, the app restarted', () => {
  let server: EmbeddedServer;
  const directory = mkdtempSync(join(tmpdir(), 'mmm-report-move-'));
  let draftWritten: () => void = () => undefined;
  const draftReachedTheServer = new Promise<void>((resolve) => (draftWritten = resolve));
  let cut: () => void = () => undefined;
  const connectionCut = new Promise<void>((resolve) => (cut = resolve));
  let lost = false;

  /** The first write into the author's database reaches the server; its answer never comes back. */
  const network: typeof fetch = async (input, init) => {
    const url = new URL(String(input instanceof Request ? input.url : input));
    const response = await fetch(input, init);
    if (!lost && url.pathname === `/${DRAFTS}/_bulk_docs` && init?.method === 'POST') {
      lost = true;
      draftWritten();
      await connectionCut;
      throw new TypeError('fetch failed');
    }
    return response;
  };
  const account = () => ({
    serverUrl: server.url,
    username: AUTHOR,
    password: passwordOf(AUTHOR),
    directory,
  });

  beforeAll(async () => {
    server = await serverWithTheAuthor();
  }, 60_000);
  afterAll(async () => {
    cut();
    await server.close();
    rmSync(directory, { recursive: true, force: true });
  });

  it('the server ends with one live copy: the submitted report, and a tombstone for the draft', async () => {
    // Convergence seed 1832980961: after the restart the push of the submission knew no earlier
    // server version, wrote the report into the programme and left the draft live in the
    // author's database.
    const before = await startTestClient({ ...account(), fetch: network });
    await waitFor(
      'the membership on the machine',
      async () => (await before.database.programmeMembers.count().exec()) === 1,
    );
    const draft = await before.database.reports.insert(draftOf('r3'));
    await draftReachedTheServer;
    const next = transition('report', draft.toJSON() as ReportDoc, 'submitted', {
      by: AUTHOR,
      at: new Date().toISOString(),
    });
    if (!next.ok) throw new Error(next.error.message);
    await draft.incrementalPatch({
      state: 'submitted',
      transitions: next.doc.transitions,
      updatedAt: next.doc.updatedAt,
    });
    const closing = before.close();
    cut();
    await closing;

    const after = await startTestClient(account());
    try {
      await waitFor(
        'the submitted report on the server',
        async () =>
          (await http(server, 'server-admin', 'GET', pathIn(SUBMITTED, 'r3'))).status === 200,
      );
      await after.waitForStatus((s) => s.state === 'idle' && s.outboxTotal === 0);
      const left = await http(server, 'server-admin', 'GET', pathIn(DRAFTS, 'r3'));
      expect(left.status, 'the draft’s place holds a tombstone').toBe(404);
      expect((await after.database.reports.findOne('r3').exec())?.state).toBe('submitted');
      expect(after.issues.current()).toEqual([]);
    } finally {
      await after.close();
    }
  }, 90_000);
});
