import type { UserRole } from '../schema/users';
import { permissionMatrix, type Action } from './permissions';

/**
 * Plain helpers for checking a write from the documents alone (checkWrite runs inside CouchDB's
 * validate_doc_update, so documents are untrusted JSON and nothing else can be looked up).
 */
export type Json = Readonly<Record<string, unknown>>;

export interface Writer {
  readonly name: string;
  readonly role: UserRole;
  /** The database written to, when the server says (CouchDB's `userCtx.db`); unknown in the app. */
  readonly database?: string;
  /**
   * The database's `_security` object, when the server gives it (validate_doc_update's `secObj`):
   * where the server's follower keeps what a rule needs from other documents (locked threads).
   */
  readonly security?: Json;
}

/**
 * Whether the resource is the writer's: `unknown` when the answer is in another document (who
 * manages a programme), in which case the server lets the write through and the app decides.
 */
export type Owns = boolean | 'unknown';

/** Ownership that depends on managing the programme: only a manager can be such an owner. */
export const ownsOrManages = (definite: boolean, writer: Writer): Owns =>
  definite ? true : writer.role === 'manager' ? 'unknown' : false;

/** null when the matrix lets the writer do it, else why not. */
export const permit = (writer: Writer, action: Action, owns: Owns = false): string | null => {
  const row = permissionMatrix[action];
  const grant = row.grants[writer.role];
  if (grant === 'any' || (grant === 'own' && owns !== false)) return null;
  const what = row.description.charAt(0).toLowerCase() + row.description.slice(1);
  return grant === 'own'
    ? `A ${writer.role} may only ${what} for ${row.own}.`
    : `A ${writer.role} may not ${what}.`;
};

export const text = (doc: Json | null, field: string): string | undefined => {
  const value = doc?.[field];
  return typeof value === 'string' ? value : undefined;
};

export const list = (doc: Json | null, field: string): readonly unknown[] => {
  const value = doc?.[field];
  return Array.isArray(value) ? value : [];
};

/** Whether two JSON values are the same (documents arrive parsed, so key order is stable enough). */
export const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** Top-level fields whose value differs, ignoring CouchDB's and RxDB's bookkeeping. */
export const changedFields = (oldDoc: Json, newDoc: Json): string[] => {
  const keys = new Set([...Object.keys(oldDoc), ...Object.keys(newDoc)]);
  return [...keys].filter(
    (key) => !key.startsWith('_') && key !== 'updatedAt' && !same(oldDoc[key], newDoc[key]),
  );
};

/** The first reason of several checks, or null when all pass. */
export const firstReason = (...reasons: (string | null)[]): string | null =>
  reasons.find((reason) => reason !== null) ?? null;
