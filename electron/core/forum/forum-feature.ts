import type { Feature } from '../host/registry';
import { watchWorkspace } from '../workspace';
import type { FeatureDeps } from '../workspace';
import { createForumCommands } from './forum-commands';
import { watchThread, watchThreadList } from './forum-queries';

/**
 * The forum (issue 15): the organisation's threads and each programme's, replies, and moderation.
 * Who reads and moderates what is forum-access.ts; the commands are forum-commands.ts.
 */
export const createForumFeatures = (deps: FeatureDeps): Feature[] => [
  {
    name: 'forum',
    commands: createForumCommands(deps),
    liveQueries: {
      'forum.threads': ({ forum }) =>
        watchWorkspace(deps, (workspace) => watchThreadList(workspace, forum), {
          rows: [],
          forums: [],
        }),
      'forum.thread': ({ threadId, postId }) =>
        watchWorkspace(deps, (workspace) => watchThread(workspace, threadId, postId), null),
    },
  },
];
