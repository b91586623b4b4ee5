import { HostFailure } from '../../../shared/contract';
import { can } from '../../../shared/domain';
import type { Action } from '../../../shared/domain';
import { permit } from '../../../shared/domain/writeContext';
import type { ProgrammeDoc } from '../../../shared/schema';
import { queryDocs } from './documents';
import type { Workspace } from './workspace';

/**
 * The caller's permissions as the commands apply them: shared/domain's matrix (`can`), with the
 * ownership the server cannot see — who manages a programme — looked up in the local database.
 */

/** Refuses with the matrix's own words when the caller may not do `action` on what `ownerIds` own. */
export const ensureCan = (
  workspace: Workspace,
  action: Action,
  ownerIds: readonly string[] = [],
): void => {
  if (can(workspace.actor, action, { ownerIds })) return;
  const reason =
    permit(
      { name: workspace.actor.id, role: workspace.actor.role },
      action,
      ownerIds.includes(workspace.actor.id),
    ) ?? 'You may not do that.';
  throw new HostFailure('forbidden', reason);
};

export const allows = (
  workspace: Workspace,
  action: Action,
  ownerIds: readonly string[] = [],
): boolean => can(workspace.actor, action, { ownerIds });

/** Who "owns" a programme for the matrix: its creator and its managers. */
export const programmeManagerIds = async (
  workspace: Workspace,
  programme: Pick<ProgrammeDoc, 'id' | 'createdBy'>,
): Promise<string[]> => {
  const managers = await queryDocs(workspace, 'programmeMembers', {
    selector: { programmeId: programme.id, role: 'manager' },
  });
  return [programme.createdBy, ...managers.map((member) => member.userId)];
};

/** Everyone in a programme (its creator, managers and mentors). */
export const programmeMemberIds = async (
  workspace: Workspace,
  programme: Pick<ProgrammeDoc, 'id' | 'createdBy'>,
): Promise<string[]> => {
  const members = await queryDocs(workspace, 'programmeMembers', {
    selector: { programmeId: programme.id },
  });
  return [programme.createdBy, ...members.map((member) => member.userId)];
};

/** Nothing is added to or changed in an archived programme (the server cannot check this). */
export const ensureNotArchived = (programme: Pick<ProgrammeDoc, 'status' | 'name'>): void => {
  if (programme.status === 'archived') {
    throw new HostFailure('conflict', `“${programme.name}” is archived: it is read-only.`);
  }
};
