import { HostFailure } from '../../../shared/contract';
import type { ParsedInputOf } from '../../../shared/contract';
import { transition } from '../../../shared/domain';
import { membershipId } from '../../../shared/schema';
import type { ProgrammeDoc, ProgrammeStatus } from '../../../shared/schema';
import type { CommandHandler } from '../host/registry';
import {
  ensureCan,
  ensureNotArchived,
  getDoc,
  insertDoc,
  programmeManagerIds,
  requireWorkspace,
  unwrap,
  updateDoc,
} from '../workspace';
import type { FeatureDeps, Workspace } from '../workspace';

/** Creating and editing programmes, and moving them along active → completed → archived. */

/** The programme, refused when archived: nothing about an archived programme changes. */
export const writableProgramme = async (
  workspace: Workspace,
  programmeId: string,
): Promise<ProgrammeDoc> => {
  const programme = await getDoc(workspace, 'programmes', programmeId, 'programme');
  ensureNotArchived(programme);
  return programme;
};

const create =
  (deps: FeatureDeps): CommandHandler<'programmes.create'> =>
  async ({ name, description, picture, criteria }) => {
    const workspace = requireWorkspace(deps);
    ensureCan(workspace, 'programmes.create');
    const now = workspace.now();
    const me = workspace.actor.id;
    const programme = await insertDoc(workspace, 'programmes', {
      id: workspace.newId(),
      name,
      description,
      createdBy: me,
      status: 'active',
      dateCreated: now,
      criteria,
      ...(picture ? { picture } : {}),
      createdAt: now,
      updatedAt: now,
    });
    // Its creator manages it as a member too, so member lists and "mine" show them.
    await insertDoc(workspace, 'programmeMembers', {
      id: membershipId(programme.id, me),
      programmeId: programme.id,
      userId: me,
      role: 'manager',
      createdBy: me,
      createdAt: now,
      updatedAt: now,
    });
    return programme;
  };

type EditInput = ParsedInputOf<'programmes.edit'>;

const edited = (current: ProgrammeDoc, input: EditInput, at: string): ProgrammeDoc => {
  const { picture: _picture, ...rest } = current;
  const picture = input.picture === undefined ? current.picture : (input.picture ?? undefined);
  return {
    ...rest,
    ...(input.name === undefined ? {} : { name: input.name }),
    ...(input.description === undefined ? {} : { description: input.description }),
    ...(input.criteria === undefined ? {} : { criteria: input.criteria }),
    ...(picture ? { picture } : {}),
    updatedAt: at,
  };
};

const edit =
  (deps: FeatureDeps): CommandHandler<'programmes.edit'> =>
  async (input) => {
    const workspace = requireWorkspace(deps);
    const programme = await writableProgramme(workspace, input.programmeId);
    ensureCan(workspace, 'programmes.edit', await programmeManagerIds(workspace, programme));
    return updateDoc(
      workspace,
      'programmes',
      programme.id,
      (current) => {
        // A pull may have archived it since we looked.
        ensureNotArchived(current);
        return edited(current, input, workspace.now());
      },
      'programme',
    );
  };

const already: Record<ProgrammeStatus, string> = {
  active: 'is active',
  completed: 'is completed already',
  archived: 'is archived: it is read-only',
};

/** Completes or archives a programme through the shared lifecycle. */
const move =
  (deps: FeatureDeps, to: 'completed' | 'archived') =>
  async ({ programmeId }: { readonly programmeId: string }): Promise<ProgrammeDoc> => {
    const workspace = requireWorkspace(deps);
    const programme = await getDoc(workspace, 'programmes', programmeId, 'programme');
    const action = to === 'completed' ? 'programmes.complete' : 'programmes.archive';
    ensureCan(workspace, action, await programmeManagerIds(workspace, programme));
    return updateDoc(
      workspace,
      'programmes',
      programmeId,
      (current) => {
        if (current.status === to || current.status === 'archived') {
          throw new HostFailure('conflict', `“${current.name}” ${already[current.status]}.`);
        }
        return unwrap(
          transition('programme', current, to, {
            by: workspace.actor.id,
            at: workspace.now(),
          }),
        );
      },
      'programme',
    );
  };

export const programmeCommands = (deps: FeatureDeps) => ({
  'programmes.create': create(deps),
  'programmes.edit': edit(deps),
  'programmes.complete': move(deps, 'completed'),
  'programmes.archive': move(deps, 'archived'),
});
