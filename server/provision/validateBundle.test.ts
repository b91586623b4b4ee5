import { describe, expect, it } from 'vitest';
import { validationDesignDoc } from './designDocs';
import { bundleValidation } from './validateBundle';

type Validate = (
  newDoc: object,
  oldDoc: object | null,
  userCtx: { name: string | null; roles: string[] },
  secObj: object,
) => void;

/** The function CouchDB compiles from the design document. */
const compile = (source: string): Validate =>
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- this is what CouchDB does with it
  (new Function(`return (${source});`) as () => Validate)();

const T0 = '2025-01-01T00:00:00.000Z';
const tag = {
  _id: 'ts1',
  list: 'techStack',
  name: 'Go',
  createdBy: 'admin1',
  createdAt: T0,
  updatedAt: T0,
};

describe('the validate_doc_update bundle', () => {
  it('is self-contained ES2019: no imports, no optional chaining or nullish coalescing', async () => {
    const bundle = await bundleValidation();
    expect(bundle).not.toMatch(/\brequire\(|\bimport\b|\?\.|\?\?/);
    expect(bundle.length).toBeLessThan(200_000);
  });

  it('refuses with { forbidden: reason } and lets allowed writes through', async () => {
    const validate = compile(
      validationDesignDoc('referenceLists', await bundleValidation()).validate_doc_update,
    );
    expect(() => validate(tag, null, { name: 'admin1', roles: ['admin'] }, {})).not.toThrow();
    expect(() =>
      validate({ ...tag, createdBy: 'mentor1' }, null, { name: 'mentor1', roles: ['mentor'] }, {}),
    ).toThrow(
      expect.objectContaining({ forbidden: expect.stringMatching(/may not/) as unknown }) as Error,
    );
    expect(() =>
      validate({ ...tag, name: 7 }, null, { name: 'admin1', roles: ['admin'] }, {}),
    ).toThrow(expect.objectContaining({ forbidden: 'name must be a string.' }) as Error);
    expect(() =>
      validate({ ...tag, name: 7 }, null, { name: null, roles: ['_admin'] }, {}),
    ).not.toThrow();
  });
});
