import { Center, Loader } from '@mantine/core';
import { useMemo } from 'react';
import { appRoleOf } from '../../shared/domain/roles';
import { SignInScreen } from './features/sign-in/SignInScreen';
import { useLiveQuery } from './host/use-host';
import { AppLayout } from './shell/AppLayout';
import { SessionContext } from './shell/session';
import type { CurrentSession } from './shell/session';

/** Signed out: the sign-in screen. Signed in: the app, for that person's role. */
export function App() {
  const session = useLiveQuery('session.current', {});
  const current = useMemo((): CurrentSession | null => {
    if (session.status !== 'ready' || session.value === null) return null;
    const role = appRoleOf(session.value.user.roles);
    return role ? { info: session.value, userId: session.value.user.name, role } : null;
  }, [session]);

  if (session.status === 'loading') {
    return (
      <Center h="100vh">
        <Loader aria-label="Starting" />
      </Center>
    );
  }
  if (!current) return <SignInScreen />;
  return (
    <SessionContext.Provider value={current}>
      {/* A new person gets a fresh tree: no screen state carries over between accounts. */}
      <AppLayout key={current.userId} />
    </SessionContext.Provider>
  );
}
