import { describe, expect, it } from 'vitest';
import { createServerVersions } from './server-versions';

const DB = 'mmm-reports';
/** A report as CouchDB holds it, and as RxDB holds it after the replication read it. */
const onServer = (rev: string, state: string) => ({ _id: 'r1', _rev: rev, title: 'W1', state });
const inRxdb = (state: string) => ({ id: 'r1', title: 'W1', state, _deleted: false });

describe('what the client knows of the server’s versions', () => {
  it('calls a version superseded once a newer generation is known with other content', () => {
    const versions = createServerVersions();
    versions.learn(DB, 'r1', '1-a', onServer('1-a', 'draft'));
    expect(versions.superseded(DB, inRxdb('draft'))).toBe(false);
    // This client's next write (the submission) reached the server.
    versions.learn(DB, 'r1', '2-b', onServer('1-a', 'submitted'));
    expect(versions.superseded(DB, inRxdb('draft'))).toBe(true);
    expect(versions.superseded(DB, inRxdb('submitted'))).toBe(false);
    // An older revision learned late changes nothing.
    versions.learn(DB, 'r1', '1-a', onServer('1-a', 'draft'));
    expect(versions.superseded(DB, inRxdb('draft'))).toBe(true);
  });

  it('takes every version of the newest generation (a conflict on the server) as current', () => {
    const versions = createServerVersions();
    versions.learn(DB, 'r1', '2-a', onServer('2-a', 'draft'));
    versions.learn(DB, 'r1', '2-b', onServer('2-b', 'submitted'));
    expect(versions.superseded(DB, inRxdb('draft'))).toBe(false);
    expect(versions.superseded(DB, inRxdb('submitted'))).toBe(false);
  });

  it('says nothing of a document whose newest version it never read', () => {
    const versions = createServerVersions();
    versions.learn(DB, 'r1', '1-a', onServer('1-a', 'draft'));
    versions.learn(DB, 'r1', '3-c');
    expect(versions.superseded(DB, inRxdb('draft'))).toBe(false);
    expect(versions.superseded(DB, { ...inRxdb('draft'), id: 'r2' })).toBe(false);
  });

  it('compares deletions as deletions', () => {
    const versions = createServerVersions();
    versions.learn(DB, 'r1', '2-a', { ...onServer('2-a', 'draft'), _deleted: true });
    expect(versions.superseded(DB, { ...inRxdb('draft'), _deleted: true })).toBe(false);
    expect(versions.superseded(DB, inRxdb('draft'))).toBe(true);
  });
});
