import { describe, expect, it } from 'vitest';
import { securityDoc, securityDocOnDisk } from '../../scripts/gen-security-doc';
import { databaseKinds } from './audiences';
import { collectionsIn, type DatabaseKind } from './layout';

describe('docs/SECURITY.md', () => {
  it('has the database tables the layout renders (run `npm run docs:security` if not)', async () => {
    expect(securityDocOnDisk()).toBe(await securityDoc());
  });

  it('names every database and every collection each holds', async () => {
    const doc = await securityDoc();
    for (const kind of Object.keys(databaseKinds) as DatabaseKind[]) {
      expect(doc).toContain(databaseKinds[kind].name);
      for (const collection of collectionsIn[kind]) expect(doc).toContain(`\`${collection}\``);
    }
  });
});
