import type { Feature } from '../host/registry';
import { watchWorkspace } from '../workspace';
import type { FeatureDeps } from '../workspace';
import { createTaskCommands } from './task-commands';
import { watchCreatableProgrammes, watchTaskDetail } from './task-detail';
import { watchTaskList } from './task-list';

/**
 * Tasks (DESIGN §1–2): managers create and assign them in their programmes, assignees start and
 * complete them. Who may do what is task-access.ts; the commands are task-commands.ts.
 */
export const createTasksFeatures = (deps: FeatureDeps): Feature[] => [
  {
    name: 'tasks',
    commands: createTaskCommands(deps),
    liveQueries: {
      'tasks.list': (input) =>
        watchWorkspace(deps, (workspace) => watchTaskList(workspace, input), {
          rows: [],
          people: {},
          programmes: {},
          canCreate: false,
        }),
      'tasks.detail': ({ taskId }) =>
        watchWorkspace(deps, (workspace) => watchTaskDetail(workspace, taskId), null),
      'tasks.creatable': () =>
        watchWorkspace(deps, (workspace) => watchCreatableProgrammes(workspace), []),
    },
  },
];
