import { describe, expect, it } from 'vitest';
import { canonicalPath, canonicalUrl } from './request-path';
import { accessFor } from './routes';

const segmentsOf = (url: string) => {
  const path = canonicalPath(url);
  if (!path.ok) throw new Error(path.reason);
  return path.segments;
};

describe('canonicalPath', () => {
  it('decodes once, so an escaped underscore or slash is the character itself', () => {
    expect(segmentsOf('/%5Fusers/_all_docs')).toEqual(['_users', '_all_docs']);
    expect(segmentsOf('/%5fusers')).toEqual(['_users']);
    expect(segmentsOf('/mmm-tasks/_design%2Fmmm')).toEqual(['mmm-tasks', '_design', 'mmm']);
    expect(segmentsOf('/mmm-tasks%2F_find')).toEqual(['mmm-tasks', '_find']);
    // Twice-escaped stays escaped once: `%5F` is not an underscore after one decoding.
    expect(segmentsOf('/%255Fusers')).toEqual(['%5Fusers']);
  });

  it('drops empty and dot segments and resolves `..`', () => {
    expect(segmentsOf('//_users//x/')).toEqual(['_users', 'x']);
    expect(segmentsOf('/./mmm-tasks/./_all_docs')).toEqual(['mmm-tasks', '_all_docs']);
    expect(segmentsOf('/mmm-tasks/../_users')).toEqual(['_users']);
    expect(segmentsOf('/../../_users')).toEqual(['_users']);
    expect(segmentsOf('/mmm-tasks/%2E%2E/_users')).toEqual(['_users']);
  });

  it('lowers the case of routes, not of a design document’s name or a document id', () => {
    expect(segmentsOf('/_USERS/_All_Docs')).toEqual(['_users', '_all_docs']);
    expect(segmentsOf('/db/_DESIGN/MMM/_VIEW/ByName')).toEqual([
      'db',
      '_design',
      'MMM',
      '_view',
      'ByName',
    ]);
    expect(segmentsOf('/_users/org.couchdb.user:Ada')).toEqual(['_users', 'org.couchdb.user:Ada']);
  });

  it('refuses malformed escapes, control characters and absolute targets', () => {
    for (const url of ['/_users/%E0%A4%A', '/%', '/db/%zz', '/db/a%00b', 'http://x/_users']) {
      expect(canonicalPath(url).ok, url).toBe(false);
    }
  });

  it('keeps the query as it came, and writes each segment back encoded', () => {
    const path = canonicalPath('/%5Fusers/org.couchdb.user%3Aada?rev=1-a&x=%E0');
    expect(path).toEqual({
      ok: true,
      segments: ['_users', 'org.couchdb.user:ada'],
      query: 'rev=1-a&x=%E0',
    });
    expect(canonicalUrl(['_users', 'org.couchdb.user:ada'], 'rev=1')).toBe(
      '/_users/org.couchdb.user%3Aada?rev=1',
    );
    expect(canonicalUrl([], '')).toBe('/');
  });
});

describe('the allow-list', () => {
  const allowed = (method: string, url: string) => accessFor(method, segmentsOf(url)).kind;

  it('opens the replication routes of a database to its members', () => {
    expect(allowed('GET', '/mmm-tasks')).toBe('database');
    expect(allowed('GET', '/mmm-tasks/_changes?feed=longpoll')).toBe('database');
    expect(allowed('POST', '/mmm-tasks/_all_docs')).toBe('database');
    expect(allowed('GET', '/mmm-tasks/_all_docs')).toBe('database');
    expect(allowed('POST', '/mmm-tasks/_bulk_get')).toBe('database');
    expect(allowed('POST', '/mmm-tasks/_bulk_docs')).toBe('database');
    expect(allowed('GET', '/mmm-tasks/t1')).toBe('database');
    expect(allowed('PUT', '/mmm-tasks/t1')).toBe('database');
  });

  it('refuses everything else, however it is spelled', () => {
    const refusedRoutes: [string, string][] = [
      ['POST', '/mmm-tasks/_find'],
      ['POST', '/mmm-tasks/_explain'],
      ['POST', '/mmm-tasks/_index'],
      ['GET', '/mmm-tasks/_index'],
      ['DELETE', '/mmm-tasks/_index/_design%2Fmmm/json/x'],
      ['GET', '/mmm-tasks/_design/mmm'],
      ['PUT', '/mmm-tasks/_design%2Fmmm'],
      ['GET', '/mmm-tasks/_local/x'],
      ['POST', '/mmm-tasks/_purge'],
      ['POST', '/mmm-tasks/_compact'],
      ['POST', '/mmm-tasks/_revs_diff'],
      ['GET', '/mmm-tasks/_security'],
      ['PUT', '/mmm-tasks/_security'],
      ['PUT', '/mmm-tasks'],
      ['DELETE', '/mmm-tasks'],
      ['POST', '/mmm-tasks'],
      ['DELETE', '/mmm-tasks/t1'],
      ['COPY', '/mmm-tasks/t1'],
      ['GET', '/mmm-tasks/t1/attachment'],
      ['POST', '/mmm-tasks/_changes'],
      ['GET', '/_all_dbs'],
      ['GET', '/_active_tasks'],
      ['GET', '/_config/admins'],
      ['GET', '/_node/_local/_config'],
      ['POST', '/_replicate'],
      ['GET', '/_replicator/_all_docs'],
      ['GET', '/_utils/'],
      ['GET', '/_uuids'],
      ['GET', '/_users/_changes'],
      ['POST', '/_users/_bulk_docs'],
      ['GET', '/_users/_design/_auth'],
      ['DELETE', '/%5Fusers/_design/_auth'],
      ['DELETE', '/_users/org.couchdb.user:ada'],
      ['PUT', '/_session'],
      ['POST', '/'],
      ['GET', '/MMM-TASKS/_all_docs'],
      ['GET', '/anything-unknown/_whatever'],
    ];
    for (const [method, url] of refusedRoutes) {
      expect(allowed(method, url), `${method} ${url}`).toBe('refused');
    }
  });

  it('opens only the changes feeds that answer once', () => {
    const feed = (query: string) =>
      accessFor('GET', ['mmm-tasks', '_changes'], new URLSearchParams(query)).kind;
    expect(feed('')).toBe('database');
    expect(feed('feed=normal&since=0')).toBe('database');
    expect(feed('feed=longpoll&since=now')).toBe('database');
    expect(feed('feed=continuous')).toBe('refused');
    expect(feed('feed=eventsource')).toBe('refused');
    expect(feed('feed=longpoll&feed=continuous')).toBe('refused');
  });

  it('answers accounts and sessions with their own rules', () => {
    expect(allowed('GET', '/_users/org.couchdb.user%3Aada')).toBe('account');
    expect(allowed('PUT', '/%5FUSERS/org.couchdb.user:ada')).toBe('account');
    expect(allowed('GET', '/_users/_all_docs')).toBe('accounts');
    expect(allowed('POST', '/_session')).toBe('session');
    expect(allowed('GET', '/')).toBe('welcome');
  });
});
