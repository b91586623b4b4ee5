import { combineLatest, map, shareReplay } from 'rxjs';
import type { Observable } from 'rxjs';
import type { ProgrammeDoc, ProgrammeMemberDoc } from '../../../shared/schema';
import { getDoc, watchDoc, watchDocs } from './documents';
import { programmeManagerIds, programmeMemberIds } from './permissions';
import type { Workspace } from './workspace';

/**
 * Who is in each programme, as every feature's permission checks see it: its creator manages it
 * even without a membership document; its managers are the creator and the manager members; its
 * members are the creator and everyone with a membership. The live queries of tasks, reports,
 * programmes and applications build a programme's people here; commands look them up per
 * programme with permissions.ts.
 */

/**
 * A programme with its people. The ids are arrays (each once, the creator first) because the
 * permission matrix's `ownerIds` and shared/domain's report rules take arrays, and a programme has
 * few people, so `includes` is as quick as a set would be.
 */
export interface ProgrammeTeam {
  readonly programme: ProgrammeDoc;
  /** Its creator and its manager members: who "owns" the programme for the matrix. */
  readonly managerIds: readonly string[];
  /** Its creator, managers and mentors. */
  readonly memberIds: readonly string[];
}

/** One programme's team; memberships of other programmes are ignored. */
export const teamOf = (
  programme: ProgrammeDoc,
  memberships: readonly ProgrammeMemberDoc[],
): ProgrammeTeam => {
  const managerIds = new Set([programme.createdBy]);
  const memberIds = new Set([programme.createdBy]);
  for (const membership of memberships) {
    if (membership.programmeId !== programme.id) continue;
    memberIds.add(membership.userId);
    if (membership.role === 'manager') managerIds.add(membership.userId);
  }
  return { programme, managerIds: [...managerIds], memberIds: [...memberIds] };
};

/** Every programme's team by programme id, in the order of `programmes`. */
export const teamsOf = (
  programmes: readonly ProgrammeDoc[],
  memberships: readonly ProgrammeMemberDoc[],
): ReadonlyMap<string, ProgrammeTeam> => {
  const membershipsOf = new Map<string, ProgrammeMemberDoc[]>();
  for (const membership of memberships) {
    const group = membershipsOf.get(membership.programmeId);
    if (group) group.push(membership);
    else membershipsOf.set(membership.programmeId, [membership]);
  }
  return new Map(
    programmes.map((programme) => [
      programme.id,
      teamOf(programme, membershipsOf.get(programme.id) ?? []),
    ]),
  );
};

/**
 * Every programme's team, live. Programmes and memberships are few (one membership per person per
 * programme), so lists look people up here rather than per row. Shared while subscribed, so a
 * query that reads it twice builds it once; refCount drops the cached map with the last subscriber.
 */
export const watchProgrammeTeams = (
  workspace: Workspace,
): Observable<ReadonlyMap<string, ProgrammeTeam>> =>
  combineLatest([
    watchDocs(workspace, 'programmes', {}),
    watchDocs(workspace, 'programmeMembers', {}),
  ]).pipe(
    map(([programmes, memberships]) => teamsOf(programmes, memberships)),
    shareReplay({ bufferSize: 1, refCount: true }),
  );

/** One programme's team, live from its own two indexed queries; null while it does not exist. */
export const watchProgrammeTeam = (
  workspace: Workspace,
  programmeId: string,
): Observable<ProgrammeTeam | null> =>
  combineLatest([
    watchDoc(workspace, 'programmes', programmeId),
    watchDocs(workspace, 'programmeMembers', { selector: { programmeId } }),
  ]).pipe(map(([programme, memberships]) => (programme ? teamOf(programme, memberships) : null)));

/**
 * One programme's team for a command, from the commands' own look-ups (permissions.ts); a missing
 * programme is `not_found`. Those look-ups list the creator twice when they also hold a membership.
 */
export const loadProgrammeTeam = async (
  workspace: Workspace,
  programmeId: string,
): Promise<ProgrammeTeam> => {
  const programme = await getDoc(workspace, 'programmes', programmeId, 'programme');
  const [managerIds, memberIds] = await Promise.all([
    programmeManagerIds(workspace, programme),
    programmeMemberIds(workspace, programme),
  ]);
  return { programme, managerIds: [...new Set(managerIds)], memberIds: [...new Set(memberIds)] };
};
