import { createContext, useContext } from 'react';
import type { SessionInfo } from '../../../shared/contract';
import type { UserRole } from '../../../shared/schema';

export interface CurrentSession {
  readonly info: SessionInfo;
  readonly userId: string;
  readonly role: UserRole;
}

export const SessionContext = createContext<CurrentSession | null>(null);

/** Who is signed in. Only screens inside the signed-in shell use it, so it is always there. */
export const useSession = (): CurrentSession => {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession is used outside the signed-in shell.');
  return session;
};
