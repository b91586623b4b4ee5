import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateDemoOrganisation } from '../demo';
import { collectionNames, isCollectionName, type CollectionName } from '../schema/index';
import { NONE } from '../schema/fields';
import { membersOf, replicatedBy } from './audiences';
import { broadcastChatId } from '../domain/conversations';
import {
  belongsIn,
  broadcastScope,
  collectionsIn,
  couchIdOf,
  databaseOf,
  homeOf,
  parseCouchId,
  personScope,
  programmeChannelId,
  programmeScope,
  type Self,
} from './layout';

const org = generateDemoOrganisation();
const roleOf = (name: string) => org.users.find((user) => user.id === name)?.role ?? 'mentor';
const selfOf = (name: string): Self => ({ name, roles: [roleOf(name)] });

/** Who writes a document of the demo: its author, or for a decision the one who decided. */
const writerOf = (collection: CollectionName, doc: Record<string, unknown>): string => {
  const text = (name: string) => (typeof doc[name] === 'string' ? doc[name] : '');
  switch (collection) {
    case 'users':
      return text('id');
    case 'applications':
    case 'userDetails':
      return text('userId');
    default:
      return text('createdBy');
  }
};

describe('the layout', () => {
  it('names databases from hex, so any id or account name makes a CouchDB name', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', minLength: 1 }), (id) => {
        for (const name of [
          databaseOf(programmeScope(id)),
          databaseOf(personScope(id)),
          databaseOf({ kind: 'chat', chatId: id }),
        ]) {
          expect(name).toMatch(/^[a-z][a-z0-9_$()+-]*$/);
        }
      }),
    );
    expect(databaseOf({ kind: 'org' })).toBe('mmm-org');
    expect(databaseOf(personScope('zoë'))).toBe('mmm-person-7a6fc3ab');
  });

  it('gives every document a CouchDB id that says its collection', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...collectionNames),
        fc.string({ minLength: 1 }),
        (collection, id) => {
          expect(parseCouchId(couchIdOf(collection, id), isCollectionName)).toEqual({
            collection,
            id,
          });
        },
      ),
    );
    expect(parseCouchId('_design/mmm', isCollectionName)).toBeNull();
    expect(parseCouchId('tasks:', isCollectionName)).toBeNull();
    expect(parseCouchId('nothing:1', isCollectionName)).toBeNull();
  });

  it('puts every document where its writer pushes it and the server takes it', () => {
    for (const collection of collectionNames) {
      for (const doc of org[collection] as unknown as Record<string, unknown>[]) {
        const home = homeOf(collection, doc, selfOf(writerOf(collection, doc)));
        expect(collectionsIn[home.kind]).toContain(collection);
        expect(belongsIn(home, collection, doc), `${collection} ${String(doc['id'])}`).toBeNull();
      }
    }
  });

  it('keeps a draft with its author and a submitted report with its programme', () => {
    const draft = { state: 'draft', createdBy: 'mentor01', programmeId: 'p1' };
    const submitted = { ...draft, state: 'submitted' };
    const author = selfOf('mentor01');
    expect(homeOf('reports', draft, author)).toEqual(personScope('mentor01'));
    expect(homeOf('reports', submitted, author)).toEqual(programmeScope('p1'));
    // Read by a manager, the same report has the same home.
    expect(homeOf('reports', submitted, selfOf('manager1'))).toEqual(programmeScope('p1'));
    expect(belongsIn(programmeScope('p1'), 'reports', draft)).not.toBeNull();
    expect(belongsIn(personScope('mentor02'), 'reports', draft)).not.toBeNull();
    // The draft's tombstone in the author's database says where it went.
    expect(belongsIn(personScope('mentor01'), 'reports', { ...submitted, _deleted: true })).toBe(
      null,
    );
  });

  it('refuses what a database’s members may not all read', () => {
    const task = { programmeId: 'p1' };
    expect(belongsIn(programmeScope('p2'), 'tasks', task)).not.toBeNull();
    expect(belongsIn({ kind: 'org' }, 'tasks', task)).not.toBeNull();
    expect(belongsIn({ kind: 'org' }, 'forumPosts', { programmeId: 'p1' })).not.toBeNull();
    expect(belongsIn({ kind: 'org' }, 'forumPosts', { programmeId: NONE })).toBeNull();
    expect(belongsIn(personScope('a'), 'applications', { userId: 'b' })).not.toBeNull();
    expect(belongsIn(personScope('a'), 'notifications', { createdBy: 'a', recipientId: 'b' })).toBe(
      null,
    );
    expect(
      belongsIn(personScope('a'), 'notifications', { createdBy: 'c', recipientId: 'b' }),
    ).not.toBeNull();
    expect(
      belongsIn(personScope('a'), 'chats', { kind: 'direct', memberIds: ['b', 'c'] }),
    ).not.toBeNull();
    const channel = { id: programmeChannelId('p1'), kind: 'programme', programmeId: 'p1' };
    expect(belongsIn(programmeScope('p1'), 'chats', channel)).toBeNull();
    expect(belongsIn(programmeScope('p1'), 'chats', { ...channel, id: 'other' })).not.toBeNull();
    expect(
      belongsIn(programmeScope('p1'), 'messages', { chatId: programmeChannelId('p1') }),
    ).toBeNull();
    expect(
      belongsIn(programmeScope('p1'), 'messages', { chatId: programmeChannelId('p2') }),
    ).not.toBeNull();
  });

  it('a person’s own decisions-to-be live with them, others’ with the deciders', () => {
    const application = { userId: 'mentor01' };
    expect(homeOf('applications', application, selfOf('mentor01'))).toEqual(
      personScope('mentor01'),
    );
    expect(homeOf('applications', application, selfOf('manager1'))).toEqual({ kind: 'decisions' });
  });
});

describe('who replicates what', () => {
  const known = { programmes: ['p1'], allProgrammes: ['p1', 'p2'], chats: ['c1'] };
  const names = (self: Self) =>
    replicatedBy(self, known).map((replicated) => databaseOf(replicated.scope));

  it('reads only the databases a person is a member of, each once', () => {
    expect(names({ name: 'm', roles: ['mentor'] })).toEqual([
      'mmm-org',
      databaseOf(personScope('m')),
      databaseOf(programmeScope('p1')),
      databaseOf({ kind: 'chat', chatId: 'c1' }),
      'mmm-broadcast-mentors',
    ]);
    expect(names({ name: 'k', roles: ['manager'] })).toContain('mmm-decisions');
    expect(names({ name: 'k', roles: ['manager'] })).toContain('mmm-broadcast-managers');
    expect(names({ name: 'k', roles: ['manager'] })).not.toContain('mmm-broadcast-mentors');
    expect(names({ name: 'a', roles: ['admin'] })).toContain(databaseOf(programmeScope('p2')));
    expect(names({ name: 'a', roles: ['admin'] })).toEqual(
      expect.arrayContaining(['mmm-broadcast-mentors', 'mmm-broadcast-managers']),
    );
    expect(names({ name: 'x', roles: [] })).toEqual([databaseOf(personScope('x'))]);
  });

  it('lets in exactly the members the data names', () => {
    expect(membersOf(programmeScope('p1'), ['b', 'a', 'b'])).toEqual({
      names: ['a', 'b'],
      roles: ['admin'],
    });
    expect(membersOf(personScope('a'), ['someone else'])).toEqual({ names: ['a'], roles: [] });
    expect(membersOf({ kind: 'inbox' }, ['a'])).toEqual({ names: [], roles: ['_admin'] });
    expect(membersOf(broadcastScope('mentors'), ['a'])).toEqual({
      names: [],
      roles: ['admin', 'mentor'],
    });
  });
});

describe('broadcasts (issue 15)', () => {
  const chatId = broadcastChatId('mentors', 'x1');
  const sent = { id: 'm1', chatId, createdBy: 'manager1' };
  const broadcast = { id: chatId, kind: 'broadcast', audience: 'mentors', createdBy: 'manager1' };

  it('live with their sender and, for their readers, in their audience’s database', () => {
    expect(homeOf('messages', sent, selfOf('manager1'))).toEqual(personScope('manager1'));
    expect(homeOf('messages', sent, selfOf('mentor01'))).toEqual(broadcastScope('mentors'));
    expect(homeOf('chats', broadcast, selfOf('manager1'))).toEqual(personScope('manager1'));
    expect(homeOf('chats', broadcast, selfOf('mentor01'))).toEqual(broadcastScope('mentors'));
  });

  it('belong in their sender’s database and their audience’s, nowhere else', () => {
    expect(belongsIn(personScope('manager1'), 'messages', sent)).toBeNull();
    expect(belongsIn(personScope('mentor01'), 'messages', sent)).not.toBeNull();
    expect(belongsIn(personScope('manager1'), 'chats', broadcast)).toBeNull();
    expect(belongsIn(broadcastScope('mentors'), 'messages', sent)).toBeNull();
    expect(belongsIn(broadcastScope('managers'), 'messages', sent)).not.toBeNull();
    expect(belongsIn(broadcastScope('mentors'), 'chats', broadcast)).toBeNull();
    expect(
      belongsIn(broadcastScope('mentors'), 'chats', { ...broadcast, kind: 'group' }),
    ).not.toBeNull();
    // A direct chat's message never sits in a person's database.
    expect(
      belongsIn(personScope('manager1'), 'messages', { chatId: 'c1', createdBy: 'manager1' }),
    ).not.toBeNull();
  });
});
