import type { RxCollection } from 'rxdb';
import { getValidator } from 'rxdb/plugins/validate-ajv';
import { HostFailure } from '../../../shared/contract';
import type { SyncIssue } from '../../../shared/contract';
import { collections, isCollectionName } from '../../../shared/schema';
import type { CollectionName, DocOf, TaskDoc } from '../../../shared/schema';
import {
  assignTask,
  isLifecycleState,
  lifecycleOfCollection,
  lifecycles,
  moveAction,
  transition,
} from '../../../shared/domain';
import { same } from '../../../shared/domain/writeContext';
import { couchIdOf, databaseOf, homeOf } from '../../../shared/sync/layout';
import { conflictPolicies } from '../../../shared/sync/policies';
import type { SignedIn } from '../session/session-manager';
import { insertDoc, unwrap, updateDoc } from '../workspace/documents';
import type { Workspace } from '../workspace/workspace';
import { reasonOf } from './server-access';

/**
 * What the sync panel does with an issue: send a refused document again, restore the local side
 * of a conflict, or drop a refused change so the server's version stands. A restore is the user's
 * own edit and passes the same checks as any edit; a retry asks the server itself, and a discard
 * only puts back what the server already holds.
 */

type Fields = Record<string, unknown>;

const issueOf = (signedIn: SignedIn, id: string): SyncIssue => {
  const issue = signedIn.issues.current().find((candidate) => candidate.id === id);
  if (!issue) throw new HostFailure('not_found', 'That sync issue has already been dealt with.');
  return issue;
};

const collectionNameOf = (issue: SyncIssue): CollectionName => {
  if (!isCollectionName(issue.collection)) {
    throw new HostFailure(
      'invalid_input',
      `“${issue.collection}” is not a collection of this app; dismiss the issue.`,
    );
  }
  return issue.collection;
};

/** The document's fields, without what storage and replication keep beside them. */
const fieldsOf = (doc: Fields): Fields =>
  Object.fromEntries(Object.entries(doc).filter(([key]) => !key.startsWith('_')));

/** A new local revision must be newer than the one it replaces, whatever the clock says. */
const laterThan = (previous: unknown, now: string): string =>
  typeof previous === 'string' && previous >= now
    ? new Date(Date.parse(previous) + 1).toISOString()
    : now;

interface ServerCopy {
  readonly fields: Fields;
  readonly rev: string;
}

/**
 * Where the server keeps a document for this person (shared/sync/layout's home), judged from the
 * version this machine has of it, and its CouchDB id.
 */
const pathOf = (signedIn: SignedIn, collection: CollectionName, docId: string, version: Fields) =>
  `/${encodeURIComponent(databaseOf(homeOf(collection, version, signedIn.user)))}/${encodeURIComponent(couchIdOf(collection, docId))}`;

/**
 * The server's version of a document (null when it has none, or only a deletion). Needs the
 * network: without it the answer is `unavailable`.
 */
export const serverCopyOf = async (
  signedIn: SignedIn,
  collection: CollectionName,
  docId: string,
  /** This machine's version: where the server keeps the document follows from it. */
  version: Fields,
): Promise<ServerCopy | null> => {
  const answer = await signedIn.server.request('GET', pathOf(signedIn, collection, docId, version));
  if (answer.status === 404) return null;
  const body = answer.body as Fields | null;
  if (answer.status !== 200 || body === null || typeof body['_rev'] !== 'string') {
    throw new HostFailure(
      'unavailable',
      `The server did not give its version of the document (${reasonOf(answer)}).`,
    );
  }
  return { fields: { id: docId, ...fieldsOf(body) }, rev: body['_rev'] };
};

/*
 * The workspace's checked writes, for a collection known only at run time: an issue can be about
 * any collection, and the checks (schema, checkWrite) take each document as a plain record.
 */
const updateRecord = (
  workspace: Workspace,
  collection: CollectionName,
  id: string,
  change: (current: Fields) => Fields,
) => updateDoc(workspace, collection, id, (current) => change(current as Fields) as typeof current);

const insertRecord = (workspace: Workspace, collection: CollectionName, doc: Fields) =>
  insertDoc(workspace, collection, doc as DocOf<CollectionName>);

const rxCollectionOf = (signedIn: SignedIn, collection: CollectionName) =>
  signedIn.database[collection] as unknown as RxCollection<Fields>;

/**
 * Sends a refused document again, straight to the server, and keeps what it accepted. Not through
 * replication: after a refusal RxDB takes the refused version for the server's, so a change sent
 * again that way would meet the server's real version as a conflict against the wrong base and
 * could lose the very fields it was sent for. Sent directly, the answer is immediate and honest.
 */
const resend = async (
  signedIn: SignedIn,
  now: string,
  collection: CollectionName,
  issue: SyncIssue,
) => {
  const local = await rxCollectionOf(signedIn, collection).findOne(issue.docId).exec();
  const deletion = !local && issue.localVersion['_deleted'] === true;
  const refused = fieldsOf(issue.localVersion);
  const current = local ? fieldsOf(local.toJSON()) : refused;
  // The refused change itself, over whatever this machine holds by now: a later change from the
  // server may have replaced the local copy (RxDB took the refused version as the server's), and
  // sending that copy would send the server its own version back.
  const changed = new Set(issue.fields.length > 0 ? issue.fields : Object.keys(refused));
  const next: Fields = {
    // A field the refused change cleared is left out.
    ...Object.fromEntries(Object.entries(current).filter(([field]) => !changed.has(field))),
    ...Object.fromEntries(Object.entries(refused).filter(([field]) => changed.has(field))),
    id: issue.docId,
    updatedAt: laterThan(current['updatedAt'], now),
  };
  const server = await serverCopyOf(signedIn, collection, issue.docId, current).catch(
    (error: unknown) => {
      if (error instanceof HostFailure && error.code === 'unavailable') {
        throw new HostFailure(
          'unavailable',
          'Sending a refused document again needs the server: try again when you are online.',
        );
      }
      throw error;
    },
  );
  if (deletion && server === null) return; // nothing left to delete
  const sent: Fields = deletion && server ? { ...server.fields, _deleted: true } : next;
  const { id: _id, ...body } = sent;
  const answer = await signedIn.server.request(
    'PUT',
    pathOf(signedIn, collection, issue.docId, current),
    {
      ...body,
      _id: couchIdOf(collection, issue.docId),
      ...(server ? { _rev: server.rev } : {}),
    },
  );
  if (answer.status === 403 || answer.status === 401) {
    const reason = reasonOf(answer);
    await signedIn.issues.record({ ...issue, message: reason });
    throw new HostFailure('forbidden', `The server refused it again: ${reason}`);
  }
  if (answer.status === 409) {
    throw new HostFailure('conflict', 'It changed on the server just now: try again.');
  }
  if (answer.status !== 201 && answer.status !== 202) {
    throw new HostFailure('unavailable', `The server did not take it (${reasonOf(answer)}).`);
  }
  // What the server holds now is what this machine holds: nothing is left to push.
  if (!deletion) await rxCollectionOf(signedIn, collection).upsert(next);
};

/** The fields of a collection that move with its lifecycle: set by moves, never written as such. */
const lifecycleFieldsOf = (collection: CollectionName): readonly string[] => {
  const { groups = [], lifecycle } = conflictPolicies[collection];
  return lifecycle ? (groups.find((group) => group.includes(lifecycle.state)) ?? []) : [];
};

/**
 * Puts the values of a conflict record back over the current document: a new edit of the person's
 * own that syncs like any other. Only the fields that lost are restored (a record may be older
 * than later changes of other fields, which stay); a lost state is restored as a move from the
 * current one (with the person as who made it) where the lifecycle has that move, a lost
 * assignment as an assignment.
 */
const restoreMine = async (workspace: Workspace, collection: CollectionName, issue: SyncIssue) => {
  const mine = fieldsOf(issue.localVersion);
  if (issue.localVersion['_deleted'] === true) return; // the local deletion stood already
  const kind = lifecycleOfCollection(collection);
  const lifecycleFields = lifecycleFieldsOf(collection);
  const context = { by: workspace.actor.id, at: workspace.now() };
  const restored = (current: Fields): Fields => {
    const lost = (issue.fields.length > 0 ? issue.fields : Object.keys(mine)).filter(
      (field) => field !== 'id' && field !== 'updatedAt' && !same(mine[field], current[field]),
    );
    let next: Fields = {
      ...current,
      ...Object.fromEntries(
        lost
          .filter((field) => !lifecycleFields.includes(field))
          .map((field) => [field, mine[field]]),
      ),
      updatedAt: laterThan(current['updatedAt'], workspace.now()),
    };
    if (collection === 'tasks' && lost.includes('assignees') && Array.isArray(mine['assignees'])) {
      next = unwrap(assignTask(next as TaskDoc, mine['assignees'] as string[], context));
    }
    const state = kind ? lifecycles[kind].field : undefined;
    const from = state ? next[state] : undefined;
    // A lost state comes back as a move from where the document is now, when the lifecycle has
    // one (a version that lost to a later decision, e.g. approved, keeps that decision).
    if (kind && state && lost.includes(state) && from !== mine[state]) {
      const to = mine[state];
      const movable =
        isLifecycleState(kind, from) &&
        isLifecycleState(kind, to) &&
        moveAction(kind, from, to) !== undefined;
      if (movable) next = unwrap(transition(kind, next as never, to as never, context));
    }
    return next;
  };
  try {
    await updateRecord(workspace, collection, issue.docId, restored);
  } catch (error) {
    if (!(error instanceof HostFailure && error.code === 'not_found')) throw error;
    // Deleted on the server meanwhile: restoring brings it back.
    await insertRecord(workspace, collection, {
      ...mine,
      id: issue.docId,
      updatedAt: laterThan(mine['updatedAt'], workspace.now()),
    });
  }
};

const validators = new Map<CollectionName, (doc: unknown) => unknown[]>();
const fitsSchema = (collection: CollectionName, doc: Fields): boolean => {
  let validate = validators.get(collection);
  if (!validate) {
    validate = getValidator(collections[collection]);
    validators.set(collection, validate);
  }
  return validate(doc).length === 0;
};

/**
 * Drops a refused local change: the server's version replaces it, or, when the server never had
 * the document, the local one goes. This is no edit of the user's (it puts back what the server
 * already accepted), so the write rules, which judge the user's edits, are not asked.
 */
const putBackServerVersion = async (
  signedIn: SignedIn,
  collection: CollectionName,
  issue: SyncIssue,
) => {
  const server = await serverCopyOf(signedIn, collection, issue.docId, issue.localVersion);
  const rxCollection = rxCollectionOf(signedIn, collection);
  if (server === null) {
    const local = await rxCollection.findOne(issue.docId).exec();
    await local?.remove();
    return;
  }
  if (!fitsSchema(collection, server.fields)) {
    throw new HostFailure(
      'invalid_input',
      'The server’s version of this document does not fit this version of the app; it was left as it is.',
    );
  }
  await rxCollection.upsert(server.fields);
};

/** Sends a refused document again (retryIssue's `rejected` case), for the app's own retries. */
export const resendRejected = async (signedIn: SignedIn, now: string, id: string) => {
  const issue = issueOf(signedIn, id);
  if (issue.kind !== 'rejected') return;
  await resend(signedIn, now, collectionNameOf(issue), issue);
  await signedIn.issues.dismiss(id);
};

export const retryIssue = async (signedIn: SignedIn, workspace: Workspace, id: string) => {
  const issue = issueOf(signedIn, id);
  const collection = collectionNameOf(issue);
  switch (issue.kind) {
    case 'rejected':
      await resend(signedIn, workspace.now(), collection, issue);
      break;
    case 'conflict':
      await restoreMine(workspace, collection, issue);
      break;
    case 'invalid':
      throw new HostFailure(
        'invalid_input',
        'A document the server sent that does not fit cannot be sent back; dismiss it.',
      );
    case 'dropped':
      throw new HostFailure('invalid_input', 'Dropped records cannot be restored; dismiss it.');
    default: {
      const unknownKind: never = issue.kind;
      throw new HostFailure('invalid_input', `Unknown sync issue ${String(unknownKind)}.`);
    }
  }
  await signedIn.issues.dismiss(id);
};

export const discardIssue = async (signedIn: SignedIn, id: string) => {
  const issue = issueOf(signedIn, id);
  if (issue.kind === 'rejected') {
    await putBackServerVersion(signedIn, collectionNameOf(issue), issue);
  }
  await signedIn.issues.dismiss(id);
};
