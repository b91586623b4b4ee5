// "Back up my data" and "Restore" against a real embedded server, with work not yet synced on both
// sides: the backup holds unsynced edits, and the server has moved on since it was made.
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncIssue } from '../../shared/contract';
import type { ReferenceListDoc } from '../../shared/schema';
import { backupFolder } from '../../electron/core/backup/folders';
import { sqliteDatabases } from '../../electron/core/database/sqlite-databases';
import { couchIdOf, databaseOf, orgScope } from '../../shared/sync/layout';
import { http, update } from '../server/harness';
import { startAppHarness } from '../support/app-harness';
import type { AppHarness } from '../support/app-harness';

describe('backup and restore with unsynced changes on both sides', () => {
  let here: AppHarness;
  const failNextOpen = { value: false };
  const offline = { value: false };

  const names = async (app: AppHarness) =>
    Object.fromEntries(
      (await app.first('referenceLists.all', {})).techStack.map((e: ReferenceListDoc) => [
        e.id,
        e.name,
      ]),
    );
  const add = (app: AppHarness, name: string) =>
    app.call('referenceLists.add', { list: 'techStack', name });
  const rename = (app: AppHarness, id: string, name: string) =>
    app.call('referenceLists.rename', { list: 'techStack', id, name });
  // Another admin's machine, already synced: its writes reach the server as plain HTTP writes.
  // (A second core cannot run in this process: RxDB's open-source build allows 13 collections.)
  // Reference lists live in the organisation's database, as `referenceLists:<id>`.
  const REFERENCE_LISTS = databaseOf(orgScope);
  const renameElsewhere = async (id: string, name: string) => {
    const answer = await update(
      here.server,
      'ada',
      REFERENCE_LISTS,
      couchIdOf('referenceLists', id),
      {
        name,
        updatedAt: new Date().toISOString(),
      },
    );
    expect(answer.status).toBe(201);
  };
  const serverNames = async (ids: readonly string[]) => {
    const names: Record<string, unknown> = {};
    for (const id of ids) {
      const answer = await http(
        here.server,
        'ada',
        'GET',
        `/${REFERENCE_LISTS}/${encodeURIComponent(couchIdOf('referenceLists', id))}`,
      );
      names[id] = answer.body['name'];
    }
    return names;
  };

  beforeAll(async () => {
    here = await startAppHarness({
      // A network cable the test can pull.
      fetch: (input, init) =>
        offline.value ? Promise.reject(new TypeError('fetch failed')) : fetch(input, init),
      // A database that can be made to fail at its next opening, to prove the restore's undo.
      openDatabase: (dataDir) => {
        const open = sqliteDatabases(dataDir);
        return (name, conflicts) => {
          if (failNextOpen.value) {
            failNextOpen.value = false;
            return Promise.reject(new Error('disk unreadable (simulated)'));
          }
          return open(name, conflicts);
        };
      },
    });
    await here.account('admin', 'admin');
    await here.account('ada', 'admin');
    await here.signIn('admin');
  });
  afterAll(async () => {
    await here.close();
  });

  it('restores the backup, pushes its unsynced work and keeps every newer server version', async () => {
    const go = await add(here, 'Go');
    const rust = await add(here, 'Rust');
    const zig = await add(here, 'Zig');
    await here.synced();

    // Unsynced when the backup is made: two edits and a new entry.
    await here.call('sync.pause', {});
    await rename(here, go.id, 'Golang (backup)');
    await rename(here, zig.id, 'Zig (backup)');
    const elm = await add(here, 'Elm (backup)');
    await here.until('sync.status', {}, (s) => s?.outboxTotal === 3);
    const made = await here.call('backup.create', {});
    expect(made).toMatchObject({ username: 'admin', serverUrl: here.server.url, unsynced: 3 });
    expect(made?.location.startsWith(backupFolder(here.dataDir))).toBe(true);
    expect(made?.documents).toBeGreaterThanOrEqual(4);

    // After the backup: more local work (which the restore will replace) …
    await rename(here, zig.id, 'Zig (after the backup)');
    // … and the server moves on from another machine: Go changed on both sides, Rust only there.
    await renameElsewhere(go.id, 'Go (server)');
    await renameElsewhere(rust.id, 'Rust (server)');

    // The restore happens offline, so what it put back can be seen before sync touches it.
    offline.value = true;
    const listed = await here.call('backup.list', {});
    expect(listed.map((b) => b.fileName)).toContain(made?.fileName);
    const plan = await here.call('backup.prepareRestore', { fileName: made?.fileName ?? '' });
    expect(plan).toMatchObject({ unsynced: 3, unsyncedNow: 3, username: 'admin' });
    const done = await here.call('backup.restore', { id: plan?.id ?? '' });
    expect(done.documents).toBe(made?.documents);
    expect(existsSync(done.safetyCopy)).toBe(true);

    // Restored as it was at the backup, its three changes still waiting for the server.
    await here.until('sync.status', {}, (s) => s?.state === 'offline');
    expect(await names(here)).toMatchObject({
      [go.id]: 'Golang (backup)',
      [zig.id]: 'Zig (backup)',
      [elm.id]: 'Elm (backup)',
      [rust.id]: 'Rust',
    });
    await here.until('sync.status', {}, (s) => s?.outboxTotal === 3);

    offline.value = false;
    await here.call('sync.pause', {});
    await here.call('sync.resume', {});
    await here.synced();
    const expected = {
      // Changed on both sides: the server's newer name stays; the backup's is kept as a conflict.
      [go.id]: 'Go (server)',
      // Only the server changed it: pulled, never pushed over.
      [rust.id]: 'Rust (server)',
      // Only the backup changed them: pushed.
      [zig.id]: 'Zig (backup)',
      [elm.id]: 'Elm (backup)',
    };
    expect(await names(here)).toEqual(expected);
    expect(await serverNames(Object.keys(expected))).toEqual(expected);
    const issues = await here.until('sync.issues', {}, (list) =>
      list.some((i: SyncIssue) => i.docId === go.id && i.kind === 'conflict'),
    );
    expect(issues.find((i) => i.docId === go.id)?.localVersion).toMatchObject({
      name: 'Golang (backup)',
    });

    // The data replaced by the restore is itself a backup, ready to be restored.
    const afterwards = await here.call('backup.list', {});
    expect(afterwards.map((b) => b.fileName)).toContain(done.safetyCopy.split(/[\\/]/).pop());
    expect(readdirSync(join(here.dataDir, 'restore'))).toEqual([]);
  });

  it('refuses another person’s backup, a foreign file and a stale plan, with reasons', async () => {
    const made = await here.call('backup.create', {});
    writeFileSync(join(backupFolder(here.dataDir), 'notes.mmm-backup'), 'not a database');
    expect((await here.call('backup.list', {})).map((b) => b.fileName)).not.toContain(
      'notes.mmm-backup',
    );
    expect(await here.attempt('backup.prepareRestore', { fileName: 'notes.mmm-backup' })).toEqual({
      ok: false,
      error: {
        code: 'invalid_input',
        message: 'This file is not a backup of MMM Mentor Manager: it is not an SQLite database.',
      },
    });
    for (const fileName of ['../secrets.json', '/etc/passwd', 'x.sqlite', '.hidden.mmm-backup']) {
      expect(await here.attempt('backup.prepareRestore', { fileName })).toMatchObject({
        ok: false,
        error: { code: 'invalid_input' },
      });
    }
    expect(await here.attempt('backup.restore', { id: 'no-such-plan' })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });

    await here.signIn('ada');
    // Ada does not see admin's backups, and cannot restore one by its name.
    expect(await here.call('backup.list', {})).toEqual([]);
    expect(await here.attempt('backup.prepareRestore', { fileName: made?.fileName ?? '' })).toEqual(
      {
        ok: false,
        error: {
          code: 'forbidden',
          message: `This backup holds admin’s data on ${here.server.url}. Only admin, signed in to that server, can restore it.`,
        },
      },
    );
    await here.signIn('admin');
  });

  it('puts the current data back when the restored file cannot be opened', async () => {
    const kept = await add(here, 'Kept');
    await here.synced();
    const made = await here.call('backup.create', {});
    await rename(here, kept.id, 'Kept (newest)');
    await here.synced();
    const plan = await here.call('backup.prepareRestore', { fileName: made?.fileName ?? '' });
    failNextOpen.value = true;
    const result = await here.attempt('backup.restore', { id: plan?.id ?? '' });
    expect(result).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    expect(!result.ok && result.error.message).toContain(
      'The backup could not be restored (disk unreadable (simulated)). Your data is as it was before',
    );
    // Still signed in, on the data as it was before the attempt.
    expect((await here.first('session.current', {}))?.user.name).toBe('admin');
    expect((await names(here))[kept.id]).toBe('Kept (newest)');
    await here.synced();
  });

  it('has nothing to back up while nobody is signed in', async () => {
    await here.signOut();
    expect(await here.attempt('backup.create', {})).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    await here.signIn('admin');
  });
});
