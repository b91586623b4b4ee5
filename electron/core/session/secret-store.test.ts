import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  createEncryptedSecretStore,
  createFileSecretStore,
  createMemorySecretStore,
} from './secret-store';

describe.each([
  ['memory', () => createMemorySecretStore()],
  [
    'file',
    () => createFileSecretStore(join(mkdtempSync(join(tmpdir(), 'mmm-secrets-')), 'secrets.json')),
  ],
])('%s secret store', (_name, create) => {
  it('keeps, replaces and forgets values', async () => {
    const store = create();
    expect(await store.get('cookie')).toBeUndefined();
    await store.set('cookie', 'AuthSession=abc');
    await store.set('verifier', '{"x":1}');
    await store.set('cookie', 'AuthSession=def');
    expect(await store.get('cookie')).toBe('AuthSession=def');
    await store.delete('cookie');
    expect(await store.get('cookie')).toBeUndefined();
    expect(await store.get('verifier')).toBe('{"x":1}');
  });

  it('loses nothing when many sets race', async () => {
    const store = create();
    await Promise.all(Array.from({ length: 20 }, (_, i) => store.set(`k${i}`, `v${i}`)));
    for (let i = 0; i < 20; i++) expect(await store.get(`k${i}`)).toBe(`v${i}`);
  });
});

describe('file secret store', () => {
  it('is readable by its owner only', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'mmm-secrets-')), 'nested', 'secrets.json');
    await createFileSecretStore(file).set('cookie', 'AuthSession=abc');
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });
});

describe('encrypted secret store', () => {
  it('hands only sealed values to the store underneath', async () => {
    const inner = createMemorySecretStore();
    const cipher = {
      encrypt: (plain: string) => Promise.resolve(Buffer.from(plain).reverse().toString('base64')),
      decrypt: (sealed: string) =>
        Promise.resolve(Buffer.from(sealed, 'base64').reverse().toString()),
    };
    const store = createEncryptedSecretStore(inner, cipher);
    await store.set('credentials', 'hunter2');
    expect(await store.get('credentials')).toBe('hunter2');
    expect(await inner.get('credentials')).not.toContain('hunter2');
    await store.delete('credentials');
    expect(await inner.get('credentials')).toBeUndefined();
  });
});
