import { map, of, switchMap } from 'rxjs';
import { HostFailure } from '../../../shared/contract';
import type { Feature } from '../host/registry';
import { discardIssue, retryIssue } from '../sync/issue-actions';
import { watchOutboxEntries } from '../sync/outbox-entries';
import { readableSyncError } from '../sync/readable-error';
import { requireWorkspace } from '../workspace';
import type { FeatureDeps } from '../workspace';
import type { SessionManager, SignedIn } from './session-manager';

const signedIn = (sessions: SessionManager): SignedIn => {
  const current = sessions.current();
  if (!current) throw new HostFailure('forbidden', 'Sign in first.');
  return current;
};

/** Sign-in and the visible state of sync (DESIGN §3 "Sync"), as host commands and live queries. */
export const createSessionFeatures = (deps: FeatureDeps): Feature[] => {
  const { sessions } = deps;
  return [
    {
      name: 'session',
      commands: {
        'session.signIn': (input) => sessions.signIn(input),
        'session.signOut': async () => {
          await sessions.signOut();
          return null;
        },
        'session.lastUser': () => sessions.lastUser(),
      },
      liveQueries: {
        'session.current': () => sessions.info$,
      },
    },
    {
      name: 'sync',
      commands: {
        'sync.dismissIssue': async ({ id }) => {
          await signedIn(sessions).issues.dismiss(id);
          return null;
        },
        // A retry or a restore is the person's own edit: it needs a role, as every edit does.
        'sync.retryIssue': async ({ id }) => {
          const current = signedIn(sessions);
          await retryIssue(current, requireWorkspace(deps), id);
          return null;
        },
        'sync.discardIssue': async ({ id }) => {
          await discardIssue(signedIn(sessions), id);
          return null;
        },
        'sync.pause': async () => {
          await signedIn(sessions).engine.pause();
          return null;
        },
        'sync.resume': async () => {
          await signedIn(sessions).engine.resume();
          return null;
        },
      },
      liveQueries: {
        'sync.status': () =>
          sessions.current$.pipe(
            switchMap((current) =>
              current
                ? current.engine.status$.pipe(
                    map((status) => ({ ...status, error: readableSyncError(status.error) })),
                  )
                : of(null),
            ),
          ),
        'sync.outbox': () =>
          sessions.current$.pipe(
            switchMap((current) =>
              current ? watchOutboxEntries(current.database, current.engine.status$) : of([]),
            ),
          ),
        'sync.issues': () =>
          sessions.current$.pipe(
            switchMap((current) => (current ? current.issues.issues$ : of([]))),
          ),
      },
    },
  ];
};
