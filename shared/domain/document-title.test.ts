import { describe, expect, it } from 'vitest';
import { collectionNames } from '../schema/index';
import { collectionLabel, documentKindLabel, documentPath, documentTitle } from './document-title';

describe('documentTitle', () => {
  it('uses the document’s own title or name, shortened and on one line', () => {
    expect(documentTitle('tasks', { title: 'Write the\nguide' })).toBe('Write the guide');
    expect(documentTitle('users', { fullName: '', username: 'mentor01' })).toBe('mentor01');
    expect(documentTitle('messages', { body: 'x'.repeat(200) })).toHaveLength(80);
    expect(documentTitle('applications', { programmeId: 'p1' })).toBe('Application');
  });

  it('has labels for every collection', () => {
    for (const name of collectionNames) {
      expect(documentKindLabel[name]).toBeTruthy();
      expect(collectionLabel[name]).toBeTruthy();
    }
  });

  it('links documents that have a screen', () => {
    expect(documentPath('tasks', 'a/b')).toBe('/tasks/a%2Fb');
    expect(documentPath('users', 'ann')).toBe('/people/ann');
    expect(documentPath('messages', 'm1')).toBeUndefined();
  });
});
