import { NONE } from '../schema/fields';
import type { CollectionName } from '../schema/index';
import { membershipId } from '../schema/programmeMembers';
import { audienceOfBroadcastId, isBroadcastChatId } from './conversations';
import { attachmentsProblem } from './files';
import { checkNewNotification } from './notifications';
import { referenceListShape } from './organisation';
import {
  changedFields,
  firstReason,
  list,
  ownsOrManages,
  permit,
  same,
  text,
  type Json,
  type Writer,
} from './writeContext';

/**
 * What each collection allows beyond the rules every collection shares (author is the writer,
 * lifecycle moves, immutable fields — see checkWrite). Each returns null (allowed) or why not.
 */
export interface CollectionWriteRules {
  /** Fields that never change after creation, besides id, createdAt and the author. */
  readonly immutable: readonly string[];
  readonly create: (doc: Json, writer: Writer) => string | null;
  /** Edits other than a lifecycle move (moves are checked before this). */
  readonly update: (oldDoc: Json, newDoc: Json, writer: Writer, changed: string[]) => string | null;
  readonly remove: (oldDoc: Json, writer: Writer) => string | null;
  /**
   * Checked on every write, before the others: a deletion and a document written over a deleted
   * one too, with `oldDoc` as stored (a tombstone included; null when there was none).
   */
  readonly every?: (oldDoc: Json | null, newDoc: Json) => string | null;
}

const isAuthor = (doc: Json, writer: Writer): boolean => text(doc, 'createdBy') === writer.name;

/**
 * A new broadcast: by a role that broadcasts, to all mentors or all managers, with the id that
 * names its audience (so its messages say they are a broadcast's), and only its sender listed.
 */
const broadcastShape = (doc: Json, writer: Writer): string | null => {
  const audience = text(doc, 'audience');
  const members = list(doc, 'memberIds');
  return firstReason(
    permit(writer, 'chats.broadcast'),
    audience === 'mentors' || audience === 'managers'
      ? null
      : 'A broadcast is to all mentors or all managers.',
    audienceOfBroadcastId(text(doc, 'id') ?? '') === audience
      ? null
      : 'A broadcast’s id names its audience.',
    members.length === 1
      ? null
      : 'A broadcast lists only its sender: its readers follow from their role.',
    text(doc, 'programmeId') === NONE ? null : 'A broadcast is not a programme’s.',
  );
};
const adminOnly = (writer: Writer, why: string): string | null =>
  writer.role === 'admin' ? null : why;
const onlyChanged = (changed: string[], allowed: readonly string[]): boolean =>
  changed.every((field) => allowed.includes(field));

/** The same people, in any order. */
const sameMembers = (a: readonly unknown[], b: readonly unknown[]): boolean =>
  same([...a].map(String).sort(), [...b].map(String).sort());

/**
 * A direct chat's messages live in a database opened to its members (server/provision), so who
 * they are is fixed when it starts: exactly two different people, never changed — not by an edit,
 * not by turning it into a group chat or a group chat into it, and not by deleting it and writing
 * it again with someone else: a direct chat is not deleted (the embedded server's validation is
 * not shown the tombstone of a deleted document, so a write over one could not be checked), and a
 * write over a tombstone that CouchDB does show is checked against it.
 */
const directChatMembersKept = (oldDoc: Json | null, newDoc: Json): string | null => {
  const members = list(newDoc, 'memberIds');
  if (
    newDoc._deleted !== true &&
    text(newDoc, 'kind') === 'direct' &&
    (members.length !== 2 || members[0] === members[1])
  ) {
    return 'A direct chat is between two people.';
  }
  if (oldDoc === null) return null;
  const wasDirect = text(oldDoc, 'kind') === 'direct';
  if (wasDirect && newDoc._deleted === true && oldDoc._deleted !== true) {
    return 'A direct chat is not deleted: its messages stay with its two members.';
  }
  if (!wasDirect && text(newDoc, 'kind') !== 'direct') return null;
  return text(oldDoc, 'kind') === text(newDoc, 'kind') &&
    sameMembers(list(oldDoc, 'memberIds'), members)
    ? null
    : 'A direct chat’s members never change.';
};

/**
 * Published signing keys are only ever added: a certificate signed with a key stays verifiable for
 * as long as the key is listed, so none is taken back or changed.
 */
const keysOnlyAdded = (before: readonly unknown[], after: readonly unknown[]): string | null =>
  before.every((key) => after.some((kept) => JSON.stringify(kept) === JSON.stringify(key)))
    ? null
    : 'A published signing key is never removed or changed.';

/**
 * A message says something, unless it was deleted: then it is emptied and says when (the chat
 * shows "deleted" where it was, on every machine).
 */
const messageShape = (doc: Json): string | null => {
  const body = text(doc, 'body') ?? '';
  const files = list(doc, 'attachments');
  if (doc.deletedAt !== undefined) {
    return firstReason(
      body === '' ? null : 'A deleted message keeps no text.',
      files.length === 0 ? null : 'A deleted message keeps no files.',
    );
  }
  return firstReason(
    attachmentsProblem(doc.attachments),
    // A broadcast's files would stay in its sender's database: its readers could not open them.
    files.length > 0 && isBroadcastChatId(text(doc, 'chatId') ?? '')
      ? 'A broadcast carries no files.'
      : null,
    body.trim() === '' && files.length === 0 ? 'A message needs some text or a file.' : null,
  );
};

const moderates = (writer: Writer) =>
  permit(writer, 'forum.moderate', ownsOrManages(false, writer));

/**
 * What a forum post's kind requires of it (the schema cannot say it per kind): a thread is its own
 * opening post and has a title; a reply is in another thread, has no title, says something, and is
 * never pinned or locked. The id is compared on create only: it and threadId never change after.
 */
const forumPostShape = (doc: Json, checkId: boolean): string | null => {
  const threadId = text(doc, 'threadId');
  switch (text(doc, 'kind')) {
    case 'thread':
      return firstReason(
        checkId && threadId !== text(doc, 'id') ? 'A thread’s threadId is its own id.' : null,
        text(doc, 'title')?.trim() ? null : 'A thread needs a title.',
      );
    case 'reply':
      return firstReason(
        checkId && (!threadId || threadId === text(doc, 'id'))
          ? 'A reply’s threadId is the thread it answers, not itself.'
          : null,
        text(doc, 'title') === NONE ? null : 'A reply has no title.',
        text(doc, 'body')?.trim() || doc.removedAt !== undefined
          ? null
          : 'A reply needs some text.',
        doc.pinned === undefined && doc.locked === undefined
          ? null
          : 'Only a thread is pinned or locked.',
      );
    default:
      return 'A forum post is a thread or a reply.';
  }
};

const moderationFields: readonly string[] = ['pinned', 'locked', 'lockedAt'];

/** A thread is locked exactly when it says since when. */
/**
 * Where the server lists the locked threads of a forum database: its `_security` object, which
 * the server's follower keeps (server/provision/locked-threads.ts) and validate_doc_update is
 * given. A reply is a document of its own; the lock is on its thread, which the rule cannot read.
 */
export const LOCKED_THREADS_FIELD = 'lockedForumThreads';

/**
 * A reply (new or edited) to a thread the server lists as locked: moderators only. In the app the
 * list is not given (the command checks the thread itself), so this holds on the server alone.
 */
const lockedThreadReply = (doc: Json, writer: Writer): string | null =>
  text(doc, 'kind') === 'reply' &&
  list(writer.security ?? null, LOCKED_THREADS_FIELD).includes(text(doc, 'threadId')) &&
  moderates(writer) !== null
    ? 'This thread is locked: it takes no more replies.'
    : null;

const lockShape = (doc: Json): string | null =>
  (doc.locked === true) === (doc.lockedAt !== undefined)
    ? null
    : 'A locked thread says since when it is locked, and only a locked one does.';

/**
 * Removing a post: its author (deleting their own), or a moderator with a reason. The text goes,
 * the place stays, and who removed it and why are recorded; nothing else changes with it.
 */
const removal = (oldDoc: Json, newDoc: Json, writer: Writer, changed: string[]): string | null =>
  firstReason(
    onlyChanged(changed, ['removedAt', 'removedBy', 'removedReason', 'body'])
      ? null
      : 'Removing a post changes nothing else.',
    text(newDoc, 'removedBy') === writer.name ? null : 'removedBy must be the person removing it.',
    text(newDoc, 'body') === '' ? null : 'A removed post keeps no text.',
    isAuthor(oldDoc, writer)
      ? null
      : firstReason(
          moderates(writer),
          text(newDoc, 'removedReason')?.trim() ? null : 'Say why the post is removed.',
        ),
  );

export const writeRules: { readonly [C in CollectionName]: CollectionWriteRules } = {
  users: {
    immutable: ['dateCreated'],
    // The role on the profile must be the role the server's user store gives the account.
    create: (doc, writer) =>
      writer.role === 'admin' ||
      (text(doc, 'id') === writer.name && text(doc, 'role') === writer.role)
        ? null
        : 'A person can only create their own profile, with the role their account has.',
    update: (oldDoc, newDoc, writer, changed) => {
      if (changed.includes('role')) return permit(writer, 'users.setRole');
      if (changed.includes('signingKeys')) {
        return firstReason(
          text(oldDoc, 'id') === writer.name ? null : 'Only the person publishes their own keys.',
          keysOnlyAdded(list(oldDoc, 'signingKeys'), list(newDoc, 'signingKeys')),
        );
      }
      return permit(writer, 'users.editProfile', text(oldDoc, 'id') === writer.name);
    },
    remove: (_old, writer) => adminOnly(writer, 'Only an admin can remove a person.'),
  },
  userDetails: {
    immutable: [],
    create: (_doc, writer) => permit(writer, 'userDetails.submit', true),
    update: (oldDoc, _newDoc, writer) =>
      text(oldDoc, 'userId') === writer.name ? null : permit(writer, 'userDetails.approve'),
    remove: (oldDoc, writer) =>
      text(oldDoc, 'userId') === writer.name
        ? null
        : adminOnly(writer, 'Only the person or an admin can remove their details.'),
  },
  programmes: {
    immutable: ['dateCreated'],
    create: (_doc, writer) => permit(writer, 'programmes.create'),
    update: (oldDoc, _newDoc, writer) =>
      permit(writer, 'programmes.edit', ownsOrManages(isAuthor(oldDoc, writer), writer)),
    remove: (_old, writer) => adminOnly(writer, 'Programmes are archived, not removed.'),
  },
  programmeMembers: {
    immutable: ['programmeId', 'userId'],
    create: (doc, writer) =>
      text(doc, 'id') !== membershipId(text(doc, 'programmeId') ?? '', text(doc, 'userId') ?? '')
        ? 'A membership’s id is its programme and person.'
        : permit(writer, 'programmeMembers.manage', ownsOrManages(false, writer)),
    update: (_old, _new, writer) =>
      permit(writer, 'programmeMembers.manage', ownsOrManages(false, writer)),
    remove: (_old, writer) =>
      permit(writer, 'programmeMembers.manage', ownsOrManages(false, writer)),
  },
  applications: {
    immutable: ['programmeId'],
    create: (_doc, writer) => permit(writer, 'applications.submit', true),
    update: (oldDoc, _newDoc, writer, changed) => {
      if (text(oldDoc, 'status') !== 'pending' && changed.length > 0) {
        return 'A decided application cannot change.';
      }
      return text(oldDoc, 'userId') === writer.name
        ? null
        : 'Only the applicant can change their answers.';
    },
    remove: (oldDoc, writer) =>
      text(oldDoc, 'userId') === writer.name && text(oldDoc, 'status') === 'pending'
        ? null
        : adminOnly(writer, 'Only the applicant can withdraw a pending application.'),
  },
  tasks: {
    immutable: ['programmeId', 'dateCreated'],
    create: (doc, writer) => {
      // Any state, since a task may arrive already moved on (created and started offline).
      const assigned = list(doc, 'assignees').length > 0;
      if (assigned === (text(doc, 'status') === 'unassigned')) {
        return 'A new task is unassigned exactly when it has no assignees.';
      }
      return permit(writer, 'tasks.create', ownsOrManages(false, writer));
    },
    update: (oldDoc, _newDoc, writer, changed) => {
      const owns = ownsOrManages(isAuthor(oldDoc, writer), writer);
      if (changed.includes('assignees')) return permit(writer, 'tasks.assign', owns);
      if (onlyChanged(changed, ['status'])) return null;
      return permit(writer, 'tasks.edit', owns);
    },
    remove: (oldDoc, writer) =>
      permit(writer, 'tasks.edit', ownsOrManages(isAuthor(oldDoc, writer), writer)),
  },
  referenceLists: {
    // Mentor details point at tech-stack ids: an entry never moves to another list.
    immutable: ['list'],
    create: (doc, writer) =>
      firstReason(permit(writer, 'referenceLists.manage'), referenceListShape(doc, writer)),
    update: (_old, newDoc, writer) =>
      firstReason(permit(writer, 'referenceLists.manage'), referenceListShape(newDoc, writer)),
    remove: (oldDoc, writer) =>
      text(oldDoc, 'list') === 'organisation'
        ? permit(writer, 'organisation.settings')
        : permit(writer, 'referenceLists.manage'),
  },
  reports: {
    immutable: ['programmeId', 'taskId', 'type', 'dateCreated'],
    create: (_doc, writer) => permit(writer, 'reports.write', true),
    update: (oldDoc, _newDoc, writer, changed) => {
      if (text(oldDoc, 'state') === 'submitted' && changed.length > 0) {
        return 'A submitted report is final.';
      }
      return permit(writer, 'reports.write', isAuthor(oldDoc, writer));
    },
    remove: (oldDoc, writer) =>
      isAuthor(oldDoc, writer) && text(oldDoc, 'state') === 'draft'
        ? null
        : adminOnly(writer, 'Only the author can delete a draft report.'),
  },
  certificates: {
    immutable: ['programmeId', 'userId', 'dateCreated'],
    create: (_doc, writer) => permit(writer, 'certificates.generate', ownsOrManages(true, writer)),
    update: (oldDoc, _newDoc, writer, changed) => {
      if (changed.length === 0) return null;
      if (text(oldDoc, 'status') !== 'pending_generation') {
        return 'Only a certificate waiting to be generated can be edited.';
      }
      return permit(
        writer,
        'certificates.generate',
        ownsOrManages(isAuthor(oldDoc, writer), writer),
      );
    },
    remove: (_old, writer) => adminOnly(writer, 'Certificates are revoked, not removed.'),
  },
  chats: {
    immutable: ['kind', 'programmeId', 'audience'],
    every: directChatMembersKept,
    create: (doc, writer) => {
      const members = list(doc, 'memberIds');
      if (!members.includes(writer.name)) return 'The one who starts a chat is in it.';
      if (text(doc, 'kind') === 'broadcast') return broadcastShape(doc, writer);
      return firstReason(
        doc.audience === undefined ? null : 'Only a broadcast has an audience.',
        isBroadcastChatId(text(doc, 'id') ?? '') ? 'Only a broadcast has a broadcast’s id.' : null,
        permit(writer, 'chats.create'),
      );
    },
    update: (oldDoc, newDoc, writer, changed) =>
      firstReason(
        text(oldDoc, 'kind') === 'broadcast' && changed.includes('memberIds')
          ? 'A broadcast’s readers follow from their role: its members do not change.'
          : null,
        list(oldDoc, 'memberIds').includes(writer.name)
          ? null
          : adminOnly(writer, 'Only members can change a chat.'),
        // A group's people are chosen by who started it, or a manager (a channel follows its
        // programme, kept in step by its members; a direct chat's never change).
        text(oldDoc, 'kind') === 'group' &&
          changed.includes('memberIds') &&
          !isAuthor(oldDoc, writer) &&
          writer.role === 'mentor'
          ? 'Only who started a group, or a manager, adds and removes its people.'
          : null,
        text(newDoc, 'kind') === 'group' &&
          !list(newDoc, 'memberIds').includes(text(oldDoc, 'createdBy'))
          ? 'Who started a group stays in it.'
          : null,
      ),
    remove: (oldDoc, writer) =>
      isAuthor(oldDoc, writer) ? null : adminOnly(writer, 'Only who started a chat can remove it.'),
  },
  messages: {
    immutable: ['chatId'],
    create: (doc, writer) =>
      firstReason(
        messageShape(doc),
        permit(writer, 'messages.send', 'unknown'),
        // Which broadcast, and so whether the writer is its sender, is in the chat document:
        // the server checks the role that broadcasts, the app that it is the sender.
        isBroadcastChatId(text(doc, 'chatId') ?? '') ? permit(writer, 'chats.broadcast') : null,
      ),
    update: (oldDoc, newDoc, writer, changed) =>
      firstReason(
        oldDoc.deletedAt !== undefined && changed.length > 0
          ? 'A deleted message does not change again.'
          : null,
        // Its files are what was sent: an edit changes the text, only a deletion takes them away.
        changed.includes('attachments') && newDoc.deletedAt === undefined
          ? 'A message’s files do not change once it is sent.'
          : null,
        messageShape(newDoc),
        permit(writer, 'messages.edit', isAuthor(oldDoc, writer)),
      ),
    remove: (oldDoc, writer) =>
      isAuthor(oldDoc, writer) ? null : adminOnly(writer, 'Only the sender can remove a message.'),
  },
  forumPosts: {
    // A reply carries its thread's programme, so a post never moves between forums or threads.
    immutable: ['kind', 'threadId', 'programmeId'],
    create: (doc, writer) =>
      firstReason(
        forumPostShape(doc, true),
        lockShape(doc),
        doc.removedAt === undefined ? null : 'A new post is not removed.',
        lockedThreadReply(doc, writer),
        doc.pinned === true || doc.locked === true
          ? moderates(writer)
          : permit(writer, text(doc, 'kind') === 'thread' ? 'forum.startThread' : 'forum.reply'),
      ),
    update: (oldDoc, newDoc, writer, changed) => {
      if (oldDoc.removedAt !== undefined && changed.length > 0) {
        return 'A removed post does not change again.';
      }
      // Its author may still delete their reply in a locked thread; edits are moderators'.
      if (changed.includes('removedAt')) return removal(oldDoc, newDoc, writer, changed);
      const locked = lockedThreadReply(newDoc, writer);
      if (locked !== null) return locked;
      if (changed.some((field) => moderationFields.includes(field))) {
        return firstReason(
          forumPostShape(newDoc, false),
          lockShape(newDoc),
          onlyChanged(changed, moderationFields)
            ? null
            : 'Moderating a thread changes nothing else.',
          moderates(writer),
        );
      }
      return firstReason(
        forumPostShape(newDoc, false),
        // A locked thread's opening post stays as it was locked (its replies are separate
        // documents: the server cannot see the lock from them — docs/SECURITY.md).
        oldDoc.locked === true && moderates(writer) !== null
          ? 'This thread is locked: only a moderator changes it.'
          : null,
        permit(writer, 'forum.editPost', isAuthor(oldDoc, writer)),
      );
    },
    remove: (oldDoc, writer) =>
      permit(writer, 'forum.editPost', isAuthor(oldDoc, writer)) === null
        ? null
        : moderates(writer),
  },
  notifications: {
    immutable: ['recipientId', 'kind', 'title', 'body', 'link', 'event', 'programmeId'],
    create: checkNewNotification,
    update: (oldDoc, newDoc, writer) =>
      text(oldDoc, 'recipientId') === writer.name &&
      onlyChanged(changedFields(oldDoc, newDoc), ['read', 'readAt'])
        ? null
        : 'Only the recipient can mark a notification read, and change nothing else.',
    remove: (oldDoc, writer) =>
      text(oldDoc, 'recipientId') === writer.name
        ? null
        : adminOnly(writer, 'Only the recipient can remove a notification.'),
  },
};
