import { Text, VisuallyHidden } from '@mantine/core';
import { searchParamsOf, usePath } from '../../shell/router';
import { ChatListPane } from './ChatListPane';
import { ConversationPane } from './ConversationPane';
import classes from './Chats.module.css';

/**
 * Chats as desktop messengers show them: the list on the left, the open chat on the right.
 * `/chats/<id>?message=<id>` opens a chat at one message (what a search result links to).
 */
export function ChatsScreen({ chatId }: { readonly chatId?: string }) {
  const path = usePath();
  const messageId = searchParamsOf(path).get('message') ?? undefined;
  return (
    <div className={classes.layout}>
      <VisuallyHidden component="h1">Chats</VisuallyHidden>
      <ChatListPane currentId={chatId} />
      {chatId ? (
        <ConversationPane key={chatId} chatId={chatId} messageId={messageId} />
      ) : (
        <section className={classes.pane} aria-label="Conversation">
          <Text c="dimmed" p="xl" ta="center">
            Choose a chat on the left, or start one with New chat.
          </Text>
        </section>
      )}
    </div>
  );
}
