import { userRoles, type UserRole } from '../schema/users';

/**
 * The app role of an account: the strongest of the roles the server's user store gives it (an
 * account may carry several). `undefined` for an account without one — a mentor applicant waiting
 * for an admin, or a server admin who is not an app user.
 */
export const appRoleOf = (roles: readonly string[]): UserRole | undefined =>
  userRoles.find((role) => roles.includes(role));
