// How two versions of one document meet after offline work (DESIGN §3 "Conflicts are never
// silently lost"). Pure: RxDB's conflict handler in the core calls `resolveConflict`, and whatever
// a side loses comes back as `lost`, which the core keeps and shows.

/** A document as replication sees it: its fields plus the deleted flag. */
export type SyncDoc = Record<string, unknown> & { readonly _deleted: boolean };

export type ConflictStrategy =
  /** Fields are independent: each side's changes are kept; a field changed on both, the server's. */
  | 'fieldMerge'
  /** A decision (status with who and when) is taken once: the first to reach the server wins. */
  | 'firstDecisionWins'
  /** Free text written on two machines: the server's stays in place, the other is kept beside it. */
  | 'keepBothTexts';

export interface ConflictPolicy {
  readonly strategy: ConflictStrategy;
  /** Fields that change together and so win or lose together. */
  readonly groups?: readonly (readonly string[])[];
  /**
   * A lifecycle document's state and its history of moves (domain/history). Both are in one of the
   * groups. A history that lost while the state it led to stands is no loss: both sides made the
   * same move, and the server's account of it is kept.
   */
  readonly lifecycle?: { readonly state: string; readonly history: string };
}

export interface ConflictInput {
  readonly local: SyncDoc;
  readonly server: SyncDoc;
  /** What this machine last saw from the server; missing when both sides created the id. */
  readonly base?: SyncDoc;
}

export interface LostChange {
  readonly kind:
    | 'fields'
    | 'decision'
    | 'text'
    | 'deleted-on-server'
    | 'deleted-here'
    | 'created-twice'
    | 'refused';
  readonly fields: readonly string[];
  /** The whole local version, so the user can see and restore what did not win. */
  readonly localVersion: SyncDoc;
  readonly message: string;
}

export interface ConflictOutcome {
  readonly resolved: SyncDoc;
  readonly lost?: LostChange;
}

/**
 * Whether the server would take the resolved version as a write on top of its own: null, or the
 * reason it would refuse it (the core asks shared/domain's checkWrite, as the signed-in person).
 */
export type AcceptsWrite = (resolved: SyncDoc, server: SyncDoc) => string | null;

/** Fields replication and storage manage; never merged. */
const bookkeeping = new Set(['_rev', '_meta', '_attachments', '_deleted', 'updatedAt']);

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

const laterOf = (a: unknown, b: unknown): unknown =>
  typeof a === 'string' && typeof b === 'string' ? (a > b ? a : b) : (b ?? a);

/** The entries of a history (a list) that `base` does not have. */
const added = (base: unknown, history: unknown): unknown[] =>
  Array.isArray(history)
    ? history.filter((step) => !(Array.isArray(base) && base.some((known) => same(known, step))))
    : [];

const moveOf = (step: unknown) => {
  const { from, to } = (typeof step === 'object' && step !== null ? step : {}) as Record<
    string,
    unknown
  >;
  return `${String(from)}>${String(to)}`;
};

/**
 * Whether every move this side made is also among the moves that stand (by someone else): then
 * both sides did the same thing, and only who did it differs. Moves of its own the other side did
 * not make (an unassignment on the way to the same end) are a loss like any other.
 */
const movesCovered = (base: unknown, local: unknown, resolved: unknown): boolean => {
  const standing = new Set(added(base, resolved).map(moveOf));
  return added(base, local).every((step) => standing.has(moveOf(step)));
};

/** The field merge, with `serverOwnsAlso`: fields the server keeps even where only this side changed. */
const mergeFields = (
  policy: ConflictPolicy,
  { local, server, base }: ConflictInput & { base: SyncDoc },
  serverOwnsAlso: ReadonlySet<string>,
): ConflictOutcome => {
  const fields = [
    ...new Set([...Object.keys(local), ...Object.keys(server), ...Object.keys(base)]),
  ].filter((field) => !bookkeeping.has(field));
  const changedHere = new Set(fields.filter((f) => !same(local[f], base[f])));
  const changedThere = new Set(fields.filter((f) => !same(server[f], base[f])));

  // Grouped fields are one change: if the server touched any of a group, it owns the whole group.
  const groupOf = new Map<string, readonly string[]>();
  for (const group of policy.groups ?? []) for (const field of group) groupOf.set(field, group);
  const serverOwns = (field: string) =>
    (groupOf.get(field) ?? [field]).some((f) => changedThere.has(f) || serverOwnsAlso.has(f));

  const resolved: Record<string, unknown> = { ...server };
  const lostFields: string[] = [];
  for (const field of changedHere) {
    if (serverOwns(field)) {
      if (!same(local[field], server[field])) lostFields.push(field);
    } else if (local[field] === undefined) {
      // eslint-disable-next-line @typescript-eslint/no-dynamic-delete -- a field this side removed
      delete resolved[field];
    } else {
      resolved[field] = local[field];
    }
  }
  const lifecycle = policy.lifecycle;
  const sameMoves =
    lifecycle !== undefined &&
    same(local[lifecycle.state], resolved[lifecycle.state]) &&
    movesCovered(base[lifecycle.history], local[lifecycle.history], resolved[lifecycle.history]);
  const lost = sameMoves ? lostFields.filter((f) => f !== lifecycle.history) : lostFields;
  const keptLocal = [...changedHere].some((f) => !lostFields.includes(f));
  // Nothing of this side's made it: the server's version stands exactly, so there is nothing to send.
  if (keptLocal) resolved['updatedAt'] = laterOf(local['updatedAt'], server['updatedAt']);
  const merged = { ...resolved, _deleted: false } as SyncDoc;
  if (lost.length === 0) return { resolved: merged };

  const kind =
    policy.strategy === 'firstDecisionWins'
      ? 'decision'
      : policy.strategy === 'keepBothTexts'
        ? 'text'
        : 'fields';
  const messages = {
    decision: 'Someone else decided first; their decision stands and this one is recorded here.',
    text: 'Edited on two machines; the server version is shown and this version is kept beside it.',
    fields: `Changed on two machines: ${lost.join(', ')} kept the server's value; this version is kept here.`,
  } as const;
  return {
    resolved: merged,
    lost: { kind, fields: lost.sort(), localVersion: local, message: messages[kind] },
  };
};

const resolveOnce = (
  policy: ConflictPolicy,
  input: ConflictInput,
  serverOwnsAlso: ReadonlySet<string>,
): ConflictOutcome => {
  const { local, server, base } = input;
  if (same(local, server)) return { resolved: server };

  if (server._deleted || local._deleted) {
    // A deletion is deliberate: it stands, and the edit it overrode is kept as a record.
    if (server._deleted && local._deleted) return { resolved: server };
    const deletedOnServer = server._deleted;
    return {
      resolved: deletedOnServer ? server : { ...local, _deleted: true },
      lost: {
        kind: deletedOnServer ? 'deleted-on-server' : 'deleted-here',
        fields: [],
        localVersion: local,
        message: deletedOnServer
          ? 'Deleted on the server while it was being edited here; the edit is kept in this record.'
          : 'Deleted here while it was edited elsewhere; the other edit is kept in this record.',
      },
    };
  }

  if (!base) {
    return {
      resolved: server,
      lost: {
        kind: 'created-twice',
        fields: [],
        localVersion: local,
        message: 'The same record was created on two machines; the server copy was kept.',
      },
    };
  }
  return mergeFields(policy, { ...input, base }, serverOwnsAlso);
};

/** The fields this side changed that are not in the resolved version. */
const notKept = (input: ConflictInput, resolved: SyncDoc): string[] =>
  Object.keys({ ...input.local, ...input.base })
    .filter((field) => !bookkeeping.has(field))
    .filter((field) => !same(input.local[field], input.base?.[field]))
    .filter((field) => !same(input.local[field], resolved[field]))
    .sort();

/**
 * Merges two versions of a document by the collection's policy. With `accepts`, the merge must
 * also be a write the server takes on top of its version: a merge can pair this side's change
 * with a newer server version it no longer fits (a mentor's start of a task meanwhile reassigned
 * to someone else). Then this side's lifecycle change gives way, and if that is not enough, the
 * server's version stands as it is; whatever gave way is in the record with the reason. Without
 * this, the refused merge would stay on this machine only, and the machines would never agree.
 */
export const resolveConflict = (
  policy: ConflictPolicy,
  input: ConflictInput,
  accepts?: AcceptsWrite,
): ConflictOutcome => {
  const first = resolveOnce(policy, input, new Set());
  const refusal = accepts?.(first.resolved, input.server) ?? null;
  if (refusal === null) return first;

  const lifecycleGroup = (policy.groups ?? []).find((group) =>
    policy.lifecycle ? group.includes(policy.lifecycle.state) : false,
  );
  const candidates: SyncDoc[] = [];
  if (lifecycleGroup && input.base && !input.server._deleted && !input.local._deleted) {
    candidates.push(resolveOnce(policy, input, new Set(lifecycleGroup)).resolved);
  }
  candidates.push(input.server);
  const resolved =
    candidates.find(
      (candidate) => candidate === input.server || accepts?.(candidate, input.server) === null,
    ) ?? input.server;
  const fields = notKept(input, resolved);
  return {
    resolved,
    lost: {
      kind: 'refused',
      fields,
      localVersion: input.local,
      message: `Your change could not be combined with the newer version on the server, which would refuse it (“${refusal}”). ${
        resolved === input.server
          ? 'The server’s version stands'
          : 'The rest of your change was kept'
      }; your version is kept here.`,
    },
  };
};
