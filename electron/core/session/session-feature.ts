import { map, of, switchMap } from 'rxjs';
import { HostFailure } from '../../../shared/contract';
import type { Feature } from '../host/registry';
import type { SessionManager, SignedIn } from './session-manager';

const signedIn = (sessions: SessionManager): SignedIn => {
  const current = sessions.current();
  if (!current) throw new HostFailure('forbidden', 'Sign in first.');
  return current;
};

/** Sign-in and the visible state of sync (DESIGN §3 "Sync"), as host commands and live queries. */
export const createSessionFeatures = (sessions: SessionManager): Feature[] => [
  {
    name: 'session',
    commands: {
      'session.signIn': (input) => sessions.signIn(input),
      'session.signOut': async () => {
        await sessions.signOut();
        return null;
      },
    },
    liveQueries: {
      'session.current': () =>
        sessions.current$.pipe(
          map((current) =>
            current
              ? { user: current.user, serverUrl: current.serverUrl, offline: current.offline }
              : null,
          ),
        ),
    },
  },
  {
    name: 'sync',
    commands: {
      'sync.dismissIssue': async ({ id }) => {
        await signedIn(sessions).issues.dismiss(id);
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
          switchMap((current) => (current ? current.engine.status$ : of(null))),
        ),
      'sync.issues': () =>
        sessions.current$.pipe(switchMap((current) => (current ? current.issues.issues$ : of([])))),
    },
  },
];
