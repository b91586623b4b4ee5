// The sync panel's actions on real issues: documents the embedded server refused, a conflict,
// and a misfit from the server. The refusals are genuine: the person's role is taken away on the
// server while this machine still works with the role it signed in with.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncIssue } from '../../shared/contract';
import { couchIdOf, databaseOf, orgScope } from '../../shared/sync/layout';
import { http, update } from '../server/harness';
import { startAppHarness } from '../support/app-harness';
import type { AppHarness } from '../support/app-harness';

/** Reference lists live in the organisation's database, as `referenceLists:<id>`. */
const REFERENCE_LISTS = databaseOf(orgScope);
const listId = (id: string) => encodeURIComponent(couchIdOf('referenceLists', id));

describe('sync issues: retry, discard, restore', () => {
  let app: AppHarness;

  const setServerRole = async (role: 'admin' | 'mentor') => {
    const answer = await update(app.server, 'server-admin', '_users', 'org.couchdb.user:admin', {
      roles: [role],
    });
    expect(answer.status).toBe(201);
  };
  const serverDoc = (id: string) =>
    http(app.server, 'server-admin', 'GET', `/${REFERENCE_LISTS}/${listId(id)}`);
  const issueAbout = (docId: string, kind: SyncIssue['kind']) => (issues: readonly SyncIssue[]) =>
    issues.some((issue) => issue.docId === docId && issue.kind === kind);
  const entries = async () => (await app.first('referenceLists.all', {})).techStack;

  beforeAll(async () => {
    app = await startAppHarness();
    await app.account('admin', 'admin');
    await app.signIn('admin');
  });
  afterAll(async () => {
    await app.close();
  });

  it('a refused new document: retry is refused again, discard removes it', async () => {
    await setServerRole('mentor');
    const entry = await app.call('referenceLists.add', { list: 'techStack', name: 'Elixir' });
    const issues = await app.until('sync.issues', {}, issueAbout(entry.id, 'rejected'));
    const issue = issues.find((i) => i.docId === entry.id);
    expect(issue).toMatchObject({
      kind: 'rejected',
      collection: 'referenceLists',
      message: 'A mentor may not keep the reference lists (tech stacks, job roles).',
    });
    // The refused document stays here, flagged, and does not block the outbox.
    expect((await entries()).map((e) => e.name)).toContain('Elixir');
    expect((await serverDoc(entry.id)).status).toBe(404);

    // Still refused: the retry asks the server, which says no again; the issue stays.
    const retry = await app.attempt('sync.retryIssue', { id: issue?.id ?? '' });
    expect(retry).toMatchObject({
      ok: false,
      error: {
        code: 'forbidden',
        message:
          'The server refused it again: A mentor may not keep the reference lists (tech stacks, job roles).',
      },
    });
    expect(issueAbout(entry.id, 'rejected')(await app.first('sync.issues', {}))).toBe(true);

    await app.call('sync.discardIssue', { id: issue?.id ?? '' });
    expect((await entries()).map((e) => e.id)).not.toContain(entry.id);
    expect((await app.first('sync.issues', {})).some((i) => i.docId === entry.id)).toBe(false);
    await app.synced();
    expect((await app.first('sync.issues', {})).some((i) => i.docId === entry.id)).toBe(false);
    await setServerRole('admin');
  });

  it('a refused new document goes up once its cause is fixed', async () => {
    await setServerRole('mentor');
    const entry = await app.call('referenceLists.add', { list: 'techStack', name: 'Haskell' });
    const issues = await app.until('sync.issues', {}, issueAbout(entry.id, 'rejected'));
    const issue = issues.find((i) => i.docId === entry.id);
    await setServerRole('admin');
    await app.call('sync.retryIssue', { id: issue?.id ?? '' });
    await app.synced();
    expect((await serverDoc(entry.id)).body).toMatchObject({ name: 'Haskell' });
    expect((await app.first('sync.issues', {})).some((i) => i.docId === entry.id)).toBe(false);
  });

  it('a refused change: retry sends it once allowed, discard puts the server’s version back', async () => {
    const entry = await app.call('referenceLists.add', { list: 'techStack', name: 'Kotlin' });
    await app.synced();
    await setServerRole('mentor');
    await app.call('referenceLists.rename', { list: 'techStack', id: entry.id, name: 'Kotlin 2' });
    let issues = await app.until('sync.issues', {}, issueAbout(entry.id, 'rejected'));
    let issue = issues.find((i) => i.docId === entry.id);
    expect(issue?.localVersion).toMatchObject({ id: entry.id, name: 'Kotlin 2' });

    // Allowed again: the retry carries the change itself, not the server's older name.
    await setServerRole('admin');
    await app.call('sync.retryIssue', { id: issue?.id ?? '' });
    expect((await serverDoc(entry.id)).body).toMatchObject({ name: 'Kotlin 2' });
    await app.synced();
    expect((await entries()).find((e) => e.id === entry.id)?.name).toBe('Kotlin 2');
    expect((await serverDoc(entry.id)).body).toMatchObject({ name: 'Kotlin 2' });
    expect((await app.first('sync.issues', {})).filter((i) => i.docId === entry.id)).toEqual([]);

    // Refused again, and this time dropped: the server's version comes back.
    await setServerRole('mentor');
    await app.call('referenceLists.rename', { list: 'techStack', id: entry.id, name: 'Kotlin 3' });
    issues = await app.until('sync.issues', {}, issueAbout(entry.id, 'rejected'));
    issue = issues.find((i) => i.docId === entry.id);
    await setServerRole('admin');
    await app.call('sync.discardIssue', { id: issue?.id ?? '' });
    expect((await entries()).find((e) => e.id === entry.id)?.name).toBe('Kotlin 2');
    await app.synced();
    expect((await serverDoc(entry.id)).body).toMatchObject({ name: 'Kotlin 2' });
    expect((await app.first('sync.issues', {})).filter((i) => i.docId === entry.id)).toEqual([]);
  });

  it('a refused change the server’s version then replaced here: retry still sends the change', async () => {
    const entry = await app.call('referenceLists.add', { list: 'techStack', name: 'Swift' });
    await app.synced();
    await setServerRole('mentor');
    await app.call('referenceLists.rename', { list: 'techStack', id: entry.id, name: 'Swift 2' });
    const issues = await app.until('sync.issues', {}, issueAbout(entry.id, 'rejected'));
    const issue = issues.find((i) => i.docId === entry.id);
    // The record names what the refused write changed, with its value.
    expect(issue).toMatchObject({ fields: ['name'], localVersion: { name: 'Swift 2' } });

    // Somebody renames it on the server meanwhile; that version comes down and replaces the local
    // copy (RxDB took the refused write for the server's version). The record still holds the
    // refused change. (A late echo of this machine's own earlier write did the same in CI.)
    const elsewhere = await update(
      app.server,
      'server-admin',
      REFERENCE_LISTS,
      couchIdOf('referenceLists', entry.id),
      { name: 'Swift (Apple)', updatedAt: new Date(Date.now() + 1000).toISOString() },
    );
    expect(elsewhere.status).toBe(201);
    await app.until('referenceLists.all', {}, (lists) =>
      lists.techStack.some((e) => e.id === entry.id && e.name === 'Swift (Apple)'),
    );

    // Allowed again: Retry sends the refused change, not the copy this machine holds now.
    await setServerRole('admin');
    await app.call('sync.retryIssue', { id: issue?.id ?? '' });
    expect((await serverDoc(entry.id)).body).toMatchObject({ name: 'Swift 2' });
    await app.synced();
    expect((await entries()).find((e) => e.id === entry.id)?.name).toBe('Swift 2');
    expect((await app.first('sync.issues', {})).filter((i) => i.docId === entry.id)).toEqual([]);
  });

  it('a conflict: “restore mine” writes the local version over the server’s', async () => {
    const entry = await app.call('referenceLists.add', { list: 'techStack', name: 'Go' });
    await app.synced();
    await app.call('sync.pause', {});
    await app.call('referenceLists.rename', { list: 'techStack', id: entry.id, name: 'Golang' });
    // The outbox names what waits: the panel lists it by title.
    const outbox = await app.until('sync.outbox', {}, (list) => list.length > 0);
    expect(outbox).toEqual([{ collection: 'referenceLists', id: entry.id, title: 'Golang' }]);
    // Meanwhile somebody renames it on another machine.
    const elsewhere = await update(
      app.server,
      'admin',
      REFERENCE_LISTS,
      couchIdOf('referenceLists', entry.id),
      {
        name: 'Go language',
        updatedAt: new Date().toISOString(),
      },
    );
    expect(elsewhere.status).toBe(201);
    await app.call('sync.resume', {});
    const issues = await app.until('sync.issues', {}, issueAbout(entry.id, 'conflict'));
    const conflict = issues.find((i) => i.docId === entry.id && i.kind === 'conflict');
    expect(conflict?.fields).toEqual(['name']);
    expect(conflict?.localVersion).toMatchObject({ name: 'Golang' });
    await app.until('referenceLists.all', {}, (lists) =>
      lists.techStack.some((e) => e.id === entry.id && e.name === 'Go language'),
    );

    await app.call('sync.retryIssue', { id: conflict?.id ?? '' });
    expect((await entries()).find((e) => e.id === entry.id)?.name).toBe('Golang');
    await app.synced();
    expect((await serverDoc(entry.id)).body).toMatchObject({ name: 'Golang' });
    expect((await app.first('sync.issues', {})).some((i) => i.docId === entry.id)).toBe(false);
  });

  it('a misfit from the server can only be dismissed; unknown issues are answered plainly', async () => {
    const misfit = await http(
      app.server,
      'server-admin',
      'PUT',
      `/${REFERENCE_LISTS}/${listId('misfit-1')}`,
      {
        name: 'No list, no dates',
      },
    );
    expect(misfit.status).toBe(201);
    const issues = await app.until('sync.issues', {}, issueAbout('misfit-1', 'invalid'));
    const issue = issues.find((i) => i.docId === 'misfit-1');
    const retry = await app.attempt('sync.retryIssue', { id: issue?.id ?? '' });
    expect(retry).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    await app.call('sync.discardIssue', { id: issue?.id ?? '' });
    expect((await app.first('sync.issues', {})).some((i) => i.docId === 'misfit-1')).toBe(false);

    const gone = await app.attempt('sync.discardIssue', { id: 'rejected:tasks:nothing' });
    expect(gone).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('refuses while signed out', async () => {
    await app.signOut();
    const refused = await app.attempt('sync.retryIssue', { id: 'x' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });
});
