import { createHash } from 'node:crypto';
import { BehaviorSubject } from 'rxjs';
import type { Observable } from 'rxjs';
import { z } from 'zod';
import { HostFailure } from '../../../shared/contract';
import type { SessionInfo, SignedInUser } from '../../../shared/contract';
import type { AppDatabase } from '../database/app-database';
import type { ConflictHooks } from '../database/conflict-handler';
import type { Clock } from '../platform/clock';
import type { Logger } from '../platform/logger';
import { createCouchSession } from '../sync/couch-session';
import { createServerAccess } from '../sync/server-access';
import type { ServerAccess } from '../sync/server-access';
import type { CouchSession } from '../sync/couch-session';
import { retryRelationRefusals } from '../sync/relation-retries';
import { startSyncEngine } from '../sync/sync-engine';
import type { SyncEngine } from '../sync/sync-engine';
import { createConflictRecorder, createSyncIssueStore } from '../sync/sync-issues';
import type { SyncIssueStore } from '../sync/sync-issues';
import {
  createOfflineVerifier,
  offlineVerifierSchema,
  verifyOfflinePassword,
} from './offline-verifier';
import type { SecretStore } from './secret-store';

/** Everything that belongs to the person signed in now. */
export interface SignedIn extends SessionInfo {
  readonly database: AppDatabase;
  readonly engine: SyncEngine;
  readonly issues: SyncIssueStore;
  /** Requests to the server outside replication (accounts, a document's server version). */
  readonly server: ServerAccess;
}

export interface SessionManagerDeps {
  readonly fetch: typeof fetch;
  readonly secrets: SecretStore;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Opens (or creates) the local database of one person on one server. */
  readonly openDatabase: (name: string, conflicts: ConflictHooks) => Promise<AppDatabase>;
}

export interface SessionManager {
  readonly current$: Observable<SignedIn | undefined>;
  current(): SignedIn | undefined;
  /**
   * Who is signed in, as the renderer sees it: unlike `current$` it does not blink while the
   * database is swapped under the same person (a restore), so the screens stay where they are.
   */
  readonly info$: Observable<SessionInfo | null>;
  /** Who last signed in on this machine, and where: the sign-in form starts from it. */
  lastUser(): Promise<{ serverUrl: string; username: string } | null>;
  signIn(input: { serverUrl: string; username: string; password: string }): Promise<SessionInfo>;
  signOut(): Promise<void>;
  /**
   * Closes the signed-in person's database and stops sync, lets `swap` replace its file, then
   * opens it again and restarts sync with the same sign-in. When the new file cannot be opened,
   * the `undo` that `swap` returned puts the old one back and that is opened instead.
   */
  replaceDatabase(
    swap: (databaseName: string) => Promise<{ readonly undo: () => Promise<void> }>,
  ): Promise<void>;
  close(): Promise<void>;
}

const LAST_USER_KEY = 'last-user';
/** How soon an offline sign-in is confirmed again when the server answered sync but not it. */
const CONFIRM_RETRY_MS = 5_000;
const lastUserSchema = z.object({
  serverUrl: z.string(),
  user: z.object({ name: z.string(), roles: z.array(z.string()) }),
  verifier: offlineVerifierSchema,
});

/** One local database per person and server, so two accounts never mix on one machine. */
export const localDatabaseName = (serverUrl: string, username: string) =>
  `mmm-${createHash('sha256').update(`${serverUrl}\n${username}`).digest('hex').slice(0, 20)}`;

const normaliseUrl = (url: string) => url.trim().replace(/\/+$/, '');

export const createSessionManager = (deps: SessionManagerDeps): SessionManager => {
  const subject = new BehaviorSubject<SignedIn | undefined>(undefined);
  const info = new BehaviorSubject<SessionInfo | null>(null);
  let couch: CouchSession | undefined;
  let stopConfirming: (() => void) | undefined;
  let stopRetrying: (() => void) | undefined;

  const stop = async (keepInfo = false) => {
    stopConfirming?.();
    stopConfirming = undefined;
    stopRetrying?.();
    stopRetrying = undefined;
    const signedIn = subject.value;
    if (!signedIn) return;
    subject.next(undefined);
    if (!keepInfo) info.next(null);
    await signedIn.engine.stop();
    await signedIn.database.close();
  };

  /**
   * Signed in offline (the password checked on this machine): once the server answers again it
   * checks the kept password itself, and when it accepts it this is an ordinary session — the
   * header stops saying "offline sign-in". A password changed on the server keeps it offline (sync
   * says it is not authorised).
   */
  const confirmWhenOnline = (signedIn: SignedIn, session: CouchSession) => {
    let checking = false;
    let done = false;
    let answering = false;
    let retry: ReturnType<typeof setTimeout> | undefined;
    const check = () => {
      if (done || checking || !answering) return;
      checking = true;
      void session
        .resume()
        .then((result) => {
          checking = false;
          if (result.ok) {
            finish();
            if (subject.value === signedIn) {
              subject.next({ ...signedIn, offline: false });
              info.next({ user: signedIn.user, serverUrl: signedIn.serverUrl, offline: false });
            }
          } else if (result.reason === 'wrong_credentials' || result.reason === 'no_role') {
            finish();
          } else {
            // Not answered (a dropped request, a loaded server, its throttle's 429): asked again,
            // whether or not the sync state changes meanwhile — it may stay idle for hours.
            retry = setTimeout(check, CONFIRM_RETRY_MS);
            retry.unref();
          }
        })
        .catch((error: unknown) => {
          checking = false;
          deps.logger.warn('session: could not confirm an offline sign-in', error);
        });
    };
    // 'unauthorised' too: the session this machine kept has ended (signed out, expired), which
    // the server says as soon as it answers — and the kept password is what renews it.
    const subscription = signedIn.engine.status$.subscribe((status) => {
      answering = ['idle', 'syncing', 'error', 'unauthorised'].includes(status.state);
      check();
    });
    const finish = () => {
      done = true;
      clearTimeout(retry);
      subscription.unsubscribe();
    };
    stopConfirming = finish;
  };

  const start = async (
    serverUrl: string,
    user: SignedInUser,
    offline: boolean,
    session: CouchSession,
  ) => {
    const conflicts = createConflictRecorder(deps.logger);
    const database = await deps.openDatabase(localDatabaseName(serverUrl, user.name), conflicts);
    const issues = await createSyncIssueStore(database, deps.clock);
    conflicts.attach(issues, user);
    const engine = startSyncEngine({
      database,
      serverUrl,
      user,
      auth: session.auth,
      fetch: deps.fetch,
      issues,
      clock: deps.clock,
      logger: deps.logger,
      onPushed: conflicts.rememberPushed,
      onPulled: conflicts.rememberPulled,
    });
    conflicts.follow(engine);
    couch = session;
    const server = createServerAccess({ serverUrl, fetch: deps.fetch, auth: session.auth });
    const signedIn = { user, serverUrl, offline, database, engine, issues, server };
    // Notifications refused while the server catches up with a new programme or membership.
    stopRetrying = retryRelationRefusals(signedIn, deps.clock, deps.logger);
    subject.next(signedIn);
    const now = info.value;
    if (now?.serverUrl !== serverUrl || now.user !== user || now.offline !== offline) {
      info.next({ user, serverUrl, offline });
    }
    if (offline) confirmWhenOnline(signedIn, session);
  };

  const readLastUser = async () => {
    const raw = await deps.secrets.get(LAST_USER_KEY);
    if (!raw) return undefined;
    try {
      const parsed = lastUserSchema.safeParse(JSON.parse(raw));
      return parsed.success ? parsed.data : undefined;
    } catch {
      return undefined;
    }
  };

  return {
    current$: subject.asObservable(),
    current: () => subject.value,
    info$: info.asObservable(),
    lastUser: async () => {
      const last = await readLastUser();
      return last ? { serverUrl: last.serverUrl, username: last.user.name } : null;
    },

    signIn: async (input) => {
      const serverUrl = normaliseUrl(input.serverUrl);
      await stop();
      const session = createCouchSession({ serverUrl, fetch: deps.fetch, secrets: deps.secrets });
      const result = await session.signIn(input.username, input.password);
      if (result.ok) {
        const user = { name: result.user.name, roles: [...result.user.roles] };
        const verifier = await createOfflineVerifier(user.name, input.password);
        await deps.secrets.set(LAST_USER_KEY, JSON.stringify({ serverUrl, user, verifier }));
        await start(serverUrl, user, false, session);
        return { user, serverUrl, offline: false };
      }
      if (result.reason === 'unreachable') {
        // Offline: the last person who signed in here may carry on, with the password checked locally.
        const last = await readLastUser();
        if (last?.serverUrl !== serverUrl) {
          throw new HostFailure(
            'unavailable',
            `${result.message} Sign in once while online to work offline later.`,
          );
        }
        if (last.user.name !== input.username.trim()) {
          // Never named: whoever sits at the machine learns nothing about whose it is.
          throw new HostFailure(
            'unavailable',
            `${result.message} Offline, only the person who last signed in on this machine can sign in.`,
          );
        }
        if (!(await verifyOfflinePassword(last.verifier, last.user.name, input.password))) {
          // The server's silence is not the problem: the password is.
          throw new HostFailure(
            'forbidden',
            'The password is wrong. (The server cannot be reached, so it was checked against the one last used on this machine.)',
          );
        }
        await session.remember(last.user.name, input.password);
        await start(serverUrl, last.user, true, session);
        return { user: last.user, serverUrl, offline: true };
      }
      throw new HostFailure(
        result.reason === 'server_error' ? 'unavailable' : 'forbidden',
        result.message,
      );
    },

    signOut: async () => {
      await stop();
      await couch?.signOut();
      couch = undefined;
    },

    replaceDatabase: async (swap) => {
      const signedIn = subject.value;
      const session = couch;
      if (!signedIn || !session) throw new HostFailure('forbidden', 'Sign in first.');
      const { serverUrl, user, offline } = signedIn;
      await stop(true);
      const reopen = () => start(serverUrl, user, offline, session);
      let undo: () => Promise<void>;
      try {
        ({ undo } = await swap(localDatabaseName(serverUrl, user.name)));
      } catch (error) {
        await reopen();
        throw error;
      }
      try {
        await reopen();
      } catch (error) {
        deps.logger.error(
          'session: the replaced database did not open; putting the old one back',
          error,
        );
        await undo();
        await reopen();
        throw error;
      }
    },

    close: () => stop(),
  };
};
