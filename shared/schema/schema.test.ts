import { describe, expect, it } from 'vitest';
import { checkSchema } from 'rxdb/plugins/dev-mode';
import { getAjv } from 'rxdb/plugins/validate-ajv';
import { collectionNames, collections, type CollectionName } from './index';

/**
 * DESIGN §2's table, field by field, in the camelCase the schemas use. A seed field that goes
 * missing from a schema fails here.
 */
const seedFields: Record<CollectionName, readonly string[]> = {
  users: [
    'id',
    'username',
    'email',
    'role',
    'profileComplete',
    'country',
    'city',
    'social',
    'social.github',
    'social.facebook',
    'social.twitter',
    'social.linkedin',
    'website',
    'bio',
    'headline',
    'dateCreated',
  ],
  userDetails: [
    'id',
    'userId',
    'managerId',
    'previousRoles',
    'previousProgrammes',
    'programmeOfInterest',
    'yearsOfTechnicalExperience',
    'document',
    'beenMentorBefore',
    'technicalProficiency',
    'status',
    'approved',
  ],
  programmes: [
    'id',
    'name',
    'description',
    'createdBy',
    'status',
    'archivedBy',
    'picture',
    'dateCreated',
    'dateCompleted',
    'dateArchived',
    'criteria',
  ],
  programmeMembers: ['programmeId', 'userId', 'role'],
  applications: ['id', 'programmeId', 'userId', 'answers', 'status', 'decidedBy', 'decidedAt'],
  tasks: [
    'id',
    'title',
    'description',
    'dateCreated',
    'createdBy',
    'status',
    'programmeId',
    'assignees',
  ],
  techStacks: ['id', 'name'],
  jobRoles: ['id', 'name'],
  reports: [
    'id',
    'type',
    'title',
    'achievements',
    'blockers',
    'recommendations',
    'dateCreated',
    'createdBy',
    'taskId',
    'programmeId',
    'state',
  ],
  certificates: [
    'id',
    'userId',
    'programmeId',
    'seriesId',
    'issueDate',
    'expirationDate',
    'dateCreated',
    'createdBy',
    'approvedBy',
    'certificateCode',
    'status',
    'revokedReason',
  ],
  chats: ['id', 'kind', 'memberIds'],
  messages: ['id', 'chatId', 'createdBy', 'body'],
  forumThreads: ['id', 'programmeId', 'title', 'body', 'createdBy'],
  forumPosts: ['id', 'threadId', 'body', 'createdBy'],
  notifications: ['id', 'recipientId', 'kind', 'title', 'body', 'link', 'read'],
};

/** The enum values the seed and DESIGN §2 name for each state field. */
const seedEnums: [CollectionName, string, readonly string[]][] = [
  ['users', 'role', ['admin', 'manager', 'mentor']],
  ['programmes', 'status', ['active', 'completed', 'archived']],
  ['programmeMembers', 'role', ['manager', 'mentor']],
  ['applications', 'status', ['pending', 'approved', 'declined']],
  ['tasks', 'status', ['unassigned', 'pending', 'in_progress', 'completed']],
  ['reports', 'type', ['programme', 'task']],
  ['reports', 'state', ['draft', 'submitted']],
  ['certificates', 'status', ['pending_generation', 'pending_approval', 'approved', 'revoked']],
];

interface SchemaNode {
  properties?: Record<string, SchemaNode>;
  enum?: readonly string[];
}

const fieldAt = (schema: SchemaNode, path: string): SchemaNode | undefined =>
  path.split('.').reduce<SchemaNode | undefined>((node, key) => node?.properties?.[key], schema);

describe('collections', () => {
  it('has every collection of DESIGN §2', () => {
    expect([...collectionNames].sort()).toEqual(Object.keys(seedFields).sort());
  });

  it.each(collectionNames)('%s keeps every seed field', (name) => {
    const schema = collections[name] as SchemaNode;
    for (const field of seedFields[name]) {
      expect(fieldAt(schema, field), `${name}.${field}`).toBeDefined();
    }
  });

  it.each(collectionNames)('%s carries createdAt and updatedAt, required', (name) => {
    const schema = collections[name];
    expect(schema.required).toEqual(expect.arrayContaining(['id', 'createdAt', 'updatedAt']));
  });

  it.each(seedEnums)('%s.%s has the seed states', (name, field, values) => {
    expect(fieldAt(collections[name] as SchemaNode, field)?.enum).toEqual(values);
  });

  it('never stores a password', () => {
    for (const name of collectionNames) {
      expect(JSON.stringify(collections[name]).toLowerCase()).not.toContain('password');
    }
  });

  it.each(collectionNames)('%s passes RxDB dev-mode schema checks and compiles in ajv', (name) => {
    const schema = collections[name];
    expect(schema.version).toBe(0);
    expect(schema.primaryKey).toBe('id');
    expect(() => {
      checkSchema(schema);
    }).not.toThrow();
    expect(() => getAjv().compile(schema)).not.toThrow();
  });
});
