import type { RouteDef } from '../../shell/router';
import { ChatsScreen } from './ChatsScreen';

/** The chat screens: the list alone, and the list with one chat open. */
export const chatsRoutes: readonly RouteDef[] = [
  { pattern: '/chats', render: () => <ChatsScreen /> },
  { pattern: '/chats/:chatId', render: ({ chatId = '' }) => <ChatsScreen chatId={chatId} /> },
];
