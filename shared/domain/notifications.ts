import { NONE, TITLE_MAX } from '../schema/fields';
import type { CollectionName } from '../schema/index';
import {
  notificationCategories,
  notificationKinds,
  type NotificationCategory,
  type NotificationDelivery,
  type NotificationDoc,
  type NotificationKind,
} from '../schema/notifications';
import type { UserDoc } from '../schema/users';
import { privateDatabaseName } from '../sync/database-names';
import { isReadMarker, readMarkerId } from './conversations';
import type { Action } from './permissions';
import {
  firstReason,
  ownsOrManages,
  permit,
  text,
  type Json,
  type Owns,
  type Writer,
} from './writeContext';

/**
 * Notifications (issue 16): who may send which kind, the id that makes one event one document,
 * and where each one leads. Commands build notifications here; checkWrite (and so the server's
 * validate_doc_update) judges a new one with `checkNewNotification`.
 */

interface KindRule {
  readonly category: NotificationCategory;
  /** The collection of the entity it links to; null: it links to nothing (a broadcast). */
  readonly collection: CollectionName | null;
  /** The action whose permission sending it takes: only who can cause the event notifies of it. */
  readonly action: Action;
  /**
   * Whether the writer "owns" the action, as far as a document alone shows: true for what every
   * holder of the role does as themselves (applying, writing a report), `unknown` where it depends
   * on a programme or chat the server cannot see.
   */
  readonly owns: (writer: Writer) => Owns;
  /**
   * Whether its event belongs to a programme (the notification then names it, `programmeId`), and
   * the relation to that programme its sender needs where the server knows people's relations
   * (`writer.security`, see PROGRAMME_RELATIONS_FIELD): `manages` (created it, or a manager
   * membership), `takesPart` (manages it or any membership), `none` (an applicant is in no
   * programme yet; certificates are approved and revoked by admins, who run every programme).
   * null: about no programme.
   */
  readonly programme: ProgrammeRelation | 'none' | null;
}

/** A person's relation to a programme, as the server lists it (ProgrammeRelations). */
export type ProgrammeRelation = 'manages' | 'takesPart';

const own = (): Owns => true;
const inTheirProgramme = (writer: Writer): Owns => ownsOrManages(false, writer);
const unknownRelation = (): Owns => 'unknown';

export const notificationKindRules: { readonly [K in NotificationKind]: KindRule } = {
  account_approved: {
    category: 'people',
    collection: 'users',
    action: 'users.setRole',
    owns: own,
    programme: null,
  },
  application_received: {
    category: 'applications',
    collection: 'applications',
    action: 'applications.submit',
    owns: own,
    programme: 'none',
  },
  application_decided: {
    category: 'applications',
    collection: 'applications',
    action: 'applications.decide',
    owns: inTheirProgramme,
    programme: 'manages',
  },
  task_assigned: {
    category: 'tasks',
    collection: 'tasks',
    action: 'tasks.assign',
    owns: inTheirProgramme,
    programme: 'manages',
  },
  // Assignees complete their own tasks, managers those of their programmes: either way a relation.
  task_completed: {
    category: 'tasks',
    collection: 'tasks',
    action: 'tasks.updateStatus',
    owns: unknownRelation,
    programme: 'takesPart',
  },
  report_submitted: {
    category: 'reports',
    collection: 'reports',
    action: 'reports.write',
    owns: own,
    programme: 'takesPart',
  },
  details_decided: {
    category: 'people',
    collection: 'userDetails',
    action: 'userDetails.approve',
    owns: own,
    programme: null,
  },
  certificate_pending_approval: {
    category: 'certificates',
    collection: 'certificates',
    action: 'certificates.generate',
    owns: inTheirProgramme,
    programme: 'manages',
  },
  certificate_approved: {
    category: 'certificates',
    collection: 'certificates',
    action: 'certificates.approve',
    owns: own,
    programme: 'none',
  },
  certificate_revoked: {
    category: 'certificates',
    collection: 'certificates',
    action: 'certificates.revoke',
    owns: own,
    programme: 'none',
  },
  message: {
    category: 'messages',
    collection: 'chats',
    action: 'messages.send',
    owns: unknownRelation,
    programme: null,
  },
  forum_reply: {
    category: 'forum',
    collection: 'forumPosts',
    action: 'forum.reply',
    owns: own,
    programme: null,
  },
  programme_changed: {
    category: 'programmes',
    collection: 'programmes',
    action: 'programmes.edit',
    owns: inTheirProgramme,
    programme: 'manages',
  },
  // Admins broadcast to everyone (notifications.broadcast, checked by the app), admins and
  // managers to all mentors or all managers (issue 15's broadcast chats): the server sees no
  // audience, so it lets through the roles that broadcast at all.
  broadcast: {
    category: 'broadcasts',
    collection: null,
    action: 'chats.broadcast',
    owns: own,
    programme: null,
  },
};

export const isNotificationKind = (kind: unknown): kind is NotificationKind =>
  typeof kind === 'string' && Object.prototype.hasOwnProperty.call(notificationKindRules, kind);

/** What a category is called on the preferences screen. */
export const categoryLabels: { readonly [C in NotificationCategory]: string } = {
  applications: 'Applications (received, decided)',
  tasks: 'Tasks (assigned to you, completed)',
  reports: 'Reports submitted',
  people: 'Your account and mentor details',
  certificates: 'Certificates (approved, revoked)',
  messages: 'Direct messages',
  forum: 'Replies to your forum threads',
  broadcasts: 'Broadcasts (to everyone, to all mentors or managers)',
  programmes: 'Programme changes',
};

/** Unless the person chose otherwise, everything is in the bell and on the desktop. */
export const DEFAULT_DELIVERY: NotificationDelivery = 'desktop';

export const deliveryOf = (
  preferences: UserDoc['notificationPreferences'],
  kind: NotificationKind,
): NotificationDelivery => preferences?.[notificationKindRules[kind].category] ?? DEFAULT_DELIVERY;

/** Every category with the delivery that applies: the person's choice, else the default. */
export const deliveriesOf = (
  preferences: UserDoc['notificationPreferences'],
): Record<NotificationCategory, NotificationDelivery> =>
  Object.fromEntries(
    notificationCategories.map((category) => [
      category,
      preferences?.[category] ?? DEFAULT_DELIVERY,
    ]),
  ) as Record<NotificationCategory, NotificationDelivery>;

/**
 * 128 bits of a string (cyrb128: four 32-bit lanes, Math.imul; ES2015, so validate_doc_update
 * runs it). Not a secret or a signature: it only turns (recipient, kind, entity, event) into an id
 * every machine derives alike, so two makers of the same notification write one document.
 */
const hash128 = (input: string): string => {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < input.length; i += 1) {
    const k = input.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1, h2, h3, h4].map((lane) => (lane >>> 0).toString(16).padStart(8, '0')).join('');
};

export interface NotificationEvent {
  readonly recipientId: string;
  readonly kind: NotificationKind;
  /** The entity it is about (a broadcast: the broadcast's own id). */
  readonly entityId: string;
  /** What happened to it: `approved`, an assignment's time... */
  readonly event: string;
}

/** The title every read marker has (it is never shown: the bell leaves read markers out). */
export const READ_MARKER_TITLE = 'Read';

/** One id per recipient and event: `n` and 32 hex digits. */
export const notificationId = (event: NotificationEvent): string =>
  `n${hash128([event.recipientId, event.kind, event.entityId, event.event].join('\u0000'))}`;

/** A title that fits the schema, however long the names in it. */
const fitTitle = (title: string): string =>
  title.length <= TITLE_MAX ? title : `${title.slice(0, TITLE_MAX - 1)}…`;

export interface NotificationDraft extends NotificationEvent {
  readonly title: string;
  readonly body?: string;
  /** The programme the event belongs to, for the kinds about one (KindRule `programme`). */
  readonly programmeId?: string;
}

/** The document a command writes for one recipient of an event. */
export const buildNotification = (
  draft: NotificationDraft,
  createdBy: string,
  now: string,
): NotificationDoc => {
  const collection = notificationKindRules[draft.kind].collection;
  return {
    id: notificationId(draft),
    recipientId: draft.recipientId,
    kind: draft.kind,
    title: fitTitle(draft.title),
    body: (draft.body ?? '').slice(0, 2_000),
    ...(collection ? { link: { collection, id: draft.entityId } } : {}),
    ...(draft.programmeId ? { programmeId: draft.programmeId } : {}),
    event: draft.event,
    read: false,
    createdBy,
    createdAt: now,
    updatedAt: now,
  };
};

/** One draft per recipient, leaving out the one who caused the event (nobody hears of their own). */
export const draftsFor = (
  recipients: readonly string[],
  causedBy: string,
  draft: Omit<NotificationDraft, 'recipientId'>,
): NotificationDraft[] =>
  [...new Set(recipients)]
    .filter((recipientId) => recipientId !== causedBy)
    .map((recipientId) => ({ ...draft, recipientId }));

/**
 * What the server can check of a new notification from it alone (checkWrite): it is unread; it is
 * for someone else; its kind is one the writer's role can cause (a mentor never announces a task
 * assignment, a decision or a certificate; only an admin broadcasts); it links to the kind of
 * entity its kind is about; its id is the one derived from recipient, kind, entity and event, so
 * an event gives each person one notification; it names a programme exactly when its kind is
 * about one. Where the server gives the writer's relations (programmeRelationCheck), the writer
 * has the one its kind needs to that programme. Whether the entity is really that programme's,
 * and the recipients the event's people, is in other documents: the commands check it.
 */
export const checkNewNotification = (doc: Json, writer: Writer): string | null => {
  if (isReadMarker({ id: text(doc, 'id') ?? '' })) return checkNewReadMarker(doc, writer);
  const kind = doc.kind;
  if (!isNotificationKind(kind)) return `Unknown notification kind ${String(kind)}.`;
  const rule = notificationKindRules[kind];
  const recipientId = text(doc, 'recipientId') ?? '';
  const event = text(doc, 'event') ?? '';
  const link = doc.link as Json | undefined;
  const linkCollection = link ? text(link, 'collection') : undefined;
  const entityId = (rule.collection ? link && text(link, 'id') : event) ?? '';
  return firstReason(
    doc.read === false && doc.readAt === undefined ? null : 'A new notification is unread.',
    recipientId === writer.name ? 'Nobody is notified of their own action.' : null,
    event === '' ? 'A notification names the event it is about.' : null,
    (linkCollection ?? null) === rule.collection
      ? null
      : `A ${kind} notification links to ${rule.collection ?? 'nothing'}.`,
    text(doc, 'id') === notificationId({ recipientId, kind, entityId, event })
      ? null
      : 'A notification’s id is derived from its recipient, kind, entity and event.',
    permit(writer, rule.action, rule.owns(writer)),
    programmeRelationCheck(doc, writer),
  );
};

/**
 * Where the server lists a person's relations to programmes: their own database's `_security`
 * object, which provisioning and the server's follower keep from the organisation's programmes
 * and memberships (server/provision/programme-relations.ts), and validate_doc_update is given. A
 * person writes notifications only into their own database, so the list there is the sender's.
 */
export const PROGRAMME_RELATIONS_FIELD = 'programmeRelations';

/** The programmes a person manages (created, or a manager membership) and takes part in (any). */
export interface ProgrammeRelations {
  readonly manages: readonly string[];
  /** Every programme they manage or are a member of. */
  readonly takesPart: readonly string[];
}

/** The relations listed in a `_security` object (none when it lists none, or nonsense). */
export const programmeRelationsIn = (security: Json | undefined): ProgrammeRelations => {
  const listed = security?.[PROGRAMME_RELATIONS_FIELD];
  const relations = (typeof listed === 'object' && listed !== null ? listed : {}) as Json;
  const ids = (field: string) => {
    const value = relations[field];
    return Array.isArray(value) ? value.filter((id): id is string => typeof id === 'string') : [];
  };
  return { manages: ids('manages'), takesPart: ids('takesPart') };
};

const relationWords: { readonly [R in ProgrammeRelation]: string } = {
  manages: 'a manager of',
  takesPart: 'in',
};

/**
 * A notification names its programme exactly when its kind is about one; where the server gives
 * the writer's relations (the `_security` of their own database: only there do they write
 * notifications), the writer has the relation the kind needs to the programme named: only a
 * programme's managers announce its assignments and decisions, only its people a completion or a
 * report. Admins run every programme. In the app (no `_security`) the commands check the relation
 * from the programme's own documents.
 */
const programmeRelationCheck = (doc: Json, writer: Writer): string | null => {
  const kind = doc.kind as NotificationKind;
  const needs = notificationKindRules[kind].programme;
  const programmeId = text(doc, 'programmeId') ?? NONE;
  if (needs === null) {
    return programmeId === NONE ? null : `A ${kind} notification is about no programme.`;
  }
  if (programmeId === NONE) return `A ${kind} notification names its programme.`;
  if (needs === 'none' || writer.security === undefined || writer.role === 'admin') return null;
  return programmeRelationsIn(writer.security)[needs].includes(programmeId)
    ? null
    : relationRefusal(needs, kind);
};

const relationRefusal = (needs: ProgrammeRelation, kind: NotificationKind): string =>
  `Only someone ${relationWords[needs]} the programme sends a ${kind} notification about it.`;

/**
 * Whether the server refused a notification for its sender's relation to the programme. The
 * server lists relations a moment after the programme or membership they follow reaches it, and
 * one sync may carry both (a programme made and a task assigned at once): the app sends such a
 * notification again by itself before leaving it to the person (electron/core/sync).
 */
export const isRelationRefusal = (reason: string): boolean =>
  (Object.keys(relationWords) as ProgrammeRelation[]).some((needs) =>
    notificationKinds.some((kind) => reason === relationRefusal(needs, kind)),
  );

/** What a read marker is about: a chat (kind `message`) or a forum thread (`forum_reply`). */
const readMarkerCollections: Partial<Record<NotificationKind, CollectionName>> = {
  message: 'chats',
  forum_reply: 'forumPosts',
};

/**
 * The one notification a person writes to themselves: a read marker (shared/domain/conversations),
 * how far they have read a chat or thread, which must reach their other machines through their own
 * database. It is theirs (recipient and writer alike), of a chat or a thread, with the id derived
 * from the two, and says nothing but how far: so nobody can mark someone else's chats read, and
 * the exception carries no message to anyone. Where the server says which database it is written
 * to, that is the person's own notifications database.
 */
const checkNewReadMarker = (doc: Json, writer: Writer): string | null => {
  const kind = doc.kind;
  const collection = isNotificationKind(kind) ? readMarkerCollections[kind] : undefined;
  const link = doc.link as Json | undefined;
  const targetId = (link && text(link, 'id')) ?? '';
  const readAt = doc.readAt;
  return firstReason(
    text(doc, 'recipientId') === writer.name ? null : 'A read marker is its writer’s own.',
    collection ? null : 'A read marker is of a chat or a forum thread.',
    collection && link && text(link, 'collection') === collection && targetId !== ''
      ? null
      : `A read marker of a ${String(kind)} links to ${collection ?? 'a chat or thread'}.`,
    text(doc, 'id') === readMarkerId(writer.name, targetId)
      ? null
      : 'A read marker’s id is derived from its person and its chat or thread.',
    doc.event === undefined &&
      text(doc, 'title') === READ_MARKER_TITLE &&
      text(doc, 'body') === '' &&
      typeof doc.read === 'boolean' &&
      (readAt === undefined || typeof readAt === 'string')
      ? null
      : 'A read marker says only how far its person has read.',
    writer.database === undefined ||
      writer.database === privateDatabaseName(writer.name, 'notifications')
      ? null
      : 'A read marker is kept in its person’s own notifications database.',
  );
};

/** Where a notification leads in the app (a hash-router path), or null when nowhere yet. */
export const notificationPath = (doc: Pick<NotificationDoc, 'kind' | 'link'>): string | null => {
  const id = doc.link?.id ?? '';
  switch (doc.kind) {
    case 'application_received':
    case 'certificate_pending_approval':
      return '/approvals';
    case 'application_decided':
      return '/applications';
    case 'task_assigned':
    case 'task_completed':
      return `/tasks/${id}`;
    case 'report_submitted':
      return `/reports/${id}`;
    case 'details_decided':
      return '/profile/details';
    case 'account_approved':
      return '/profile';
    case 'certificate_approved':
    case 'certificate_revoked':
      return '/certificates';
    case 'programme_changed':
      return `/programmes/${id}`;
    case 'message':
      return `/chats/${id}`;
    case 'forum_reply':
      return `/forum/${id}`;
    // A broadcast is read in the bell itself.
    case 'broadcast':
      return null;
    default: {
      const unknownKind: never = doc.kind;
      return unknownKind;
    }
  }
};
