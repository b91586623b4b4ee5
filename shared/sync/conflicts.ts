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
}

export interface ConflictInput {
  readonly local: SyncDoc;
  readonly server: SyncDoc;
  /** What this machine last saw from the server; missing when both sides created the id. */
  readonly base?: SyncDoc;
}

export interface LostChange {
  readonly kind:
    'fields' | 'decision' | 'text' | 'deleted-on-server' | 'deleted-here' | 'created-twice';
  readonly fields: readonly string[];
  /** The whole local version, so the user can see and restore what did not win. */
  readonly localVersion: SyncDoc;
  readonly message: string;
}

export interface ConflictOutcome {
  readonly resolved: SyncDoc;
  readonly lost?: LostChange;
}

/** Fields replication and storage manage; never merged. */
const bookkeeping = new Set(['_rev', '_meta', '_attachments', '_deleted', 'updatedAt']);

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

const laterOf = (a: unknown, b: unknown): unknown =>
  typeof a === 'string' && typeof b === 'string' ? (a > b ? a : b) : (b ?? a);

export const resolveConflict = (policy: ConflictPolicy, input: ConflictInput): ConflictOutcome => {
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

  const fields = [
    ...new Set([...Object.keys(local), ...Object.keys(server), ...Object.keys(base)]),
  ].filter((field) => !bookkeeping.has(field));
  const changedHere = new Set(fields.filter((f) => !same(local[f], base[f])));
  const changedThere = new Set(fields.filter((f) => !same(server[f], base[f])));

  // Grouped fields are one change: if the server touched any of a group, it owns the whole group.
  const groupOf = new Map<string, readonly string[]>();
  for (const group of policy.groups ?? []) for (const field of group) groupOf.set(field, group);
  const serverOwns = (field: string) =>
    (groupOf.get(field) ?? [field]).some((f) => changedThere.has(f));

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
  resolved['updatedAt'] = laterOf(local['updatedAt'], server['updatedAt']);
  const merged = { ...resolved, _deleted: false } as SyncDoc;
  if (lostFields.length === 0) return { resolved: merged };

  const kind =
    policy.strategy === 'firstDecisionWins'
      ? 'decision'
      : policy.strategy === 'keepBothTexts'
        ? 'text'
        : 'fields';
  const messages = {
    decision: 'Someone else decided first; their decision stands and this one is recorded here.',
    text: 'Edited on two machines; the server version is shown and this version is kept beside it.',
    fields: `Changed on two machines: ${lostFields.join(', ')} kept the server's value; this version is kept here.`,
  } as const;
  return {
    resolved: merged,
    lost: { kind, fields: lostFields.sort(), localVersion: local, message: messages[kind] },
  };
};
