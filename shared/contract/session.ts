import { z } from 'zod';
import type { CollectionName } from '../schema';
import { command, liveQuery } from './define';

export interface SignedInUser {
  readonly name: string;
  readonly roles: readonly string[];
}

export interface SessionInfo {
  readonly user: SignedInUser;
  readonly serverUrl: string;
  /** Signed in with the password checked on this machine, because the server was out of reach. */
  readonly offline: boolean;
}

export type SyncState =
  'connecting' | 'syncing' | 'idle' | 'offline' | 'error' | 'unauthorised' | 'paused';

export interface SyncStatus {
  readonly state: SyncState;
  readonly lastSyncedAt: string | null;
  /** Local changes not yet on the server, per collection (only collections with some). */
  readonly outbox: Partial<Record<CollectionName, number>>;
  readonly outboxTotal: number;
  /** Document ids not yet on the server, per collection: for "not synced yet" marks. */
  readonly pendingIds: Partial<Record<CollectionName, readonly string[]>>;
  readonly error: string | null;
}

/**
 * What sync could not apply as written: documents the server refused (with its reason), conflict
 * losers (with the whole losing version; every one is kept, several per document too), documents
 * from the server that did not fit, and — only past the bound of records kept — a `dropped` record
 * saying how many older records had to go and naming them.
 */
export interface SyncIssue {
  readonly id: string;
  readonly kind: 'rejected' | 'conflict' | 'invalid' | 'dropped';
  readonly collection: string;
  readonly docId: string;
  readonly message: string;
  readonly fields: readonly string[];
  readonly localVersion: Record<string, unknown>;
  readonly createdAt: string;
}

/** A document in the outbox, named for the sync panel. */
export interface OutboxEntry {
  readonly collection: CollectionName;
  readonly id: string;
  readonly title: string;
}

/** The outbox lists at most this many documents per collection (the counts are complete). */
export const OUTBOX_LIST_LIMIT = 50;

const noInput = z.object({}).strict();

export const signInInput = z
  .object({
    serverUrl: z
      .url({
        protocol: /^https?$/,
        error: 'Enter the server address, e.g. https://sync.example.org',
      })
      .max(500),
    username: z.string().trim().min(1, 'Enter your username.').max(200),
    password: z.string().min(1, 'Enter your password.').max(500),
  })
  .strict();

export const sessionContract = {
  'session.signIn': command<SessionInfo>()(
    signInInput,
    'Signs in to a sync server; offline, the last user of this machine signs in with the password checked locally.',
  ),
  'session.signOut': command<null>()(noInput, 'Stops syncing and forgets the stored credentials.'),
  'session.current': liveQuery<SessionInfo | null>()(noInput, 'Who is signed in, if anyone.'),
  'session.lastUser': command<{ readonly serverUrl: string; readonly username: string } | null>()(
    noInput,
    'Who last signed in on this machine, and to which server: the sign-in form starts from it.',
  ),
};

export const syncContract = {
  'sync.status': liveQuery<SyncStatus | null>()(
    noInput,
    'Sync state, last synced time and the outbox; null while signed out.',
  ),
  'sync.outbox': liveQuery<readonly OutboxEntry[]>()(
    noInput,
    'The documents not yet on the server, with their titles (a bounded number per collection).',
  ),
  'sync.issues': liveQuery<readonly SyncIssue[]>()(
    noInput,
    'Refused documents, conflict records and misfits from the server.',
  ),
  'sync.dismissIssue': command<null>()(
    z.object({ id: z.string().min(1).max(400) }).strict(),
    'Removes a sync issue the user has dealt with.',
  ),
  'sync.retryIssue': command<null>()(
    z.object({ id: z.string().min(1).max(400) }).strict(),
    'Sends a refused document again (after its cause was fixed), or restores the local side of a conflict.',
  ),
  'sync.discardIssue': command<null>()(
    z.object({ id: z.string().min(1).max(400) }).strict(),
    'Drops the local change of a refused document: the server’s version (or none) stands.',
  ),
  'sync.pause': command<null>()(noInput, 'Pauses replication (work stays local).'),
  'sync.resume': command<null>()(noInput, 'Resumes replication.'),
};
