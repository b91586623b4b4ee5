import { HostFailure } from '../../../shared/contract';
import { membershipId } from '../../../shared/schema';
import type { MemberRole, ProgrammeDoc, ProgrammeMemberDoc } from '../../../shared/schema';
import type { CommandHandler } from '../host/registry';
import {
  displayName,
  ensureCan,
  findDoc,
  getDoc,
  insertDoc,
  programmeManagerIds,
  queryDocs,
  removeDoc,
  requireWorkspace,
} from '../workspace';
import type { FeatureDeps, Workspace } from '../workspace';
import { writableProgramme } from './programme-commands';

/** Who manages and mentors in a programme: one membership document per person and programme. */

const roleWords: Record<MemberRole, string> = { manager: 'a manager', mentor: 'a mentor' };

/** The programme to change the members of, when the caller may (and it is not archived). */
const programmeToManage = async (
  workspace: Workspace,
  programmeId: string,
): Promise<ProgrammeDoc> => {
  const programme = await writableProgramme(workspace, programmeId);
  ensureCan(workspace, 'programmeMembers.manage', await programmeManagerIds(workspace, programme));
  return programme;
};

/**
 * Managers are people with a manager's (or an admin's) account, mentors people with a mentor's.
 * Someone whose profile has not synced yet is let in on their account name alone.
 */
const ensureFitsRole = async (workspace: Workspace, userId: string, role: MemberRole) => {
  const person = await findDoc(workspace, 'users', userId);
  if (!person) return;
  const fits = role === 'manager' ? person.role !== 'mentor' : person.role === 'mentor';
  if (!fits) {
    throw new HostFailure(
      'conflict',
      role === 'manager'
        ? `${displayName(person)} is a mentor: only managers and admins manage a programme.`
        : `${displayName(person)} is ${person.role === 'admin' ? 'an admin' : 'a manager'}: add them as a manager instead.`,
      [{ path: 'role', message: `Not ${roleWords[role]}.` }],
    );
  }
};

/** Inserts a membership; the same person in the same role again is refused as a conflict. */
export const addMembership = async (
  workspace: Workspace,
  programme: ProgrammeDoc,
  userId: string,
  role: MemberRole,
): Promise<ProgrammeMemberDoc> => {
  const id = membershipId(programme.id, userId);
  const existing = await findDoc(workspace, 'programmeMembers', id);
  if (existing) {
    const person = await findDoc(workspace, 'users', userId);
    throw new HostFailure(
      'conflict',
      `${person ? displayName(person) : userId} is ${roleWords[existing.role]} of “${programme.name}” already.`,
    );
  }
  const now = workspace.now();
  return insertDoc(workspace, 'programmeMembers', {
    id,
    programmeId: programme.id,
    userId,
    role,
    createdBy: workspace.actor.id,
    createdAt: now,
    updatedAt: now,
  });
};

const add =
  (deps: FeatureDeps): CommandHandler<'programmeMembers.add'> =>
  async ({ programmeId, userId, role }) => {
    const workspace = requireWorkspace(deps);
    const programme = await programmeToManage(workspace, programmeId);
    await ensureFitsRole(workspace, userId, role);
    return addMembership(workspace, programme, userId, role);
  };

const remove =
  (deps: FeatureDeps): CommandHandler<'programmeMembers.remove'> =>
  async ({ programmeId, userId }) => {
    const workspace = requireWorkspace(deps);
    const programme = await programmeToManage(workspace, programmeId);
    const id = membershipId(programmeId, userId);
    const membership = await getDoc(workspace, 'programmeMembers', id, 'member of this programme');
    if (membership.role === 'manager') {
      const managers = await queryDocs(workspace, 'programmeMembers', {
        selector: { programmeId, role: 'manager' },
      });
      if (managers.every((manager) => manager.userId === userId)) {
        throw new HostFailure(
          'conflict',
          `A programme needs a manager: add another manager to “${programme.name}” first.`,
        );
      }
    }
    await removeDoc(workspace, 'programmeMembers', id, 'member of this programme');
    return null;
  };

export const memberCommands = (deps: FeatureDeps) => ({
  'programmeMembers.add': add(deps),
  'programmeMembers.remove': remove(deps),
});
