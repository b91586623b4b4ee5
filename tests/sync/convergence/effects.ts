// What "nothing silently lost" means, checked: every value an accepted command wrote is in the
// final state, or in a conflict record some installation kept, or was replaced on purpose by a
// later command that saw it; every lifecycle move it made is in the final history or in a record.
import { deepEqual } from 'rxdb/plugins/utils';
import type { SyncIssue } from '../../../shared/contract';
import { lifecycleOfCollection, lifecycles } from '../../../shared/domain/lifecycles';
import { MAX_TRANSITIONS } from '../../../shared/schema/fields';
import type { CollectionName } from '../../../shared/schema';
import type { LocalWrite } from '../remote-host';

type Doc = Record<string, unknown>;
interface Step {
  readonly from: string;
  readonly to: string;
  readonly by: string;
  readonly at: string;
}

/** One accepted command's write, as the check needs it. */
interface Expectation {
  readonly who: string;
  readonly command: string;
  readonly collection: CollectionName;
  readonly docId: string;
  /** A field and the value written (undefined: the field was removed). */
  readonly field?: string;
  readonly value?: unknown;
  readonly step?: Step;
  readonly deleted?: boolean;
}

const key = (collection: string, docId: string) => `${collection}/${docId}`;
const stepsOf = (doc: Doc | null): Step[] =>
  Array.isArray(doc?.['transitions']) ? (doc['transitions'] as Step[]) : [];
/** Fields the check follows: all but bookkeeping, the state and its history (followed as moves). */
const followed = (collection: CollectionName, field: string) => {
  const kind = lifecycleOfCollection(collection);
  return (
    !field.startsWith('_') &&
    field !== 'updatedAt' &&
    field !== 'transitions' &&
    (kind === undefined || field !== lifecycles[kind].field)
  );
};

/**
 * A notification's id is derived from its recipient, kind, entity and event (issue 16), so two
 * people causing the same event (two managers approving the same details, each offline) write the
 * same document from their own databases; the server's replication keeps one. That notice stands
 * for both: who wrote it and when may be the other's — the event is not lost.
 */
const sameEventNotice = (collection: CollectionName, doc: Doc | undefined): boolean =>
  collection === 'notifications' && doc !== undefined && typeof doc['event'] === 'string';

export const createLedger = () => {
  const expectations: Expectation[] = [];
  /** Values a command replaced knowingly (it saw them), per document and field. */
  const replaced = new Map<string, unknown[]>();
  /** Documents an accepted command deleted. */
  const deletions = new Set<string>();

  return {
    get size() {
      return expectations.length;
    },
    /** The local writes of one accepted command. */
    accepted(who: string, command: string, writes: readonly LocalWrite[]) {
      for (const { collection, docId, before, after } of writes) {
        const id = key(collection, docId);
        if (!after) {
          deletions.add(id);
          expectations.push({ who, command, collection, docId, deleted: true });
        }
        const fields = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
        for (const field of [...fields].filter((f) => followed(collection, f))) {
          if (deepEqual(before?.[field], after?.[field])) continue;
          if (before) {
            replaced.set(`${id}.${field}`, [
              ...(replaced.get(`${id}.${field}`) ?? []),
              before[field],
            ]);
          }
          if (after) {
            expectations.push({ who, command, collection, docId, field, value: after[field] });
          }
        }
        const known = stepsOf(before);
        for (const step of stepsOf(after).filter((s) => !known.some((k) => deepEqual(k, s)))) {
          expectations.push({ who, command, collection, docId, step });
        }
      }
    },

    /**
     * What was lost without a trace: each accepted write not in the final documents (by
     * collection and id, as the server holds them), nor in a record of any installation that keeps
     * the whole local version: a conflict's loser, or a change kept back unsent (its author left
     * the programme before it went; the test refuses every other rejection on its own).
     */
    lostWrites(final: Map<string, Doc>, records: readonly SyncIssue[]): string[] {
      const recordsOf = new Map<string, Doc[]>();
      for (const record of records.filter((r) => r.kind === 'conflict' || r.kind === 'rejected')) {
        const id = key(record.collection, record.docId);
        recordsOf.set(id, [...(recordsOf.get(id) ?? []), record.localVersion]);
      }
      const lost: string[] = [];
      for (const [index, expectation] of expectations.entries()) {
        const { collection, docId, field, step } = expectation;
        const id = key(collection, docId);
        const doc = final.get(id);
        const kept = recordsOf.get(id) ?? [];
        const gone = !doc && (deletions.has(id) || kept.length > 0);
        let accounted: boolean;
        if (expectation.deleted) {
          // A deletion stands, unless a later command made the document again.
          accounted =
            !doc ||
            expectations
              .slice(index + 1)
              .some((e) => e.collection === collection && e.docId === docId && !e.deleted);
        } else if (step) {
          const history = stepsOf(doc ?? null);
          accounted =
            gone ||
            history.some((s) => deepEqual(s, step)) ||
            kept.some((version) => stepsOf(version).some((s) => deepEqual(s, step))) ||
            // The same move made by someone else at the same time: the server's account stands.
            history.some((s) => s.from === step.from && s.to === step.to) ||
            (history.length === MAX_TRANSITIONS && (history[0]?.at ?? '') >= step.at);
        } else if (field !== undefined) {
          const value = expectation.value;
          accounted =
            gone ||
            (doc !== undefined && deepEqual(doc[field], value)) ||
            sameEventNotice(collection, doc) ||
            kept.some((version) => deepEqual(version[field], value)) ||
            (replaced.get(`${id}.${field}`) ?? []).some((seen) => deepEqual(seen, value));
        } else {
          accounted = true;
        }
        if (!accounted) {
          lost.push(
            `${expectation.who}'s ${expectation.command} on ${id}: ${
              step
                ? `move ${JSON.stringify(step)}`
                : `${String(field)} = ${JSON.stringify(expectation.value)}`
            } (final: ${JSON.stringify(doc?.[field ?? 'transitions'])})`,
          );
        }
      }
      return lost;
    },
  };
};
