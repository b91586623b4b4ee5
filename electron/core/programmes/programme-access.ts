import type { ProgrammePermissions } from '../../../shared/contract';
import type {
  ApplicationDoc,
  MemberRole,
  ProgrammeDoc,
  ProgrammeMemberDoc,
} from '../../../shared/schema';
import { allows } from '../workspace';
import type { Workspace } from '../workspace';

/**
 * Who is what in a programme, worked out from documents a live query already holds (the commands
 * use workspace/permissions' look-ups instead): its managers are its creator and its manager
 * members, as `programmeManagerIds` says.
 */
export interface ProgrammeAccess {
  readonly managerIds: readonly string[];
  readonly memberIds: readonly string[];
  /** The caller's part in it; its creator manages it even without a membership. */
  readonly myRole: MemberRole | null;
}

export const accessOf = (
  workspace: Workspace,
  programme: Pick<ProgrammeDoc, 'createdBy'>,
  members: readonly ProgrammeMemberDoc[],
): ProgrammeAccess => {
  const me = workspace.actor.id;
  const managers = members.filter((member) => member.role === 'manager');
  const mine = members.find((member) => member.userId === me);
  return {
    managerIds: [programme.createdBy, ...managers.map((member) => member.userId)],
    memberIds: [programme.createdBy, ...members.map((member) => member.userId)],
    myRole: mine?.role ?? (programme.createdBy === me ? 'manager' : null),
  };
};

/** An application that still counts: one waiting for a decision or approved. */
export const isLiveApplication = (application: Pick<ApplicationDoc, 'status'>): boolean =>
  application.status !== 'declined';

/** What the screens may offer: the matrix with the programme's managers, and its lifecycle. */
export const permissionsOf = (
  workspace: Workspace,
  programme: Pick<ProgrammeDoc, 'status'>,
  access: ProgrammeAccess,
  myApplications: readonly Pick<ApplicationDoc, 'status'>[],
): ProgrammePermissions => {
  const open = programme.status !== 'archived';
  const active = programme.status === 'active';
  const managed = (action: Parameters<typeof allows>[1]) =>
    open && allows(workspace, action, access.managerIds);
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
      (workspace.actor.role === 'admin' || access.memberIds.includes(me)) &&
      allows(workspace, 'reports.write', [me]),
    apply:
      active &&
      allows(workspace, 'applications.submit', [me]) &&
      !access.memberIds.includes(me) &&
      !myApplications.some(isLiveApplication),
  };
};
