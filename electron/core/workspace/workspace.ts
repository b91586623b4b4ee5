import { of, switchMap } from 'rxjs';
import type { Observable } from 'rxjs';
import { HostFailure } from '../../../shared/contract';
import { appRoleOf, newId } from '../../../shared/domain';
import type { Actor, RandomBytes } from '../../../shared/domain';
import type { AppDatabase } from '../database/app-database';
import type { Clock } from '../platform/clock';
import type { Logger } from '../platform/logger';
import type { SecretStore } from '../session/secret-store';
import type { SessionManager, SignedIn } from '../session/session-manager';
import type { ServerAccess } from '../sync/server-access';

/** What every work feature (programmes, tasks, reports, people...) is built from. */
export interface FeatureDeps {
  readonly sessions: SessionManager;
  readonly clock: Clock;
  readonly random: RandomBytes;
  readonly logger: Logger;
  readonly fetch: typeof fetch;
  /** This installation's folder: uploaded files and exports live under it. */
  readonly dataDir: string;
  /** The app's own read-only files: `fonts/` and `icon.png` (what PDFs print with). */
  readonly resourcesDir: string;
  /** Where this machine keeps secrets (certificate signing keys among them). */
  readonly secrets: SecretStore;
  /** The desktop app's printing (the system dialog); absent in browser mode. */
  readonly printer?: PdfPrinter;
}

/** Opens the system's print dialog for a PDF file: what Electron's main process offers the core. */
export interface PdfPrinter {
  print(path: string): Promise<'printed' | 'cancelled'>;
}

/**
 * The signed-in person's side of the host: who they are (as the permission rules see them), their
 * local database, the server, and the clock and id source every new document needs.
 */
export interface Workspace {
  readonly actor: Actor;
  /** The account's roles as the server gives them (checkWrite reads these). */
  readonly roles: readonly string[];
  readonly database: AppDatabase;
  readonly server: ServerAccess;
  readonly serverUrl: string;
  readonly offline: boolean;
  /** ISO time now. */
  now(): string;
  newId(): string;
}

const workspaceOf = (deps: FeatureDeps, signedIn: SignedIn): Workspace => {
  const role = appRoleOf(signedIn.user.roles);
  if (!role) {
    throw new HostFailure('forbidden', 'Your account has no role in this organisation yet.');
  }
  return {
    actor: { id: signedIn.user.name, role },
    roles: signedIn.user.roles,
    database: signedIn.database,
    server: signedIn.server,
    serverUrl: signedIn.serverUrl,
    offline: signedIn.offline,
    now: () => deps.clock.now().toISOString(),
    newId: () => newId(deps.random, deps.clock.now().getTime()),
  };
};

/** The signed-in person's workspace, or a `forbidden` answer when nobody is signed in. */
export const requireWorkspace = (deps: FeatureDeps): Workspace => {
  const signedIn = deps.sessions.current();
  if (!signedIn) throw new HostFailure('forbidden', 'Sign in first.');
  return workspaceOf(deps, signedIn);
};

/**
 * A live query over the signed-in person's data: rebuilt when someone signs in or out, answering
 * `signedOut` while nobody is.
 */
export const watchWorkspace = <T>(
  deps: FeatureDeps,
  build: (workspace: Workspace) => Observable<T>,
  signedOut: T,
): Observable<T> =>
  deps.sessions.current$.pipe(
    switchMap((signedIn) => (signedIn ? build(workspaceOf(deps, signedIn)) : of(signedOut))),
  );
