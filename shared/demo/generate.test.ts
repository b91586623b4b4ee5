import { describe, expect, it } from 'vitest';
import { getAjv } from 'rxdb/plugins/validate-ajv';
import { isValidCertificateCode } from '../domain/certificateCode';
import { checkWrite } from '../domain/checkWrite';
import { isLifecycleState, lifecycleKinds, lifecycles } from '../domain/lifecycles';
import { collectionNames, collections } from '../schema/index';
import { generateDemoOrganisation } from './generate';

const org = generateDemoOrganisation({ seed: 42 });

describe('demo organisation', () => {
  it('has 1 admin, 3 managers, 20 mentors and 5 programmes in every state', () => {
    const roles = org.users.map((u) => u.role);
    expect(roles.filter((r) => r === 'admin')).toHaveLength(1);
    expect(roles.filter((r) => r === 'manager')).toHaveLength(3);
    expect(roles.filter((r) => r === 'mentor')).toHaveLength(20);
    expect(new Set(org.programmes.map((p) => p.status))).toEqual(
      new Set(['active', 'completed', 'archived']),
    );
    expect(org.programmes).toHaveLength(5);
  });

  it.each(collectionNames)('fills %s, every document valid against its schema', (name) => {
    const validate = getAjv().compile(collections[name]);
    expect(org[name].length).toBeGreaterThan(0);
    for (const doc of org[name]) {
      expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
    }
  });

  it('keeps ids unique and states in their lifecycles', () => {
    for (const name of collectionNames) {
      expect(new Set(org[name].map((d) => d.id)).size).toBe(org[name].length);
    }
    for (const kind of lifecycleKinds) {
      const { collection, field } = lifecycles[kind];
      for (const doc of org[collection] as Record<string, unknown>[]) {
        expect(isLifecycleState(kind, doc[field])).toBe(true);
      }
    }
  });

  it('follows the rules: certificates coded and not approved by who generated them', () => {
    // Generated and waiting, or not generated: issued ones need an admin's own signing key.
    expect(new Set(org.certificates.map((c) => c.status))).toEqual(
      new Set(['pending_approval', 'pending_generation']),
    );
    for (const cert of org.certificates) {
      if (cert.status !== 'pending_generation')
        expect(isValidCertificateCode(cert.certificateCode)).toBe(true);
      if (cert.approvedBy) expect(cert.approvedBy).not.toBe(cert.generatedBy);
    }
    for (const task of org.tasks)
      expect(task.assignees.length > 0).toBe(task.status !== 'unassigned');
  });

  it('keeps 10 tech stacks and 7 job roles, and points mentor details at tech stacks', () => {
    const inList = (list: string) => org.referenceLists.filter((entry) => entry.list === list);
    expect(inList('techStack')).toHaveLength(10);
    expect(inList('jobRole')).toHaveLength(7);
    const stackIds = new Set(inList('techStack').map((entry) => entry.id));
    for (const details of org.userDetails) {
      for (const stackId of details.technicalProficiency) expect(stackIds.has(stackId)).toBe(true);
    }
  });

  it('has 6 forum threads and 30 replies, each in a thread and its programme', () => {
    const threads = new Map(
      org.forumPosts.filter((post) => post.kind === 'thread').map((post) => [post.id, post]),
    );
    expect(threads.size).toBe(6);
    expect(org.forumPosts).toHaveLength(36);
    for (const post of org.forumPosts) {
      const thread = threads.get(post.threadId);
      expect(thread, post.id).toBeDefined();
      expect(post.programmeId).toBe(thread?.programmeId);
      if (post.kind === 'reply') expect(post.createdAt >= (thread?.createdAt ?? '')).toBe(true);
    }
  });

  it('writes reference lists and forum posts the server accepts from their authors', () => {
    const roles = new Map(org.users.map((user) => [user.id, user.role]));
    for (const collection of ['referenceLists', 'forumPosts'] as const) {
      for (const doc of org[collection]) {
        const user = { name: doc.createdBy, roles: [roles.get(doc.createdBy) ?? ''] };
        expect(checkWrite({ collection, newDoc: doc, oldDoc: null, user }), doc.id).toBeNull();
      }
    }
  });

  it('is the same for the same seed and different for another', () => {
    expect(generateDemoOrganisation({ seed: 42 })).toEqual(org);
    expect(generateDemoOrganisation({ seed: 43 }).reports).not.toEqual(org.reports);
  });

  it('scales to 100,000 reports in a few seconds', () => {
    const started = performance.now();
    const big = generateDemoOrganisation({ seed: 1, reports: 100_000, tasks: 10_000 });
    const seconds = (performance.now() - started) / 1000;
    expect(big.reports).toHaveLength(100_000);
    expect(big.tasks).toHaveLength(10_000);
    expect(new Set(big.reports.map((r) => r.id)).size).toBe(100_000);
    expect(seconds).toBeLessThan(5);
    const validate = getAjv().compile(collections.reports);
    for (const report of big.reports.slice(0, 2_000)) expect(validate(report)).toBe(true);
  });
});
