import { authorField, isCollectionName } from '../schema/index';
import { isValidCertificateCode } from './certificateCode';
import { appRoleOf } from './roles';
import {
  isLifecycleState,
  lifecycleOfCollection,
  lifecycles,
  moveAction,
  undoMoveOf,
  withinUndoWindow,
  type LifecycleKind,
} from './lifecycles';
import { addedSteps, historyOf, type TransitionStep } from './history';
import { writeRules } from './writeRules';
import {
  changedFields,
  firstReason,
  list,
  ownsOrManages,
  permit,
  same,
  text,
  type Json,
  type Owns,
  type Writer,
} from './writeContext';

/**
 * The server's half of DESIGN §3 rule 6: may this user write this document? Built to run inside a
 * CouchDB validate_doc_update (bundled by esbuild), so it sees only the new document, the old one
 * and the user, takes plain JSON, and returns null (allowed) or the reason it refuses (the design
 * document throws `{ forbidden: reason }`).
 *
 * It checks: the writer has an app role; the author of a new document is the writer; new documents
 * start in a lifecycle's initial state; id, createdAt, the author and the listed fields never
 * change; every state change is a move of the lifecycle, made by a role the permission matrix
 * allows, recording the writer as the one who made it (decidedBy, approvedBy, ...); the fields only
 * a move sets do not change otherwise; a certificate is not approved by who generated it and is
 * generated with a valid code; archived programmes, decided applications, submitted reports and
 * issued certificates do not change; only admins change roles; only a notification's recipient
 * marks it read; a new notification is for someone else, unread, of a kind the writer's role can
 * cause, linked to its kind's collection, with the id derived from its event (notifications.ts); a direct chat is between two people who never change (edits, deletions and
 * writes over its tombstone alike); a forum thread is its own thread and a reply is in another; deletes by who may
 * delete.
 *
 * It cannot check, because the answer is in other documents (the app's commands check these):
 * - who manages or belongs to a programme: a manager's "own programme" rights (edit, decide, tasks,
 *   members, certificates, moderation) are let through for any manager;
 * - that a task, report, application or certificate is not in an archived programme;
 * - that a message's sender is a member of its chat (chat databases limit who can write at all);
 * - that application answers fit the programme's criteria, and that referenced documents exist;
 * - that a reply's thread is open (not locked) and that the reply carries its thread's programme;
 * - uniqueness (usernames, names within a reference list, one application per programme and
 *   person);
 * - that a notification's entity belongs to the programme it names, that its sender is that
 *   task's assignee (the sender's relation to the named programme is checked where the server
 *   lists it in `_security`: notifications.ts) and that its recipients are the people of the event;
 * - the JSON schema itself (the app validates documents against shared/schema).
 * Server admins (`_admin`) may write anything: provisioning and repairs.
 */
export interface WriteCheck {
  readonly collection: string;
  readonly newDoc: Json;
  readonly oldDoc: Json | null;
  readonly user: {
    readonly name: string | null;
    readonly roles: readonly string[];
    /** The database written to (CouchDB's `userCtx.db`); absent in the app. */
    readonly db?: string;
  };
  /** The database's `_security` (validate_doc_update's `secObj`); absent in the app. */
  readonly security?: Json;
}

/** Fields only a lifecycle move may set. */
const moveFields: { readonly [K in LifecycleKind]: readonly string[] } = {
  programme: ['completedBy', 'dateCompleted', 'archivedBy', 'dateArchived'],
  application: ['decidedBy', 'decidedAt', 'decisionNote'],
  task: [],
  certificate: [
    'certificateCode',
    'holderName',
    'programmeName',
    'signingKeyId',
    'signature',
    'generatedBy',
    'generatedAt',
    'approvedBy',
    'approvedAt',
    'revokedReason',
    'revokedBy',
    'revokedAt',
  ],
  userDetails: ['approved', 'approvedBy', 'approvedAt'],
  report: [],
};

/** The id of a document as CouchDB holds it (RxDB's replication swaps `id` for `_id`). */
const idOf = (doc: Json): string | undefined => text(doc, 'id') ?? text(doc, '_id');

const ownsForMove = (kind: LifecycleKind, doc: Json, writer: Writer): Owns => {
  const author = text(doc, authorField[lifecycles[kind].collection]) === writer.name;
  switch (kind) {
    case 'task':
      return ownsOrManages(author || list(doc, 'assignees').includes(writer.name), writer);
    case 'report':
      return author;
    case 'programme':
    case 'application':
    case 'certificate':
    case 'userDetails':
      return ownsOrManages(author, writer);
    default: {
      const unknownKind: never = kind;
      return unknownKind;
    }
  }
};

/** What a move must record, beyond the state: the writer as the one who made it, and so on. */
const checkMoveRecord = (kind: LifecycleKind, to: string, oldDoc: Json, doc: Json, by: string) => {
  const by_ = (field: string) =>
    text(doc, field) === by ? null : `${field} must be the person making the change.`;
  switch (`${kind}:${to}`) {
    case 'programme:completed':
      return by_('completedBy');
    case 'programme:archived':
      return by_('archivedBy');
    case 'application:approved':
    case 'application:declined':
      return firstReason(by_('decidedBy'), text(doc, 'decidedAt') ? null : 'decidedAt is missing.');
    case 'task:pending':
      return list(doc, 'assignees').length > 0 ? null : 'A pending task has assignees.';
    case 'task:unassigned':
      return list(doc, 'assignees').length === 0 ? null : 'An unassigned task has no assignees.';
    case 'certificate:pending_approval':
      return firstReason(
        by_('generatedBy'),
        isValidCertificateCode(text(doc, 'certificateCode') ?? '')
          ? null
          : 'The certificate needs a valid code.',
        text(doc, 'holderName')?.trim() && text(doc, 'programmeName')?.trim()
          ? null
          : 'A certificate prints its holder’s and programme’s names.',
        doc.signature === undefined && doc.signingKeyId === undefined
          ? null
          : 'A certificate is signed when it is approved, not before.',
      );
    case 'certificate:approved':
      return firstReason(
        by_('approvedBy'),
        text(oldDoc, 'generatedBy') === by || text(doc, 'generatedBy') === by
          ? 'A certificate must be approved by someone who did not generate it.'
          : null,
        text(doc, 'signature') && text(doc, 'signingKeyId')
          ? null
          : 'Approving a certificate signs it: the signature is missing.',
        [
          'certificateCode',
          'holderName',
          'programmeName',
          'issueDate',
          'expirationDate',
          'seriesId',
        ]
          .filter((field) => !same(oldDoc[field], doc[field]))
          .map((field) => `${field} cannot change as a certificate is approved.`)[0] ?? null,
      );
    case 'certificate:revoked':
      return firstReason(
        by_('revokedBy'),
        text(doc, 'revokedReason')?.trim() ? null : 'Say why the certificate is revoked.',
      );
    case 'userDetails:approved':
      return firstReason(
        by_('approvedBy'),
        doc.approved === true ? null : 'approved must be true.',
      );
    default:
      return null;
  }
};

/** A new document starts in an initial state, with none of the fields only a move sets. */
const checkStart = (kind: LifecycleKind, start: string, doc: Json, moved: boolean) => {
  if (!(lifecycles[kind].initial as readonly string[]).includes(start)) {
    return `A new ${kind} cannot start ${start}.`;
  }
  if (moved) return null; // the moves it went through set them, and are judged one by one
  // Unset is absent, '' (an indexed reference) or false (the seed's `approved` flag).
  const preset = moveFields[kind].filter(
    (name) => doc[name] !== undefined && doc[name] !== '' && doc[name] !== false,
  );
  return preset.length > 0 ? `A new ${kind} cannot have ${preset.join(', ')} set.` : null;
};

/**
 * Each move a write adds, in order: it starts where the server's version (or the new document's
 * first state) is, is a move of the lifecycle, is the writer's own (moves by others are in the
 * server's version already) and is one the writer's role may make on this document. The last
 * move's record (decidedBy, approvedBy...) is checked on the document as written.
 */
const checkSteps = (
  kind: LifecycleKind,
  start: string,
  steps: readonly TransitionStep[],
  to: string,
  ownerDoc: Json,
  writer: Writer,
  enteredAt: string | undefined,
): string | null => {
  let state = start;
  // When the document came into its current state: an undo's window runs from there.
  let since = enteredAt;
  for (const step of steps) {
    const action =
      isLifecycleState(kind, step.from) && isLifecycleState(kind, step.to)
        ? moveAction(kind, step.from, step.to)
        : undefined;
    if (step.from !== state) {
      return `The moves recorded do not follow on from each other: the ${kind} was ${state}, not ${step.from}.`;
    }
    if (action === undefined) return `A ${kind} cannot move from ${step.from} to ${step.to}.`;
    if (step.by !== writer.name) return 'A move recorded in this change must be your own.';
    const owns = ownsForMove(kind, ownerDoc, writer);
    const refusal = firstReason(
      permit(writer, action, owns),
      kind === 'certificate' &&
        step.to === 'approved' &&
        text(ownerDoc, 'generatedBy') === writer.name
        ? 'A certificate must be approved by someone who did not generate it.'
        : null,
    );
    // Taking back the move just made, soon after it (lifecycles' undoMoves), needs less.
    const undo = refusal === null ? undefined : undoMoveOf(kind, step.from, step.to);
    const undone =
      undo && withinUndoWindow(undo, since, step.at) ? permit(writer, undo.action, owns) : refusal;
    if (undone !== null) return undone;
    state = step.to;
    since = step.at;
  }
  return state === to ? null : `The moves recorded end at ${state}, but the ${kind} is ${to}.`;
};

const checkLifecycle = (
  kind: LifecycleKind,
  oldDoc: Json | null,
  doc: Json,
  writer: Writer,
): string | null => {
  const { field } = lifecycles[kind];
  const to: unknown = doc[field];
  if (!isLifecycleState(kind, to)) return `Unknown ${kind} state ${String(to)}.`;
  const from: unknown = oldDoc?.[field];
  if (oldDoc !== null && !isLifecycleState(kind, from)) {
    return `Unknown ${kind} state ${String(from)}.`;
  }

  const before = historyOf(oldDoc);
  const after = historyOf(doc);
  if (typeof before === 'string') return before;
  if (typeof after === 'string') return after;
  if (after === undefined) {
    // An app from before histories (or a document from then) is judged as it was: one move.
    if (before !== undefined && before.length > 0) {
      return `The history of this ${kind}’s moves (transitions) cannot be removed.`;
    }
    return checkCollapsed(kind, oldDoc, from, to, doc, writer);
  }
  const steps = addedSteps(before ?? [], after);
  if (typeof steps === 'string') return steps;
  const start = oldDoc === null ? (steps[0]?.from ?? to) : String(from);
  if (steps.length === 0 && start !== to) {
    return `A move from ${start} to ${to} must be recorded in the ${kind}’s transitions.`;
  }
  return firstReason(
    oldDoc === null ? checkStart(kind, start, doc, steps.length > 0) : null,
    checkSteps(kind, start, steps, to, oldDoc ?? doc, writer, enteredAt(before, oldDoc)),
    steps.length === 0
      ? unmoved(kind, oldDoc, doc)
      : checkMoveRecord(kind, to, oldDoc ?? {}, doc, writer.name),
  );
};

/** When the server's version came into its state: its last recorded move, else its last change. */
const enteredAt = (
  before: readonly TransitionStep[] | undefined,
  oldDoc: Json | null,
): string | undefined => before?.at(-1)?.at ?? (oldDoc ? text(oldDoc, 'updatedAt') : undefined);

/** Without a move, the fields only a move sets stay as they are. */
const unmoved = (kind: LifecycleKind, oldDoc: Json | null, doc: Json): string | null => {
  if (oldDoc === null) return null;
  const moved = moveFields[kind].filter((name) => !same(oldDoc[name], doc[name]));
  return moved.length > 0 ? `${moved.join(', ')} only change with the ${kind}’s state.` : null;
};

/** A write without a history (an older app): the final state against the server's, one move. */
const checkCollapsed = (
  kind: LifecycleKind,
  oldDoc: Json | null,
  from: unknown,
  to: string,
  doc: Json,
  writer: Writer,
): string | null => {
  if (oldDoc === null) return checkStart(kind, to, doc, false);
  if (!isLifecycleState(kind, from)) return `Unknown ${kind} state ${String(from)}.`;
  if (from === to) return unmoved(kind, oldDoc, doc);
  const action = isLifecycleState(kind, to) ? moveAction(kind, from, to) : undefined;
  if (action === undefined) return `A ${kind} cannot move from ${from} to ${to}.`;
  const owns = ownsForMove(kind, oldDoc, writer);
  const refusal = firstReason(
    permit(writer, action, owns),
    checkMoveRecord(kind, to, oldDoc, doc, writer.name),
  );
  // Taking back the last move soon after it (lifecycles' undoMoves) needs less than the move.
  const undo = refusal === null ? undefined : undoMoveOf(kind, from, to);
  if (undo && withinUndoWindow(undo, text(oldDoc, 'updatedAt'), text(doc, 'updatedAt'))) {
    return firstReason(
      permit(writer, undo.action, owns),
      checkMoveRecord(kind, to, oldDoc, doc, writer.name),
    );
  }
  return refusal;
};

/** null when the write is allowed, else the reason it is refused. */
export const checkWrite = ({
  collection,
  newDoc,
  oldDoc,
  user,
  security,
}: WriteCheck): string | null => {
  if (user.roles.includes('_admin')) return null;
  if (!isCollectionName(collection)) return `Unknown collection ${collection}.`;
  if (!user.name) return 'Sign in to make changes.';
  const role = appRoleOf(user.roles);
  if (!role) return 'Your account has no role in this organisation.';
  const writer: Writer = {
    name: user.name,
    role,
    ...(user.db === undefined ? {} : { database: user.db }),
    ...(security === undefined ? {} : { security }),
  };
  const rules = writeRules[collection];
  const always = rules.every?.(oldDoc, newDoc) ?? null;
  if (always !== null) return always;
  const old = oldDoc && oldDoc._deleted !== true ? oldDoc : null;

  if (newDoc._deleted === true) return old ? rules.remove(old, writer) : null;

  const author = authorField[collection];
  const kind = lifecycleOfCollection(collection);
  const created = () => {
    if (collection !== 'users' && text(newDoc, author) !== writer.name) {
      return `${author} must be the person creating it.`;
    }
    return firstReason(
      kind ? checkLifecycle(kind, null, newDoc, writer) : null,
      rules.create({ ...newDoc, id: idOf(newDoc) }, writer),
    );
  };
  if (old === null) return created();

  if (collection === 'programmes' && old.status === 'archived') {
    return 'An archived programme is read-only.';
  }
  const fixed = ['createdAt', author, ...rules.immutable].filter(
    (name) => !same(old[name], newDoc[name]) && !(name === 'id' && idOf(old) === idOf(newDoc)),
  );
  if (fixed.length > 0) {
    // Deleted and made again offline (a member removed and added back: the id is the programme
    // and the person), it reaches the server as one write: a new life, created after the old one,
    // judged as the deletion and the creation, which its writer could have sent as two writes.
    const newLife = (text(newDoc, 'createdAt') ?? '') > (text(old, 'createdAt') ?? '');
    const remade = newLife && rules.remove(old, writer) === null && created() === null;
    return remade ? null : `${fixed.join(', ')} cannot change.`;
  }
  const changed = changedFields(old, newDoc);
  const nonState = kind
    ? changed.filter(
        (name) =>
          name !== lifecycles[kind].field &&
          name !== 'transitions' &&
          !moveFields[kind].includes(name),
      )
    : changed;
  return firstReason(
    kind ? checkLifecycle(kind, old, newDoc, writer) : null,
    nonState.length > 0 || !kind ? rules.update(old, newDoc, writer, nonState) : null,
  );
};
