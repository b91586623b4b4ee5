import { Button, Center, Text } from '@mantine/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useLayoutEffect, useMemo, useRef } from 'react';
import type { Conversation } from '../../../../shared/contract';
import { useSession } from '../../shell/session';
import { historyItems } from './message-items';
import { MessageRow } from './MessageRow';
import classes from './Chats.module.css';

/** Within this many pixels of the end counts as "at the newest message". */
const AT_END_PX = 48;

/**
 * A chat's history, newest at the bottom, virtualised (only what is on screen is in the page, so
 * 100,000 messages scroll as smoothly as 100): rows are measured as they render, since messages
 * differ in length. It stays at the newest message while the person is there, keeps their place
 * when older messages are loaded above, and opens at a message asked for (a search result).
 */
export function MessageHistory({
  conversation,
  onLoadEarlier,
  loadingEarlier,
  onAtEnd,
}: {
  readonly conversation: Conversation;
  readonly onLoadEarlier: () => void;
  readonly loadingEarlier: boolean;
  readonly onAtEnd: (atEnd: boolean) => void;
}) {
  const { userId } = useSession();
  const scrollRef = useRef<HTMLDivElement>(null);
  const items = useMemo(
    () => historyItems(conversation.messages, new Date()),
    [conversation.messages],
  );
  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer re-renders this component itself on scroll; nothing below memoizes its functions
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: (index) => (items[index]?.kind === 'day' ? 40 : 72),
    getItemKey: (index) => items[index]?.key ?? index,
    overscan: 8,
  });

  const atEnd = useRef(true);
  const firstId = conversation.messages[0]?.id;
  const previousFirst = useRef(firstId);
  const focused = useRef<string | null>(null);
  const newestId = conversation.messages.at(-1)?.id;

  // Where to be after the messages change: at the asked-for message (once), where the person was
  // when earlier ones arrived above, or at the newest when they were there.
  useLayoutEffect(() => {
    const focusId = conversation.focusId;
    if (focusId && focused.current !== focusId) {
      const index = items.findIndex((item) => item.key === focusId);
      if (index >= 0) {
        focused.current = focusId;
        atEnd.current = false;
        virtualizer.scrollToIndex(index, { align: 'center' });
        return;
      }
    }
    if (previousFirst.current !== firstId && previousFirst.current !== undefined) {
      const index = items.findIndex((item) => item.key === previousFirst.current);
      previousFirst.current = firstId;
      if (index > 0 && !atEnd.current) {
        virtualizer.scrollToIndex(index, { align: 'start' });
        return;
      }
    }
    previousFirst.current = firstId;
    if (atEnd.current && items.length > 0)
      virtualizer.scrollToIndex(items.length - 1, { align: 'end' });
    // Items follow the messages; the newest id and the first id say what changed.
  }, [items, firstId, newestId, conversation.focusId, virtualizer]);

  useEffect(() => {
    onAtEnd(atEnd.current);
  }, [newestId, onAtEnd]);

  const onScroll = () => {
    const element = scrollRef.current;
    if (!element) return;
    const nowAtEnd = element.scrollHeight - element.scrollTop - element.clientHeight < AT_END_PX;
    if (nowAtEnd !== atEnd.current) {
      atEnd.current = nowAtEnd;
      onAtEnd(nowAtEnd);
    }
  };

  return (
    <div
      ref={scrollRef}
      className={classes.history}
      onScroll={onScroll}
      role="log"
      aria-label={`Messages in ${conversation.chat.title}`}
      tabIndex={0}
      data-testid="message-history"
    >
      {conversation.hasEarlier && (
        <Center py="xs">
          <Button variant="subtle" size="xs" onClick={onLoadEarlier} loading={loadingEarlier}>
            Load earlier messages
          </Button>
        </Center>
      )}
      {items.length === 0 && (
        <Center py="xl">
          <Text c="dimmed" size="sm">
            No messages yet. Say hello.
          </Text>
        </Center>
      )}
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative', width: '100%' }}>
        {virtualizer.getVirtualItems().map((row) => {
          const item = items[row.index];
          if (!item) return null;
          return (
            <div
              key={row.key}
              data-index={row.index}
              ref={virtualizer.measureElement}
              style={{
                position: 'absolute',
                top: 0,
                left: 0,
                width: '100%',
                transform: `translateY(${String(row.start)}px)`,
              }}
            >
              {item.kind === 'day' ? (
                <div className={classes.day} role="separator" aria-label={item.label}>
                  <Text size="xs" c="dimmed" fw={600}>
                    {item.label}
                  </Text>
                </div>
              ) : (
                <MessageRow
                  message={item.message}
                  authorName={conversation.people[item.message.createdBy] ?? item.message.createdBy}
                  mine={item.message.createdBy === userId}
                  focused={item.message.id === conversation.focusId}
                />
              )}
            </div>
          );
        })}
      </div>
    </div>
  );
}
