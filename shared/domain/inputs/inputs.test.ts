import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { commandInputs } from './index';

const names = Object.keys(commandInputs) as (keyof typeof commandInputs)[];

/** Values of the kinds the inputs take, so random objects get past the first check sometimes. */
const value = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.constantFrom(
    '2025-01-31',
    '2024-12-01',
    'a@b.org',
    'https://x.org',
    'p1',
    'MMM-0000-0000-0',
    'techStack',
    'jobRole',
  ),
  fc.double(),
  fc.integer({ min: -5, max: 100 }),
  fc.boolean(),
  fc.constant(undefined),
  fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
);
const keys = [
  'id',
  'name',
  'title',
  'body',
  'email',
  'password',
  'username',
  'userId',
  'programmeId',
  'taskId',
  'reportId',
  'certificateId',
  'issueDate',
  'expirationDate',
  'seriesId',
  'reason',
  'role',
  'status',
  'decision',
  'kind',
  'list',
  'memberIds',
  'assignees',
  'type',
  'achievements',
  'blockers',
  'recommendations',
  'yearsOfTechnicalExperience',
  'website',
  'code',
  'chatId',
  'threadId',
  'description',
  'criteria',
  'answers',
  'applicationId',
  'notificationId',
  'messageId',
  'postId',
];
const shaped = fc.dictionary(fc.constantFrom(...keys), value, { maxKeys: 8 });

describe.each(names)('%s input', (name) => {
  const schema = commandInputs[name];
  it('accepts a valid value or rejects it with messages', () => {
    fc.assert(
      fc.property(fc.oneof(fc.anything(), shaped), (input) => {
        const result = schema.safeParse(input);
        if (result.success) {
          // What was accepted is itself acceptable: parsing is a fixed point.
          const again = schema.safeParse(result.data);
          expect(again.success).toBe(true);
          expect(again.data).toEqual(result.data);
        } else {
          expect(result.error.issues.length).toBeGreaterThan(0);
          for (const issue of result.error.issues) {
            expect(typeof issue.message).toBe('string');
            expect(issue.message.length).toBeGreaterThan(0);
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('input rules', () => {
  const ok = (name: keyof typeof commandInputs, input: unknown) =>
    commandInputs[name].safeParse(input).success;

  it('checks email addresses and web links', () => {
    const signUp = { username: 'ada', email: 'ada@example.org', password: 'correct horse' };
    expect(ok('users.signUp', signUp)).toBe(true);
    expect(ok('users.signUp', { ...signUp, email: 'ada@' })).toBe(false);
    expect(ok('users.signUp', { ...signUp, password: 'short' })).toBe(false);
    expect(ok('users.signUp', { ...signUp, username: 'Ada Lovelace' })).toBe(false);
    expect(ok('users.editProfile', { userId: 'u', website: 'https://ada.dev' })).toBe(true);
    expect(ok('users.editProfile', { userId: 'u', website: 'javascript:alert(1)' })).toBe(false);
    expect(ok('users.editProfile', { userId: 'u', social: { github: 'not a url' } })).toBe(false);
  });

  it('wants years of experience of zero or more', () => {
    const details = {
      previousRoles: [],
      previousProgrammes: [],
      yearsOfTechnicalExperience: 0,
      beenMentorBefore: false,
      technicalProficiency: [],
    };
    expect(ok('userDetails.submit', details)).toBe(true);
    expect(ok('userDetails.submit', { ...details, yearsOfTechnicalExperience: -1 })).toBe(false);
    expect(ok('userDetails.submit', { ...details, yearsOfTechnicalExperience: Number.NaN })).toBe(
      false,
    );
  });

  it('generates certificates valid for whole years, or for good, for at most 500 mentors', () => {
    const batch = { programmeId: 'p', validForYears: 2, pageSize: 'A4' };
    expect(ok('certificates.generate', batch)).toBe(true);
    expect(ok('certificates.generate', { ...batch, validForYears: null })).toBe(true);
    expect(ok('certificates.generate', { ...batch, validForYears: 0 })).toBe(false);
    expect(ok('certificates.generate', { ...batch, validForYears: 1.5 })).toBe(false);
    expect(ok('certificates.generate', { ...batch, pageSize: 'A3' })).toBe(false);
    expect(ok('certificates.generate', { ...batch, userIds: Array(501).fill('u') })).toBe(false);
    expect(ok('certificates.revoke', { certificateId: 'c', reason: ' ' })).toBe(false);
  });

  it('ties a task report to its task and a direct chat to one person', () => {
    const report = {
      type: 'task',
      programmeId: 'p',
      title: 'T',
      achievements: '',
      blockers: '',
      recommendations: '',
    };
    expect(ok('reports.write', { ...report, taskId: 't' })).toBe(true);
    expect(ok('reports.write', report)).toBe(false);
    expect(ok('chats.start', { kind: 'direct', memberIds: ['a'] })).toBe(true);
    expect(ok('chats.start', { kind: 'direct', memberIds: ['a', 'b'] })).toBe(false);
  });

  it('names the reference list an entry belongs to', () => {
    expect(ok('referenceLists.add', { list: 'techStack', name: 'Rust' })).toBe(true);
    expect(ok('referenceLists.add', { list: 'jobRole', name: 'QA lead' })).toBe(true);
    expect(ok('referenceLists.add', { name: 'Rust' })).toBe(false);
    expect(ok('referenceLists.add', { list: 'techStacks', name: 'Rust' })).toBe(false);
    expect(ok('referenceLists.add', { list: 'techStack', name: '  ' })).toBe(false);
    expect(ok('referenceLists.rename', { list: 'jobRole', id: 'r1', name: 'QA lead' })).toBe(true);
    expect(ok('referenceLists.rename', { id: 'r1', name: 'QA lead' })).toBe(false);
  });

  it('starts a thread with a title and replies with some text', () => {
    expect(ok('forum.startThread', { title: 'Hello', body: '' })).toBe(true);
    expect(ok('forum.startThread', { title: ' ', body: 'Hi' })).toBe(false);
    expect(ok('forum.reply', { threadId: 't1', body: 'Agreed' })).toBe(true);
    expect(ok('forum.reply', { threadId: 't1', body: ' ' })).toBe(false);
  });

  it('verifies certificate codes', () => {
    expect(ok('certificates.verify', { code: 'MMM-0000-0000-0' })).toBe(true);
    expect(ok('certificates.verify', { code: 'MMM-0000-0000-1' })).toBe(false);
    expect(ok('certificates.verify', { qrText: 'MMM-CERT/1' })).toBe(true);
    const file = { name: 'c.pdf', mimeType: 'application/pdf', dataBase64: 'JVBERi0=' };
    expect(ok('certificates.verify', { file })).toBe(true);
    expect(ok('certificates.verify', { file: { ...file, mimeType: 'text/html' } })).toBe(false);
    expect(ok('certificates.verify', { code: 'MMM-0000-0000-0', qrText: 'x' })).toBe(false);
  });

  it('refuses unknown fields', () => {
    expect(ok('programmes.complete', { programmeId: 'p', extra: 1 })).toBe(false);
  });
});
