import type { ProgrammePermissions } from '../../../shared/contract';
import type {
  ApplicationDoc,
  MemberRole,
  ProgrammeDoc,
  ProgrammeMemberDoc,
} from '../../../shared/schema';
import { allows } from '../workspace';
import type { ProgrammeTeam, Workspace } from '../workspace';

/**
 * The caller's part in a programme, as its own membership document says; its creator manages it
 * even without one. Read from the document (not the team) so a creator who also holds a mentor
 * membership shows as that membership says.
 */
export const myRoleIn = (
  workspace: Workspace,
  programme: Pick<ProgrammeDoc, 'createdBy'>,
  members: readonly ProgrammeMemberDoc[],
): MemberRole | null => {
  const me = workspace.actor.id;
  const mine = members.find((member) => member.userId === me);
  return mine?.role ?? (programme.createdBy === me ? 'manager' : null);
};

/** An application that still counts: one waiting for a decision or approved. */
export const isLiveApplication = (application: Pick<ApplicationDoc, 'status'>): boolean =>
  application.status !== 'declined';

/** What the screens may offer: the matrix with the programme's managers, and its lifecycle. */
export const permissionsOf = (
  workspace: Workspace,
  team: ProgrammeTeam,
  myApplications: readonly Pick<ApplicationDoc, 'status'>[],
): ProgrammePermissions => {
  const { programme } = team;
  const open = programme.status !== 'archived';
  const active = programme.status === 'active';
  const managed = (action: Parameters<typeof allows>[1]) =>
    open && allows(workspace, action, team.managerIds);
  const me = workspace.actor.id;
  return {
    edit: managed('programmes.edit'),
    complete: active && managed('programmes.complete'),
    archive: managed('programmes.archive'),
    manageMembers: managed('programmeMembers.manage'),
    decideApplications: managed('applications.decide'),
    createTask: managed('tasks.create'),
    // Reports are written by the people in the programme (and admins, who may report on any).
    writeReport:
      open &&
      (workspace.actor.role === 'admin' || team.memberIds.includes(me)) &&
      allows(workspace, 'reports.write', [me]),
    apply:
      active &&
      allows(workspace, 'applications.submit', [me]) &&
      !team.memberIds.includes(me) &&
      !myApplications.some(isLiveApplication),
  };
};
