// Reference lists through the host contract, against the embedded server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAppHarness } from '../support/app-harness';
import type { AppHarness } from '../support/app-harness';

describe('reference lists', () => {
  let app: AppHarness;

  beforeAll(async () => {
    app = await startAppHarness();
    await app.account('admin', 'admin');
    await app.account('mentor01', 'mentor');
  });
  afterAll(async () => {
    await app.close();
  });

  it('an admin adds, renames and removes entries; names are unique per list', async () => {
    await app.signIn('admin');
    const rust = await app.call('referenceLists.add', { list: 'techStack', name: 'Rust' });
    await app.call('referenceLists.add', { list: 'techStack', name: 'Go' });
    await app.call('referenceLists.add', { list: 'jobRole', name: 'Rust' });
    const lists = await app.until('referenceLists.all', {}, (v) => v.techStack.length === 2);
    expect(lists.techStack.map((entry) => entry.name)).toEqual(['Go', 'Rust']);
    expect(lists.jobRole.map((entry) => entry.name)).toEqual(['Rust']);

    const clash = await app.attempt('referenceLists.add', { list: 'techStack', name: ' rust ' });
    expect(clash).toMatchObject({ ok: false, error: { code: 'conflict' } });

    await app.call('referenceLists.rename', { list: 'techStack', id: rust.id, name: 'Rust 2024' });
    const wrongList = await app.attempt('referenceLists.rename', {
      list: 'jobRole',
      id: rust.id,
      name: 'Anything',
    });
    expect(wrongList).toMatchObject({ ok: false, error: { code: 'conflict' } });
    await app.call('referenceLists.remove', { id: rust.id });
    const after = await app.until('referenceLists.all', {}, (v) => v.techStack.length === 1);
    expect(after.techStack.map((entry) => entry.name)).toEqual(['Go']);
    await app.synced();
  });

  it('a mentor sees the lists but may not change them', async () => {
    await app.signIn('mentor01');
    const lists = await app.until('referenceLists.all', {}, (v) => v.techStack.length === 1);
    expect(lists.techStack[0]?.name).toBe('Go');
    const refused = await app.attempt('referenceLists.add', { list: 'jobRole', name: 'QA' });
    expect(refused).toMatchObject({
      ok: false,
      error: {
        code: 'forbidden',
        message: 'A mentor may not keep the reference lists (tech stacks, job roles).',
      },
    });
  });

  it('refuses while signed out', async () => {
    await app.signOut();
    const refused = await app.attempt('referenceLists.add', { list: 'jobRole', name: 'QA' });
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'forbidden', message: 'Sign in first.' },
    });
    expect(await app.first('referenceLists.all', {})).toEqual({ techStack: [], jobRole: [] });
  });
});
