import { audienceRoles } from '../domain/conversations';
import { appRoleOf } from '../domain/roles';
import { broadcastAudiences } from '../schema/chats';
import type { CollectionName } from '../schema/index';
import {
  broadcastScope,
  chatScope,
  collectionsIn,
  databaseOf,
  decisionsScope,
  inboxScope,
  orgScope,
  personScope,
  programmeScope,
  type DatabaseKind,
  type Scope,
  type Self,
} from './layout';

/**
 * Who reads and writes each kind of database. Provisioning builds every database's `_security`
 * from `membersOf` and docs/SECURITY.md renders its table from `databaseKinds` (a test fails when
 * the file is stale), so the document says what the server does.
 */

/** Account roles as CouchDB `_security` names them; `_admin` alone means server admins only. */
export type MemberRole = 'admin' | 'manager' | 'mentor' | '_admin';

/** Members by name, each resolved from the data when provisioning runs. */
export type NamedMembers = 'none' | 'person' | 'programme' | 'chat';

export interface DatabaseKindInfo {
  /** How the database is named. */
  readonly name: string;
  readonly memberRoles: readonly MemberRole[];
  readonly memberNames: NamedMembers;
  /** Who reads it, in words (the docs table). */
  readonly readers: string;
  /** Who writes what into it, in words; validate_doc_update applies shared/domain either way. */
  readonly writers: string;
  /** What is in it, beyond the list of collections. */
  readonly holds: string;
}

export const databaseKinds: { readonly [K in DatabaseKind]: DatabaseKindInfo } = {
  org: {
    name: '`mmm-org`',
    memberRoles: ['admin', 'manager', 'mentor'],
    memberNames: 'none',
    readers: 'everyone with a role (admins, managers, mentors)',
    writers: 'its readers, as shared/domain allows (an admin sets roles, managers run programmes…)',
    holds:
      'public profiles, programmes and who is in them, reference lists, certificates (every verifier needs the revocation state), the general forum',
  },
  programme: {
    name: '`mmm-programme-<hex programme id>`',
    memberRoles: ['admin'],
    memberNames: 'programme',
    readers: 'the programme’s creator and members (managers, mentors) by name, and admins',
    writers: 'its readers, as shared/domain allows',
    holds:
      'the programme’s tasks, submitted reports, its channel and the channel’s messages, its forum threads and replies',
  },
  person: {
    name: '`mmm-person-<hex account name>`',
    memberRoles: [],
    memberNames: 'person',
    readers: 'that person alone',
    writers:
      'that person; the server’s replication brings in decisions on their applications and details, notifications and chats addressed to them',
    holds:
      'their report drafts, notifications (received and sent), applications, mentor details, their direct and group chats',
  },
  decisions: {
    name: '`mmm-decisions`',
    memberRoles: ['admin', 'manager'],
    memberNames: 'none',
    readers: 'admins and managers',
    writers:
      'admins and managers (decisions); the server’s replication brings in every person’s applications and details',
    holds: 'every application and every person’s mentor details, which admins and managers decide',
  },
  inbox: {
    name: '`mmm-inbox`',
    memberRoles: ['_admin'],
    memberNames: 'none',
    readers: 'server admins only',
    writers: 'the server’s replication only',
    holds:
      'what leaves a person’s database for someone else: applications and details on their way to the deciders and back, notifications and chats on their way to their people',
  },
  chat: {
    name: '`mmm-chat-<hex chat id>`',
    memberRoles: [],
    memberNames: 'chat',
    readers: 'the chat’s members by name (fixed when the chat starts)',
    writers: 'its members',
    holds: 'the messages of one direct or group chat',
  },
  broadcast: {
    name: '`mmm-broadcast-<audience>` (`mentors`, `managers`)',
    // And the audience's role: membersOf adds it per database.
    memberRoles: ['admin'],
    memberNames: 'none',
    readers: 'admins and every person of the audience’s role (all mentors, or all managers)',
    writers:
      'the server’s replication only, from each sender’s own database through the inbox (readers hold no write rights there: only the sender writes a broadcast)',
    holds: 'the broadcasts to that audience and their messages',
  },
};

/** A `_security` member list, resolved for one database. */
export interface Members {
  readonly names: readonly string[];
  readonly roles: readonly MemberRole[];
}

/**
 * The members of a database, given the names its kind takes from the data: the person for their
 * database, the programme's creator and members for a programme, the chat's members for a chat.
 * Sorted, so the same members always compare equal (provisioning is idempotent).
 */
export const membersOf = (scope: Scope, names: readonly string[]): Members => {
  const info = databaseKinds[scope.kind];
  const byName =
    info.memberNames === 'none'
      ? []
      : info.memberNames === 'person' && scope.kind === 'person'
        ? [scope.name]
        : names;
  const roles: MemberRole[] =
    scope.kind === 'broadcast'
      ? [...info.memberRoles, audienceRoles[scope.audience]]
      : [...info.memberRoles];
  return { names: [...new Set(byName)].sort(), roles: roles.sort() };
};

/** What a person's installation knows that decides which programme and chat databases it reads. */
export interface KnownMemberships {
  /** Programmes they are a member of, or created. */
  readonly programmes: readonly string[];
  /** Every programme of the organisation (admins read them all). */
  readonly allProgrammes: readonly string[];
  /** Direct and group chats they are in. */
  readonly chats: readonly string[];
}

/** One database a person replicates, and the collections they take from it. */
export interface Replicated {
  readonly scope: Scope;
  readonly collections: readonly CollectionName[];
}

/**
 * The databases a person's installation replicates: every database they may read, each with the
 * collections it holds (one live feed per database, however many collections). Someone without a
 * role (an applicant waiting for an admin) reads only their own database.
 */
export const replicatedBy = (self: Self, known: KnownMemberships): Replicated[] => {
  const role = appRoleOf(self.roles);
  const own: Replicated = { scope: personScope(self.name), collections: collectionsIn.person };
  if (role === undefined) return [own];
  const programmes = role === 'admin' ? known.allProgrammes : known.programmes;
  return [
    { scope: orgScope, collections: collectionsIn.org },
    own,
    ...(role === 'mentor' ? [] : [{ scope: decisionsScope, collections: collectionsIn.decisions }]),
    ...[...new Set(programmes)].sort().map((id) => ({
      scope: programmeScope(id),
      collections: collectionsIn.programme,
    })),
    ...[...new Set(known.chats)]
      .sort()
      .map((id) => ({ scope: chatScope(id), collections: collectionsIn.chat })),
    ...broadcastAudiences
      .filter((audience) => role === 'admin' || audienceRoles[audience] === role)
      .map((audience) => ({
        scope: broadcastScope(audience),
        collections: collectionsIn.broadcast,
      })),
  ];
};

/** One continuous replication the server keeps (CouchDB's `_replicator`), with its selector. */
export interface Flow {
  readonly id: string;
  readonly source: Scope;
  readonly target: Scope;
  readonly selector: Readonly<Record<string, unknown>>;
  /** What it carries, in words (the docs table). */
  readonly carries: string;
}

/** Documents on their way between people and the deciders: applications and mentor details. */
const DECIDED = '^(applications|userDetails):';
/** The same, with the files they refer to (a CV, an application's file: docs/FILES.md). */
const DECIDED_WITH_FILES = '^(applications|userDetails|files):';

/** Between the inbox and the deciders: two replications for the whole organisation. */
export const decisionFlows: readonly Flow[] = [
  {
    id: 'mmm-inbox-to-decisions',
    source: inboxScope,
    target: decisionsScope,
    selector: { _id: { $regex: DECIDED_WITH_FILES } },
    carries:
      'applications and mentor details, and the files they refer to, to the admins and managers who decide them',
  },
  {
    id: 'mmm-decisions-to-inbox',
    source: decisionsScope,
    target: inboxScope,
    selector: { _id: { $regex: DECIDED } },
    carries: 'the decisions, on their way back to each person',
  },
];

/** A broadcast's chat id starts so (shared/domain/conversations `broadcastChatId`). */
const BROADCAST = 'broadcast~';

/**
 * From the inbox to each audience's database: the broadcasts (chat and messages) to that audience.
 * Two replications for the whole organisation; the senders' own databases send them up.
 */
export const broadcastFlows: readonly Flow[] = broadcastAudiences.map((audience) => ({
  id: `mmm-inbox-to-broadcast-${audience}`,
  source: inboxScope,
  target: broadcastScope(audience),
  selector: {
    $or: [
      { _id: { $regex: `^chats:${BROADCAST}${audience}~` }, kind: 'broadcast' },
      { _id: { $regex: '^messages:' }, chatId: { $regex: `^${BROADCAST}${audience}~` } },
    ],
  },
  carries: `the broadcasts to all ${audience}, from their senders`,
}));

/**
 * What leaves a person's database, and what the inbox brings them: their applications and details
 * (and the decisions on them), notifications and chats addressed to them. Their drafts never leave.
 * Two replications per person, whatever the organisation's size.
 */
export const personFlows = (name: string): readonly Flow[] => {
  const scope = personScope(name);
  return [
    {
      id: `${databaseOf(scope)}-up`,
      source: scope,
      target: inboxScope,
      selector: {
        $or: [
          // A person's database holds no files but those their applications and details refer to.
          { _id: { $regex: '^(applications|userDetails|notifications|files):' } },
          // Only chats they are in: someone taken out of a group keeps the version that says so.
          { _id: { $regex: '^chats:' }, memberIds: { $elemMatch: { $eq: name } } },
          { _id: { $regex: '^messages:' }, chatId: { $regex: `^${BROADCAST}` } },
        ],
      },
      carries:
        'their applications, details (and the files these refer to), the notifications they send, the chats they start and the broadcasts they send',
    },
    {
      id: `${databaseOf(scope)}-down`,
      source: inboxScope,
      target: scope,
      selector: {
        $or: [
          { _id: { $regex: DECIDED }, userId: name },
          { _id: { $regex: '^notifications:' }, recipientId: name },
          { _id: { $regex: '^chats:' }, memberIds: { $elemMatch: { $eq: name } } },
        ],
      },
      carries:
        'the decisions on their applications and details, notifications to them, chats they are in',
    },
  ];
};
