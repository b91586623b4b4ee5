import { useMemo } from 'react';
import type { ProgrammeStatus } from '../../../../shared/schema';
import { useLiveQuery } from '../../host/use-host';

export interface Option {
  readonly value: string;
  readonly label: string;
}

/** The tech stacks and job roles admins keep, as choices; empty until loaded. */
export const useReferenceChoices = () => {
  const lists = useLiveQuery('referenceLists.all', {});
  return useMemo(() => {
    const value = lists.status === 'ready' ? lists.value : { techStack: [], jobRole: [] };
    return {
      loaded: lists.status === 'ready',
      techStacks: value.techStack.map((entry): Option => ({ value: entry.id, label: entry.name })),
      jobRoles: value.jobRole.map((entry) => entry.name),
    };
  }, [lists]);
};

/**
 * Programmes as choices (the programmes feature's live query). When it cannot answer, the choice is
 * simply empty: the rest of a form does not depend on it.
 */
export const useProgrammeChoices = (status?: ProgrammeStatus) => {
  const programmes = useLiveQuery('programmes.list', status ? { status } : {});
  return useMemo(
    () => ({
      failed: programmes.status === 'error',
      options:
        programmes.status === 'ready'
          ? programmes.value.map((summary): Option => ({
              value: summary.programme.id,
              label: summary.programme.name,
            }))
          : [],
    }),
    [programmes],
  );
};
