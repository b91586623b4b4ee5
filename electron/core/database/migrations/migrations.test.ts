import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { getValidator } from 'rxdb/plugins/validate-ajv';
import { firstValueFrom, filter } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { transition } from '../../../../shared/domain';
import { collectionNames, collections } from '../../../../shared/schema';
import type { CollectionName, TaskDoc } from '../../../../shared/schema';
import { databaseFor } from '../../../../shared/sync/database-names';
import { systemClock } from '../../platform/clock';
import { silentLogger } from '../../platform/logger';
import { getRxStorageSQLite } from '../../storage-sqlite';
import { startSyncEngine } from '../../sync/sync-engine';
import { createConflictRecorder, createSyncIssueStore } from '../../sync/sync-issues';
import { openAppDatabase } from '../app-database';
import { migrationStrategiesOf, migrations } from './index';
import type { Migration } from './migration';
import { withoutBookkeeping } from '../conflict-handler';

interface Fixture {
  readonly serverUrl: string;
  readonly user: string;
  readonly pending: Partial<Record<CollectionName, string[]>>;
  readonly docs: Record<CollectionName, Record<string, unknown>[]>;
}

/**
 * A database file of the previous schema versions, made by a real client of the app (see
 * fixtures/make-fixture.ts), copied to a fresh folder so each test migrates it from scratch.
 */
const openFixture = (name: string) => {
  const directory = mkdtempSync(join(tmpdir(), 'mmm-migrate-'));
  writeFileSync(
    join(directory, 'client.sqlite'),
    gunzipSync(readFileSync(join(__dirname, 'fixtures', `${name}.sqlite.gz`))),
  );
  const fixture = JSON.parse(
    readFileSync(join(__dirname, 'fixtures', `${name}.json`), 'utf8'),
  ) as Fixture;
  const conflicts = createConflictRecorder(silentLogger);
  const open = () =>
    openAppDatabase({ storage: getRxStorageSQLite({ directory }), name: 'client', conflicts });
  return { fixture, open, conflicts };
};

const byId = (docs: readonly Record<string, unknown>[]) =>
  [...docs].sort((a, b) => String(a['id']).localeCompare(String(b['id'])));

describe('migrations', () => {
  it('are numbered, forward-only and cover every schema version of every collection', () => {
    migrations.forEach((migration, index) => {
      expect(migration.name).toMatch(new RegExp(`^${String(index + 1).padStart(4, '0')}-[a-z-]+$`));
    });
    for (const name of collectionNames) {
      const strategies = migrationStrategiesOf(name);
      const version = collections[name].version;
      expect(Object.keys(strategies).map(Number)).toEqual(
        Array.from({ length: version }, (_, index) => index + 1),
      );
    }
  });

  it('0001: every document of a v0 database is valid at its new version, unchanged', () => {
    const { docs } = JSON.parse(
      readFileSync(join(__dirname, 'fixtures', 'v0.json'), 'utf8'),
    ) as Fixture;
    for (const name of collectionNames) {
      const validate = getValidator(collections[name]);
      for (const doc of docs[name]) {
        // RxDB's strategy type returns any; a migration here returns a document (or null).
        const migrate = migrationStrategiesOf(name)[1] as Migration['migrate'] | undefined;
        const migrated = migrate?.(doc) ?? doc;
        expect(migrated).toEqual(doc);
        const { _deleted: _d, ...fields } = migrated;
        expect(validate(fields), `${name} ${String(doc['id'])}`).toEqual([]);
      }
    }
  });

  it('a database file of v0 opens: every document kept, the one waiting edit still the only one waiting', async () => {
    const { fixture, open, conflicts } = openFixture('v0');
    const database = await open();
    for (const name of collectionNames) {
      const docs = await database[name].find().exec();
      const stored = docs.map((doc) => withoutBookkeeping(doc.toJSON(true)));
      expect(byId(stored), name).toEqual(byId(fixture.docs[name]));
    }

    // The replication's own record of what the server holds was migrated with the documents: only
    // the edit made before the upgrade is waiting, not every document.
    const issues = await createSyncIssueStore(database, systemClock);
    const user = { name: fixture.user, roles: ['manager'] };
    conflicts.attach(issues, user);
    const engine = startSyncEngine({
      database,
      serverUrl: fixture.serverUrl,
      user,
      databaseFor,
      auth: {
        headers: () => ({}),
        onSetCookie: () => undefined,
        reauthenticate: () => Promise.resolve(false),
      },
      fetch: () => Promise.reject(new Error('offline')),
      issues,
      clock: systemClock,
      logger: silentLogger,
      retryTimeMs: 60_000,
    });
    const offline = await firstValueFrom(
      engine.status$.pipe(filter((status) => status.state === 'offline' && status.outboxTotal > 0)),
    );
    await new Promise((resolve) => setTimeout(resolve, 500));
    const settled = await firstValueFrom(engine.status$);
    expect(offline.state).toBe('offline');
    expect(settled.pendingIds).toEqual(fixture.pending);

    // Documents of the new version are written with their history.
    const pendingId = fixture.pending.tasks?.[0] ?? '';
    const task = await database.tasks.findOne(pendingId).exec();
    const started = transition('task', task?.toJSON() as TaskDoc, 'in_progress', {
      by: fixture.user,
      at: new Date().toISOString(),
    });
    if (!started.ok) throw new Error(started.error.message);
    await task?.incrementalPatch({
      status: started.doc.status,
      transitions: started.doc.transitions,
    });
    expect((await database.tasks.findOne(pendingId).exec())?.toJSON().transitions).toHaveLength(1);
    await engine.stop();
    await database.close();

    // Once migrated, it opens as it is.
    const again = await open();
    expect(await again.tasks.count().exec()).toBe(fixture.docs.tasks.length);
    await again.close();
  });
});
