import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { legacyDatabaseFor, hexOf, privateDatabaseName } from './database-names';

describe('server database names', () => {
  it('hexes names exactly as their UTF-8 bytes', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (name) => {
        expect(hexOf(name)).toBe(Buffer.from(new TextEncoder().encode(name)).toString('hex'));
      }),
    );
    expect(hexOf('zoë')).toBe('7a6fc3ab');
  });

  it('sends mentors to their private databases and deciders to the hubs', () => {
    const mentor = { name: 'mentor01', roles: ['mentor'] };
    const manager = { name: 'manager1', roles: ['manager'] };
    expect(legacyDatabaseFor('applications', mentor)).toBe(
      privateDatabaseName('mentor01', 'applications'),
    );
    expect(legacyDatabaseFor('applications', manager)).toBe('mmm-applications');
    expect(legacyDatabaseFor('notifications', manager)).toBe(
      privateDatabaseName('manager1', 'notifications'),
    );
    expect(legacyDatabaseFor('referenceLists', mentor)).toBe('mmm-reference-lists');
  });
});
