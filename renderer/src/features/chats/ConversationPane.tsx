import { Group, Text, Title } from '@mantine/core';
import { useCallback, useEffect, useRef, useState } from 'react';
import { CONVERSATION_PAGE } from '../../../../shared/contract';
import { hostClient } from '../../host/host-client';
import { useLiveQuery } from '../../host/use-host';
import { QueryView } from '../../ui/QueryView';
import { EmptyState } from '../../ui/EmptyState';
import { Composer } from './Composer';
import { GroupMembersButton } from './GroupDialogs';
import { MessageHistory } from './MessageHistory';
import classes from './Chats.module.css';

const kindLabel = {
  direct: 'Direct chat',
  group: 'Group chat',
  programme: 'Programme channel',
  broadcast: 'Broadcast',
} as const;

/** The line under a chat's name: its kind and who is in it. */
const membersLine = (
  chat: { readonly kind: keyof typeof kindLabel; readonly audience?: string },
  members: readonly { readonly name: string }[],
): string => {
  if (chat.kind === 'direct') return kindLabel.direct;
  if (chat.kind === 'broadcast') {
    return `Broadcast to all ${chat.audience ?? 'mentors'} · from ${members.map((m) => m.name).join(', ')}`;
  }
  return `${kindLabel[chat.kind]} · ${members.map((m) => m.name).join(', ')}`;
};

/** One chat: its name, its history and the box to write in. */
export function ConversationPane({
  chatId,
  messageId,
}: {
  readonly chatId: string;
  readonly messageId: string | undefined;
}) {
  const [limit, setLimit] = useState(CONVERSATION_PAGE);
  const state = useLiveQuery('chats.conversation', {
    chatId,
    limit,
    ...(messageId ? { messageId } : {}),
  });
  const conversation = state.status === 'ready' ? state.value : null;
  const [atEnd, setAtEnd] = useState(true);
  const loadedLimit = conversation ? conversation.messages.length : 0;

  // Read up to the newest message while the person is at it, on this window, in view.
  const newest = conversation?.messages.at(-1);
  const readAt = conversation?.readAt ?? '';
  const lastMarked = useRef('');
  useEffect(() => {
    if (!newest || !atEnd || document.visibilityState !== 'visible') return;
    if (newest.createdAt <= readAt || newest.createdAt <= lastMarked.current) return;
    lastMarked.current = newest.createdAt;
    void hostClient.call('chats.markRead', { chatId, upTo: newest.createdAt });
  }, [chatId, newest, atEnd, readAt]);

  const onAtEnd = useCallback((value: boolean) => {
    setAtEnd(value);
  }, []);
  const loadEarlier = useCallback(() => {
    setLimit((current) => Math.max(current, loadedLimit) + CONVERSATION_PAGE);
  }, [loadedLimit]);

  return (
    <section className={classes.pane} aria-label="Conversation">
      <QueryView state={state}>
        {(value) =>
          value === null ? (
            <EmptyState title="This chat is not yours to read">
              Only its members can read a chat. It may also not have reached this machine yet.
            </EmptyState>
          ) : (
            <>
              <Group
                px="md"
                py="sm"
                justify="space-between"
                wrap="nowrap"
                style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}
              >
                <div style={{ minWidth: 0 }}>
                  <Title
                    order={2}
                    size="h4"
                    style={{ overflowWrap: 'anywhere' }}
                    data-testid="chat-title"
                  >
                    {value.chat.title}
                  </Title>
                  <Text size="xs" c="dimmed" truncate>
                    {membersLine(value.chat, value.members)}
                  </Text>
                </div>
                <Group gap="xs" wrap="nowrap">
                  {value.canManageMembers && (
                    <GroupMembersButton chatId={value.chat.id} members={value.members} />
                  )}
                </Group>
              </Group>
              <MessageHistory
                key={chatId}
                conversation={value}
                onLoadEarlier={loadEarlier}
                loadingEarlier={limit > loadedLimit && value.hasEarlier}
                onAtEnd={onAtEnd}
              />
              {value.canWrite ? (
                // One per chat: what was written or attached for one chat never goes to another.
                <Composer key={value.chat.id} chatId={value.chat.id} chatTitle={value.chat.title} />
              ) : (
                <Text
                  size="sm"
                  c="dimmed"
                  p="sm"
                  data-testid="read-only-chat"
                  style={{ borderTop: '1px solid var(--mantine-color-default-border)' }}
                >
                  Only {value.members.map((m) => m.name).join(', ')} writes in this broadcast.
                </Text>
              )}
            </>
          )
        }
      </QueryView>
    </section>
  );
}
