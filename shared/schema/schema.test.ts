import { describe, expect, it } from 'vitest';
import { checkSchema } from 'rxdb/plugins/dev-mode';
import { getAjv } from 'rxdb/plugins/validate-ajv';
import { forumPostKinds } from './forumPosts';
import { MAX_COLLECTIONS, collectionNames, collections, type CollectionName } from './index';
import { referenceListDocKinds } from './referenceLists';

/**
 * DESIGN §2's table, field by field, in the camelCase the schemas use. A seed field that goes
 * missing from a schema fails here. Seed entities that share a collection are in `sharedByKind`.
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
  referenceLists: ['id', 'list', 'name', 'createdBy'],
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
  forumPosts: ['id', 'kind', 'threadId', 'programmeId', 'title', 'body', 'createdBy'],
  notifications: ['id', 'recipientId', 'kind', 'title', 'body', 'link', 'read'],
};

/**
 * Seed entities kept as one kind of document in a shared collection (the 13-collection limit, see
 * ./index): the collection, the field saying which kind, its value, and the entity's seed fields.
 */
const sharedByKind: [string, CollectionName, string, string, readonly string[]][] = [
  ['TECH_STACK', 'referenceLists', 'list', 'techStack', ['id', 'name']],
  ['Job Roles', 'referenceLists', 'list', 'jobRole', ['id', 'name']],
  [
    'DISCUSSION FORUM thread',
    'forumPosts',
    'kind',
    'thread',
    ['id', 'programmeId', 'title', 'body', 'createdBy', 'pinned', 'locked'],
  ],
  [
    'DISCUSSION FORUM reply',
    'forumPosts',
    'kind',
    'reply',
    ['id', 'threadId', 'body', 'createdBy', 'replyTo', 'editedAt'],
  ],
];

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
  // Plus the organisation's settings (v1), one document of the collection.
  ['referenceLists', 'list', referenceListDocKinds],
  ['forumPosts', 'kind', forumPostKinds],
];

interface SchemaNode {
  properties?: Record<string, SchemaNode>;
  required?: readonly string[];
  enum?: readonly string[];
}

const fieldAt = (schema: SchemaNode, path: string): SchemaNode | undefined =>
  path.split('.').reduce<SchemaNode | undefined>((node, key) => node?.properties?.[key], schema);

describe('collections', () => {
  it('has every collection of DESIGN §2', () => {
    expect([...collectionNames].sort()).toEqual(Object.keys(seedFields).sort());
  });

  it('has at most the 13 collections RxDB’s open-source build opens in one process', () => {
    expect(collectionNames.length).toBeLessThanOrEqual(13);
    expect(MAX_COLLECTIONS).toBe(13);
  });

  it.each(sharedByKind)('keeps %s in %s as %s = %s', (_entity, name, kindField, kind, fields) => {
    const schema = collections[name] as SchemaNode;
    expect(fieldAt(schema, kindField)?.enum).toContain(kind);
    expect(schema.required).toContain(kindField);
    for (const field of fields) {
      expect(fieldAt(schema, field), `${name}.${field}`).toBeDefined();
    }
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

  const versions: Record<CollectionName, number> = {
    ...(Object.fromEntries(collectionNames.map((name) => [name, 0])) as Record<
      CollectionName,
      number
    >),
    programmes: 1,
    applications: 1,
    tasks: 1,
    reports: 1,
    userDetails: 1,
    certificates: 2,
    users: 2,
    notifications: 2,
    messages: 2,
    forumPosts: 1,
    chats: 1,
    referenceLists: 1,
  };

  it.each(collectionNames)('%s passes RxDB dev-mode schema checks and compiles in ajv', (name) => {
    const schema = collections[name];
    // Versions move with a migration in electron/core/database/migrations (tested on a v0 file).
    expect(schema.version).toBe(versions[name]);
    expect(schema.primaryKey).toBe('id');
    expect(() => {
      checkSchema(schema);
    }).not.toThrow();
    expect(() => getAjv().compile(schema)).not.toThrow();
  });
});
