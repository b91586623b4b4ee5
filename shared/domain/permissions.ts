import type { UserRole } from '../schema/users';

/**
 * Who may do what, as data: one row per action, one cell per role. A cell is
 * - `any`: allowed on every resource,
 * - `own`: allowed only where the resource is the user's (each row says what "own" means),
 * - `none`: never.
 * `can` reads it, checkWrite (the server) reads it, docs/PERMISSIONS.md is rendered from it.
 */
export type Grant = 'any' | 'own' | 'none';

export interface PermissionRow {
  /** What the action is, for the permissions table. */
  readonly description: string;
  /** Whose resource counts as "own" for this action. */
  readonly own: string;
  readonly grants: Readonly<Record<UserRole, Grant>>;
}

const row = (
  description: string,
  own: string,
  admin: Grant,
  manager: Grant,
  mentor: Grant,
): PermissionRow => ({ description, own, grants: { admin, manager, mentor } });

const PROGRAMME_MANAGER = 'a programme they created or manage';

export const permissionMatrix = {
  'users.editProfile': row('Edit a profile', 'their own profile', 'any', 'own', 'own'),
  'users.setRole': row('Change a person’s role', '—', 'any', 'none', 'none'),
  'userDetails.submit': row('Submit mentor details', 'their own details', 'own', 'own', 'own'),
  'userDetails.approve': row('Approve mentor details', '—', 'any', 'any', 'none'),
  'programmes.create': row('Create a programme', '—', 'any', 'any', 'none'),
  'programmes.edit': row(
    'Edit a programme and its criteria',
    PROGRAMME_MANAGER,
    'any',
    'own',
    'none',
  ),
  'programmes.complete': row('Mark a programme completed', PROGRAMME_MANAGER, 'any', 'own', 'none'),
  'programmes.archive': row('Archive a programme', PROGRAMME_MANAGER, 'any', 'own', 'none'),
  'programmeMembers.manage': row(
    'Add or remove programme members',
    PROGRAMME_MANAGER,
    'any',
    'own',
    'none',
  ),
  'applications.submit': row(
    'Apply to a programme',
    'applying as themselves',
    'none',
    'none',
    'own',
  ),
  'applications.decide': row(
    'Approve or decline an application',
    PROGRAMME_MANAGER,
    'any',
    'own',
    'none',
  ),
  'tasks.create': row('Create a task', PROGRAMME_MANAGER, 'any', 'own', 'none'),
  'tasks.edit': row('Edit or delete a task', PROGRAMME_MANAGER, 'any', 'own', 'none'),
  'tasks.assign': row('Assign or reassign a task', PROGRAMME_MANAGER, 'any', 'own', 'none'),
  'tasks.updateStatus': row(
    'Start or complete a task',
    'a task assigned to them (managers: or in a programme they manage)',
    'any',
    'own',
    'own',
  ),
  'tasks.reopen': row('Reopen a completed task', PROGRAMME_MANAGER, 'any', 'own', 'none'),
  // The 2 minutes are lifecycles' TASK_UNDO_WINDOW_MS.
  'tasks.undoComplete': row(
    'Undo completing a task (2 minutes)',
    'a task assigned to them',
    'any',
    'own',
    'own',
  ),
  'reports.write': row(
    'Write, edit and submit a report',
    'a report they author',
    'own',
    'own',
    'own',
  ),
  'reports.readAll': row(
    'Read every report of a programme',
    PROGRAMME_MANAGER,
    'any',
    'own',
    'none',
  ),
  'certificates.generate': row(
    'Generate a certificate and send it for approval',
    PROGRAMME_MANAGER,
    'any',
    'own',
    'none',
  ),
  'certificates.approve': row(
    'Approve a certificate (never one they generated)',
    '—',
    'any',
    'none',
    'none',
  ),
  'certificates.revoke': row('Revoke a certificate, with a reason', '—', 'any', 'none', 'none'),
  'certificates.print': row(
    'Print a certificate',
    'a certificate issued to them',
    'any',
    'own',
    'own',
  ),
  'referenceLists.manage': row(
    'Keep the reference lists (tech stacks, job roles)',
    '—',
    'any',
    'none',
    'none',
  ),
  'organisation.settings': row(
    'Set the organisation’s logo printed on certificates',
    '—',
    'any',
    'none',
    'none',
  ),
  'chats.create': row('Start a chat', '—', 'any', 'any', 'any'),
  'chats.broadcast': row('Broadcast to all mentors or all managers', '—', 'any', 'any', 'none'),
  'messages.send': row('Send a message', 'a chat they are a member of', 'own', 'own', 'own'),
  'messages.edit': row('Edit or delete a message', 'a message they sent', 'own', 'own', 'own'),
  'forum.startThread': row('Start a forum thread', '—', 'any', 'any', 'any'),
  'forum.reply': row('Reply in a forum thread', '—', 'any', 'any', 'any'),
  'forum.editPost': row(
    'Edit or delete a forum post (a thread or a reply)',
    'one they wrote',
    'any',
    'own',
    'own',
  ),
  'forum.moderate': row(
    'Pin or lock forum threads, remove threads and replies',
    PROGRAMME_MANAGER,
    'any',
    'own',
    'none',
  ),
  'notifications.broadcast': row('Broadcast to everyone', '—', 'any', 'none', 'none'),
  'notifications.markRead': row(
    'Mark a notification read',
    'one addressed to them',
    'own',
    'own',
    'own',
  ),
} as const satisfies Record<string, PermissionRow>;

export type Action = keyof typeof permissionMatrix;
export const actions = Object.keys(permissionMatrix) as Action[];

export interface Actor {
  readonly id: string;
  readonly role: UserRole;
}

/**
 * The resource an action is about, as far as ownership goes: the ids of the people for whom it
 * counts as "own" (the author, the assignees, the programme's managers, the recipient...). The
 * caller gathers them because some live in other documents (a programme's managers).
 */
export interface Resource {
  readonly ownerIds: readonly string[];
}

export const grantOf = (role: UserRole, action: Action): Grant =>
  permissionMatrix[action].grants[role];

/** Whether `user` may do `action` on `resource` (omit it for actions not about one resource). */
export const can = (user: Actor, action: Action, resource?: Resource): boolean => {
  const grant = grantOf(user.role, action);
  switch (grant) {
    case 'any':
      return true;
    case 'own':
      return resource?.ownerIds.includes(user.id) ?? false;
    case 'none':
      return false;
    default: {
      const unknownGrant: never = grant;
      return unknownGrant;
    }
  }
};
