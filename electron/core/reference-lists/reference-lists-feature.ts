import { combineLatest, map } from 'rxjs';
import { HostFailure } from '../../../shared/contract';
import type { ReferenceListKind } from '../../../shared/schema';
import type { Feature } from '../host/registry';
import {
  byName,
  ensureCan,
  getDoc,
  insertDoc,
  queryDocs,
  removeDoc,
  requireWorkspace,
  updateDoc,
  watchDocs,
  watchWorkspace,
} from '../workspace';
import type { FeatureDeps, Workspace } from '../workspace';

const listLabel: Record<ReferenceListKind, string> = {
  techStack: 'tech stack',
  jobRole: 'job role',
};

/** Names are unique within a list, whatever their case and spacing (a document alone cannot say). */
const sameName = (a: string, b: string) =>
  a.trim().toLocaleLowerCase() === b.trim().toLocaleLowerCase();

const ensureUniqueName = async (
  workspace: Workspace,
  list: ReferenceListKind,
  name: string,
  exceptId?: string,
) => {
  const entries = await queryDocs(workspace, 'referenceLists', { selector: { list } });
  const clash = entries.find((entry) => entry.id !== exceptId && sameName(entry.name, name));
  if (clash) {
    throw new HostFailure(
      'conflict',
      `There is already a ${listLabel[list]} called “${clash.name}”.`,
      [{ path: 'name', message: 'That name is taken in this list.' }],
    );
  }
};

/** The reference lists admins keep (tech stacks, job roles): DESIGN §1. */
export const createReferenceListsFeatures = (deps: FeatureDeps): Feature[] => [
  {
    name: 'referenceLists',
    commands: {
      'referenceLists.add': async ({ list, name }) => {
        const workspace = requireWorkspace(deps);
        ensureCan(workspace, 'referenceLists.manage');
        await ensureUniqueName(workspace, list, name);
        const now = workspace.now();
        return insertDoc(workspace, 'referenceLists', {
          id: workspace.newId(),
          list,
          name,
          createdBy: workspace.actor.id,
          createdAt: now,
          updatedAt: now,
        });
      },
      'referenceLists.rename': async ({ list, id, name }) => {
        const workspace = requireWorkspace(deps);
        ensureCan(workspace, 'referenceLists.manage');
        const entry = await getDoc(workspace, 'referenceLists', id, 'entry');
        if (entry.list !== list) {
          throw new HostFailure('conflict', `That entry is not a ${listLabel[list]}.`);
        }
        await ensureUniqueName(workspace, list, name, id);
        return updateDoc(workspace, 'referenceLists', id, (current) => ({
          ...current,
          name,
          updatedAt: workspace.now(),
        }));
      },
      'referenceLists.remove': async ({ id }) => {
        const workspace = requireWorkspace(deps);
        ensureCan(workspace, 'referenceLists.manage');
        const entry = await getDoc(workspace, 'referenceLists', id, 'entry');
        if (entry.list === 'organisation') {
          throw new HostFailure(
            'conflict',
            'The organisation’s settings are not a list entry: change them on the Organisation page.',
          );
        }
        if (entry.list === 'techStack') {
          // Mentor details point at tech stacks by id: removing one in use would blank them.
          const users = await queryDocs(workspace, 'userDetails', {
            selector: { technicalProficiency: { $elemMatch: { $eq: id } } },
          });
          if (users.length > 0) {
            throw new HostFailure(
              'conflict',
              `${users.length} ${users.length === 1 ? 'person lists' : 'people list'} “${entry.name}” in their mentor details: rename it instead.`,
            );
          }
        }
        await removeDoc(workspace, 'referenceLists', id, 'entry');
        return null;
      },
    },
    liveQueries: {
      'referenceLists.all': () =>
        watchWorkspace(
          deps,
          (workspace) =>
            combineLatest([
              watchDocs(workspace, 'referenceLists', { selector: { list: 'techStack' } }),
              watchDocs(workspace, 'referenceLists', { selector: { list: 'jobRole' } }),
            ]).pipe(
              map(([techStack, jobRole]) => ({
                techStack: [...techStack].sort(byName),
                jobRole: [...jobRole].sort(byName),
              })),
            ),
          { techStack: [], jobRole: [] },
        ),
    },
  },
];
