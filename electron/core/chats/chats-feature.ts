import { map } from 'rxjs';
import type { PersonRef } from '../../../shared/contract';
import type { Feature } from '../host/registry';
import { byName, displayName, watchDocs, watchWorkspace } from '../workspace';
import type { FeatureDeps } from '../workspace';
import { watchChatList } from './chat-list';
import { createChatCommands } from './chat-commands';
import type { ChatAttachments } from './chat-commands';
import { watchConversation } from './conversation';

/**
 * Chats (issue 15): direct chats (two people, for life), group chats and one channel per
 * programme. The commands are chat-commands.ts; who is in which chat is chat-access.ts.
 */
export const createChatsFeatures = (deps: FeatureDeps, attachments: ChatAttachments): Feature[] => [
  {
    name: 'chats',
    commands: createChatCommands(deps, attachments),
    liveQueries: {
      'chats.list': () =>
        watchWorkspace(deps, (workspace) => watchChatList(workspace), { rows: [], unreadTotal: 0 }),
      'chats.conversation': (input) =>
        watchWorkspace(deps, (workspace) => watchConversation(workspace, input), null),
      'chats.contacts': () =>
        watchWorkspace(
          deps,
          (workspace) =>
            watchDocs(workspace, 'users', {}).pipe(
              map((users): PersonRef[] =>
                users
                  .filter((user) => user.id !== workspace.actor.id)
                  .map((user) => ({ id: user.id, name: displayName(user) }))
                  .sort(byName),
              ),
            ),
          [],
        ),
    },
  },
];
