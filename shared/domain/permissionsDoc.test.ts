import { describe, expect, it } from 'vitest';
import { permissionsDoc, permissionsDocOnDisk } from '../../scripts/gen-permissions-doc';
import { actions } from './permissions';

describe('docs/PERMISSIONS.md', () => {
  it('is what the permission matrix renders (run `npm run docs:permissions` if not)', async () => {
    expect(permissionsDocOnDisk()).toBe(await permissionsDoc());
  });

  it('names every action', async () => {
    const doc = await permissionsDoc();
    for (const action of actions) expect(doc).toContain(`\`${action}\``);
  });
});
