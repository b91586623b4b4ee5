// A database written at today's released schema versions (every collection at v0) opens with the
// current schemas: RxDB runs ./migrations, the documents are all there, unchanged, and
// take the new fields afterwards.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRxDatabase } from 'rxdb';
import type { RxJsonSchema } from 'rxdb';
import { describe, expect, it } from 'vitest';
import { generateDemoOrganisation } from '../../../../shared/demo';
import { collectionNames, collections } from '../../../../shared/schema';
import { getRxStorageSQLite } from '../../storage-sqlite';
import { openAppDatabase } from '../app-database';
import type { ConflictHooks } from '../conflict-handler';

const noLoss: ConflictHooks = {
  recordLost: () => {
    throw new Error('No conflict expected here.');
  },
  isOwnWrite: () => false,
};

/** The fields each migrated collection gained, by schema version. */
const addedSince0: Record<string, readonly string[]> = {
  programmes: ['transitions'],
  applications: ['transitions'],
  tasks: ['transitions'],
  reports: ['transitions'],
  userDetails: ['transitions'],
  certificates: ['transitions', 'holderName', 'programmeName', 'signingKeyId', 'signature'],
  users: ['signingKeys', 'notificationPreferences'],
  notifications: ['event', 'programmeId'],
  messages: ['deletedAt', 'attachments'],
  chats: ['audience'],
  referenceLists: ['logo'],
  forumPosts: ['lockedAt', 'removedAt', 'removedBy', 'removedReason'],
};

/** The schemas as the released app has them: version 0, without the fields added since. */
const versionZero = (name: (typeof collectionNames)[number]): RxJsonSchema<unknown> => {
  const schema = structuredClone(collections[name]) as RxJsonSchema<unknown> & {
    properties: Record<string, unknown>;
  };
  const added = addedSince0[name] ?? [];
  const properties = Object.fromEntries(
    Object.entries(schema.properties).filter(([field]) => !added.includes(field)),
  );
  return { ...schema, properties, version: 0 };
};

describe('schema migrations', () => {
  it('opens a database of schema version 0 and keeps every document', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'mmm-migrate-'));
    const demo = generateDemoOrganisation({ seed: 11 });
    const certificate = {
      id: '01J0000000000000000000CERT',
      userId: 'mentor01',
      programmeId: demo.programmes[0]?.id ?? '',
      seriesId: 'S20250101-AAAA',
      issueDate: '2025-01-01',
      expirationDate: '2027-01-01',
      dateCreated: '2025-01-01T00:00:00.000Z',
      createdBy: 'manager1',
      certificateCode: '',
      status: 'pending_generation',
      createdAt: '2025-01-01T00:00:00.000Z',
      updatedAt: '2025-01-01T00:00:00.000Z',
    };
    const old = await createRxDatabase({
      name: 'org',
      storage: getRxStorageSQLite({ directory }),
      multiInstance: false,
      localDocuments: true,
    });
    await old.addCollections(
      Object.fromEntries(collectionNames.map((name) => [name, { schema: versionZero(name) }])),
    );
    for (const name of collectionNames) {
      const docs = name === 'certificates' ? [...demo.certificates, certificate] : demo[name];
      expect((await old.collections[name]?.bulkInsert(docs as never[]))?.error).toEqual([]);
    }
    await old.close();

    const migrated = await openAppDatabase({
      storage: getRxStorageSQLite({ directory }),
      name: 'org',
      conflicts: noLoss,
    });
    expect(migrated.certificates.schema.version).toBe(2);
    expect(migrated.users.schema.version).toBe(2);
    expect(migrated.notifications.schema.version).toBe(2);
    expect(migrated.messages.schema.version).toBe(2);
    expect(migrated.forumPosts.schema.version).toBe(1);
    expect(migrated.chats.schema.version).toBe(1);
    for (const name of collectionNames) {
      const expected = demo[name].length + (name === 'certificates' ? 1 : 0);
      expect(await migrated[name].count().exec()).toBe(expected);
    }
    const kept = await migrated.certificates.findOne(certificate.id).exec();
    expect(kept?.toJSON()).toMatchObject(certificate);
    const user = demo.users[0];
    if (!user) throw new Error('The demo has people.');
    const person = await migrated.users.findOne(user.id).exec();
    await person?.incrementalPatch({
      signingKeys: [{ id: 'K7Q2MZ4F', publicKey: 'A'.repeat(43), createdAt: user.createdAt }],
    });
    expect((await migrated.users.findOne(user.id).exec())?.signingKeys).toHaveLength(1);
    await person?.incrementalPatch({ notificationPreferences: { tasks: 'off' } });
    expect((await migrated.users.findOne(user.id).exec())?.notificationPreferences?.tasks).toBe(
      'off',
    );
    // 0006: an old notification keeps no programme (absent, not NONE), so marking it read
    // changes only `read`/`readAt`, as the server's rule wants.
    const notice = demo.notifications.find((n) => !n.read);
    if (!notice) throw new Error('The demo has unread notifications.');
    const stored = await migrated.notifications.findOne(notice.id).exec();
    expect(stored?.toJSON()).toMatchObject(notice);
    await stored?.incrementalPatch({ read: true, readAt: notice.createdAt });
    expect((await migrated.notifications.findOne(notice.id).exec())?.read).toBe(true);
    await migrated.close();
  });
});
