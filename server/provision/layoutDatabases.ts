import { broadcastFlows, decisionFlows, membersOf, personFlows } from '../../shared/sync/audiences';
import { broadcastAudiences } from '../../shared/schema/chats';
import {
  broadcastScope,
  chatScope,
  couchIdOf,
  databaseOf,
  decisionsScope,
  inboxScope,
  orgScope,
  personScope,
  programmeScope,
  type Scope,
} from '../../shared/sync/layout';
import { docPath, expectStatus, type CouchClient } from './couchClient';
import { scopedValidationDesignDoc } from './designDocs';
import { ensureDatabase, ensureDocument, ensureSecurity } from './ensure';
import type { ProvisionContext } from './provisionContext';
import type { SecurityObject } from './securityPlan';

/**
 * The databases of the layout partitioned by audience (shared/sync/layout): each made with the
 * members its kind takes (shared/sync/audiences) and a validate_doc_update that knows what the
 * database is about. Idempotent, like all provisioning: run again, it changes nothing.
 */

const securityOf = (scope: Scope, names: readonly string[]): SecurityObject => {
  const { names: memberNames, roles } = membersOf(scope, names);
  // Nobody but server admins administers an app database (securityPlan.ts says why).
  return { admins: { names: [], roles: [] }, members: { names: memberNames, roles } };
};

const ensureScopedDatabase = async (
  context: ProvisionContext,
  scope: Scope,
  names: readonly string[] = [],
  options: { readonly membersFixed?: boolean } = {},
) => {
  const { client, bundle, changes } = context;
  const database = databaseOf(scope);
  await ensureDatabase(client, database, changes);
  await ensureSecurity(client, database, securityOf(scope, names), changes, options);
  await ensureDocument(client, database, scopedValidationDesignDoc(scope, bundle), changes);
  return database;
};

const ensureReplication = (
  context: ProvisionContext,
  id: string,
  source: Scope,
  target: Scope,
  selector: Record<string, unknown>,
) =>
  ensureDocument(
    context.client,
    '_replicator',
    {
      _id: id,
      source: context.endpoint(databaseOf(source)),
      target: context.endpoint(databaseOf(target)),
      selector,
      continuous: true,
    },
    context.changes,
  );

/**
 * The organisation's database, the deciders', the inbox and the broadcasts', and the replications
 * from the inbox: whatever a person's database sends up for a decision reaches admins and managers
 * (and a decision goes back the same way), and a broadcast reaches its audience's database.
 */
export const provisionSharedDatabases = async (context: ProvisionContext): Promise<void> => {
  const broadcasts = broadcastAudiences.map(broadcastScope);
  for (const scope of [orgScope, decisionsScope, inboxScope, ...broadcasts]) {
    await ensureScopedDatabase(context, scope);
  }
  for (const flow of [...decisionFlows, ...broadcastFlows]) {
    await ensureReplication(context, flow.id, flow.source, flow.target, flow.selector);
  }
};

/** A person's own database, and the two replications that connect it with the inbox. */
export const provisionPersonDatabase = async (
  context: ProvisionContext,
  name: string,
): Promise<void> => {
  const scope = personScope(name);
  await ensureScopedDatabase(context, scope);
  for (const flow of personFlows(name)) {
    await ensureReplication(context, flow.id, flow.source, flow.target, flow.selector);
  }
};

/** The programmes of the organisation (their documents in the organisation's database). */
export const listProgrammes = async (client: CouchClient): Promise<string[]> => {
  const rows = await rowsWithPrefix(client, 'programmes:');
  return rows.flatMap(({ id, doc }) => (doc ? [id.slice('programmes:'.length)] : []));
};

export const rowsWithPrefix = async (
  client: CouchClient,
  prefix: string,
  scope: Scope = orgScope,
) => {
  const range = `startkey=${encodeURIComponent(JSON.stringify(prefix))}&endkey=${encodeURIComponent(JSON.stringify(`${prefix}\ufff0`))}`;
  const answer = expectStatus(
    await client.request('GET', `/${databaseOf(scope)}/_all_docs?include_docs=true&${range}`),
    [200],
    `Reading ${prefix}`,
  );
  return ((answer.body as { rows?: { id: string; doc?: Record<string, unknown> }[] }).rows ?? [])
    .filter((row) => row.doc && row.doc['_deleted'] !== true)
    .map((row) => ({ id: row.id, doc: row.doc }));
};

/**
 * Who may read a programme's database: its creator and every member, as the organisation's
 * database says now (admins by role). Read at each run, so a membership added or removed is a
 * member added or removed.
 */
export const programmeReaders = async (
  client: CouchClient,
  programmeId: string,
): Promise<string[] | null> => {
  const programme = await client.request(
    'GET',
    docPath(databaseOf(orgScope), `programmes:${programmeId}`),
  );
  if (programme.status === 404) return null;
  expectStatus(programme, [200], `Reading programme ${programmeId}`);
  const createdBy = (programme.body as { createdBy?: unknown }).createdBy;
  const members = await rowsWithPrefix(client, `programmeMembers:${programmeId}~`);
  return [
    ...(typeof createdBy === 'string' ? [createdBy] : []),
    ...members.flatMap(({ doc }) => (typeof doc?.['userId'] === 'string' ? [doc['userId']] : [])),
  ];
};

/** A programme's database, its members following the programme's memberships. */
export const provisionProgrammeDatabase = async (
  context: ProvisionContext,
  programmeId: string,
): Promise<void> => {
  const readers = await programmeReaders(context.client, programmeId);
  if (readers === null) return; // not (or no longer) a programme: nothing to open
  await ensureScopedDatabase(context, programmeScope(programmeId), readers);
};

/** `programmeMembers:<programme>~<person>` → the programme (its ids never hold `~`). */
export const programmeOfMembershipId = (couchId: string): string | undefined => {
  const match = /^programmeMembers:([^~]+)~/.exec(couchId);
  return match?.[1];
};

export interface ChatMembers {
  readonly id: string;
  readonly kind: string;
  readonly memberIds: readonly string[];
}

/** A chat document's members, or null when it is no direct or group chat. */
export const chatMembersOf = (doc: Readonly<Record<string, unknown>>): ChatMembers | null => {
  const id = typeof doc['_id'] === 'string' ? doc['_id'] : '';
  const members = doc['memberIds'];
  const kind = doc['kind'];
  if (!id.startsWith('chats:') || (kind !== 'direct' && kind !== 'group')) return null;
  if (!Array.isArray(members)) return null;
  return {
    id: id.slice('chats:'.length),
    kind,
    memberIds: members.filter((m): m is string => typeof m === 'string'),
  };
};

/** Direct and group chats, as they pass through the inbox on their way to their members. */
export const listChats = async (client: CouchClient): Promise<ChatMembers[]> =>
  (await rowsWithPrefix(client, 'chats:', inboxScope)).flatMap(({ doc }) => {
    const chat = doc ? chatMembersOf(doc) : null;
    return chat ? [chat] : [];
  });

/**
 * A direct or group chat's database: its members read and write its messages, nobody else. A
 * direct chat's members are set when the database is made and never replaced (shared/domain
 * refuses a change to them; should a changed document reach the server anyway, the two people
 * already reading stay the only ones). A group's follow its chat document: someone taken out
 * loses the database, and the chat's new version is written into their own database, where the
 * inbox's replication no longer brings it (its selector names the members), so their installation
 * sees they are out and lets the chat go.
 */
export const provisionChatDatabase = async (
  context: ProvisionContext,
  chat: ChatMembers,
): Promise<void> => {
  if (chat.kind === 'direct') {
    if (new Set(chat.memberIds).size !== 2) {
      context.changes.push(`skipped direct chat ${chat.id}: it is not between two people`);
      return;
    }
    await ensureScopedDatabase(context, chatScope(chat.id), chat.memberIds, { membersFixed: true });
    return;
  }
  const database = databaseOf(chatScope(chat.id));
  const before = await context.client.request('GET', `/${encodeURIComponent(database)}/_security`);
  const names = (before.body as { members?: { names?: unknown } } | null)?.members?.names;
  const removed = (Array.isArray(names) ? names : []).filter(
    (name): name is string => typeof name === 'string' && !chat.memberIds.includes(name),
  );
  await ensureScopedDatabase(context, chatScope(chat.id), chat.memberIds);
  if (removed.length === 0) return;
  const current = await context.client.request(
    'GET',
    docPath(databaseOf(inboxScope), couchIdOf('chats', chat.id)),
  );
  if (current.status !== 200) return;
  const {
    _rev: _latest,
    _revisions: _history,
    ...latest
  } = current.body as Record<string, unknown>;
  for (const name of removed) {
    // An edit of their copy, not a replicated revision: PouchDB's validation (the embedded
    // server) drops `_revisions` of a `new_edits: false` write. Their `-up` replication carries
    // only chats they are in, so this version never leaves their database.
    const path = docPath(databaseOf(personScope(name)), couchIdOf('chats', chat.id));
    const theirs = await context.client.request('GET', path);
    const rev = (theirs.body as { _rev?: unknown } | null)?._rev;
    if (theirs.status !== 200 || typeof rev !== 'string') continue;
    expectStatus(
      await context.client.request('PUT', path, { ...latest, _rev: rev }),
      [200, 201],
      `Telling ${name} they left chat ${chat.id}`,
    );
    context.changes.push(`took ${name} out of chat ${chat.id}`);
  }
};
