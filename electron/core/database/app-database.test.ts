import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { collectionNames } from '../../../shared/schema';
import { generateDemoOrganisation } from '../../../shared/demo';
import { getRxStorageSQLite } from '../storage-sqlite';
import { openAppDatabase } from './app-database';
import type { ConflictHooks } from './conflict-handler';

const noLoss: ConflictHooks = {
  recordLost: () => {
    throw new Error('No conflict expected here.');
  },
  isOwnWrite: () => false,
};

describe('the app database on SQLite', () => {
  it('holds the demo organisation in every collection and keeps it across a reopen', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'mmm-appdb-'));
    const demo = generateDemoOrganisation({ seed: 7 });
    const first = await openAppDatabase({
      storage: getRxStorageSQLite({ directory }),
      name: 'org',
      conflicts: noLoss,
    });
    for (const name of collectionNames) {
      const result = await first[name].bulkInsert(demo[name] as never[]);
      expect(result.error).toEqual([]);
    }
    const programmeId = demo.tasks[0]?.programmeId ?? '';
    const tasksOfProgramme = demo.tasks.filter((task) => task.programmeId === programmeId).length;
    await first.close();

    const again = await openAppDatabase({
      storage: getRxStorageSQLite({ directory }),
      name: 'org',
      conflicts: noLoss,
    });
    for (const name of collectionNames) {
      expect(await again[name].count().exec()).toBe(demo[name].length);
    }
    const found = await again.tasks.find({ selector: { programmeId } }).exec();
    expect(found).toHaveLength(tasksOfProgramme);
    await again.close();
  });
});
