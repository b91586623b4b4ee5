import type { RouteDef } from '../../shell/router';
import { NewTaskScreen } from './NewTaskScreen';
import { TaskDetailScreen } from './TaskDetailScreen';
import { TaskListScreen } from './TaskListScreen';

/** The task screens. `/tasks/new` comes before `/tasks/:taskId`, which would match it too. */
export const tasksRoutes: readonly RouteDef[] = [
  { pattern: '/tasks', render: () => <TaskListScreen /> },
  { pattern: '/tasks/new', render: () => <NewTaskScreen />, roles: ['admin', 'manager'] },
  {
    pattern: '/tasks/:taskId',
    render: ({ taskId = '' }) => <TaskDetailScreen key={taskId} taskId={taskId} />,
  },
];
