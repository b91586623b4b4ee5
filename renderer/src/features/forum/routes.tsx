import type { RouteDef } from '../../shell/router';
import { NewThreadScreen } from './NewThreadScreen';
import { ThreadListScreen } from './ThreadListScreen';
import { ThreadScreen } from './ThreadScreen';

/** The forum screens. `/forum/new` comes before `/forum/:threadId`, which would match it too. */
export const forumRoutes: readonly RouteDef[] = [
  { pattern: '/forum', render: () => <ThreadListScreen /> },
  { pattern: '/forum/new', render: () => <NewThreadScreen /> },
  {
    pattern: '/forum/:threadId',
    render: ({ threadId = '' }) => <ThreadScreen key={threadId} threadId={threadId} />,
  },
];
