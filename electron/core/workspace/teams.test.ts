import { BehaviorSubject, firstValueFrom, map } from 'rxjs';
import { describe, expect, it } from 'vitest';
import type { ProgrammeDoc, ProgrammeMemberDoc } from '../../../shared/schema';
import { teamOf, teamsOf, watchProgrammeTeams } from './teams';
import type { ProgrammeTeam } from './teams';
import type { Workspace } from './workspace';

const at = '2024-01-01T00:00:00.000Z';

const programme = (id: string, createdBy: string): ProgrammeDoc => ({
  id,
  name: `Programme ${id}`,
  description: '',
  createdBy,
  status: 'active',
  dateCreated: at,
  criteria: [],
  createdAt: at,
  updatedAt: at,
});

const membership = (
  programmeId: string,
  userId: string,
  role: ProgrammeMemberDoc['role'],
): ProgrammeMemberDoc => ({
  id: `${programmeId}~${userId}`,
  programmeId,
  userId,
  role,
  createdBy: 'admin',
  createdAt: at,
  updatedAt: at,
});

const people = (team: ProgrammeTeam | undefined) => ({
  managerIds: team?.managerIds,
  memberIds: team?.memberIds,
});

describe('programme teams', () => {
  it('counts the creator as manager and member without a membership document', () => {
    expect(people(teamOf(programme('p1', 'creator'), []))).toEqual({
      managerIds: ['creator'],
      memberIds: ['creator'],
    });
  });

  it('adds manager members to the managers and every member to the members, creator first', () => {
    const team = teamOf(programme('p1', 'creator'), [
      membership('p1', 'mentor1', 'mentor'),
      membership('p1', 'manager1', 'manager'),
      membership('p1', 'mentor2', 'mentor'),
    ]);
    expect(people(team)).toEqual({
      managerIds: ['creator', 'manager1'],
      memberIds: ['creator', 'mentor1', 'manager1', 'mentor2'],
    });
  });

  it('lists the creator once when they also hold a membership', () => {
    const team = teamOf(programme('p1', 'creator'), [
      membership('p1', 'creator', 'mentor'),
      membership('p1', 'manager1', 'manager'),
    ]);
    expect(people(team)).toEqual({
      managerIds: ['creator', 'manager1'],
      memberIds: ['creator', 'manager1'],
    });
  });

  it('builds every programme’s team from its own memberships, in the programmes’ order', () => {
    const teams = teamsOf(
      [programme('p2', 'ann'), programme('p1', 'bob')],
      [
        membership('p1', 'carol', 'manager'),
        membership('p2', 'dan', 'mentor'),
        // A membership of a programme that has not synced yet belongs to no team.
        membership('p3', 'erin', 'manager'),
      ],
    );
    expect([...teams.keys()]).toEqual(['p2', 'p1']);
    expect(people(teams.get('p1'))).toEqual({
      managerIds: ['bob', 'carol'],
      memberIds: ['bob', 'carol'],
    });
    expect(people(teams.get('p2'))).toEqual({ managerIds: ['ann'], memberIds: ['ann', 'dan'] });
    expect(teams.get('p1')?.programme.name).toBe('Programme p1');
  });

  it('keeps the teams live as programmes and memberships change', async () => {
    const programmes$ = new BehaviorSubject<ProgrammeDoc[]>([programme('p1', 'ann')]);
    const members$ = new BehaviorSubject<ProgrammeMemberDoc[]>([]);
    // The two collections as watchDocs reads them: `find(query).$` of documents with toJSON().
    const liveCollection = <T>(docs$: BehaviorSubject<T[]>) => ({
      find: () => ({ $: docs$.pipe(map((docs) => docs.map((doc) => ({ toJSON: () => doc })))) }),
    });
    const workspace = {
      database: {
        programmes: liveCollection(programmes$),
        programmeMembers: liveCollection(members$),
      },
    } as unknown as Workspace;

    const seen: (readonly string[] | undefined)[] = [];
    const teams$ = watchProgrammeTeams(workspace);
    const subscription = teams$.subscribe((teams) => seen.push(teams.get('p1')?.managerIds));
    members$.next([membership('p1', 'bob', 'manager')]);
    // A second subscriber meanwhile gets the latest teams at once.
    const latest = await firstValueFrom(teams$);
    subscription.unsubscribe();

    expect(seen).toEqual([['ann'], ['ann', 'bob']]);
    expect(latest.get('p1')?.managerIds).toEqual(['ann', 'bob']);
  });
});
