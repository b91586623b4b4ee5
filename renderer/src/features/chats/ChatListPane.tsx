import { Badge, Button, Group, Select, Stack, Text } from '@mantine/core';
import { memo, useState } from 'react';
import type { ChatRow } from '../../../../shared/contract';
import { notifyFailure, useCommand } from '../../host/use-command';
import { useLiveQuery } from '../../host/use-host';
import { hrefOf, navigate } from '../../shell/router';
import { QueryView } from '../../ui/QueryView';
import { useSession } from '../../shell/session';
import { NewBroadcastButton } from './BroadcastDialog';
import { NewGroupButton } from './GroupDialogs';
import classes from './Chats.module.css';

const timeFormat = new Intl.DateTimeFormat(undefined, { timeStyle: 'short' });
const dateFormat = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short' });

const when = (iso: string): string => {
  const date = new Date(iso);
  return date.toDateString() === new Date().toDateString()
    ? timeFormat.format(date)
    : dateFormat.format(date);
};

const ChatLink = memo(function ChatLink({
  row,
  current,
}: {
  readonly row: ChatRow;
  readonly current: boolean;
}) {
  const from = row.kind === 'broadcast' ? `Broadcast to all ${row.audience ?? 'mentors'} · ` : '';
  const preview = row.lastMessage
    ? row.lastMessage.deleted
      ? 'Message deleted'
      : `${row.lastMessage.authorName}: ${row.lastMessage.body}`
    : 'No messages yet';
  return (
    <a
      className={classes.chatLink}
      href={hrefOf(`/chats/${encodeURIComponent(row.id)}`)}
      aria-current={current ? 'page' : undefined}
      data-testid="chat-row"
      data-chat-id={row.id}
      data-unread={row.unread}
    >
      <Group justify="space-between" gap="xs" wrap="nowrap">
        <Text size="sm" fw={row.unread > 0 ? 700 : 500} truncate>
          {row.title}
        </Text>
        <Text size="xs" c="dimmed" style={{ flexShrink: 0 }}>
          {row.lastMessage ? when(row.lastMessage.createdAt) : ''}
        </Text>
      </Group>
      <Group justify="space-between" gap="xs" wrap="nowrap">
        <Text size="xs" c="dimmed" truncate>
          {from}
          {preview}
        </Text>
        {row.unread > 0 && (
          <Badge
            size="sm"
            circle={row.unread < 10}
            // The preview beside it truncates; the count never does.
            style={{ flexShrink: 0 }}
            data-testid="unread-count"
            aria-label={`${String(row.unread)} unread`}
          >
            {row.unread >= 1000 ? '999+' : row.unread}
          </Badge>
        )}
      </Group>
    </a>
  );
});

/** Starts (or opens) the direct chat with someone. */
function NewDirectChat() {
  const contacts = useLiveQuery('chats.contacts', {});
  const start = useCommand('chats.startDirect');
  const [open, setOpen] = useState(false);
  if (!open) {
    return (
      <Button
        size="xs"
        variant="light"
        onClick={() => {
          setOpen(true);
        }}
      >
        New chat
      </Button>
    );
  }
  return (
    <Select
      label="Chat with"
      placeholder="Find a person"
      searchable
      autoFocus
      data={
        contacts.status === 'ready'
          ? contacts.value.map((p) => ({ value: p.id, label: p.name }))
          : []
      }
      onChange={(personId) => {
        if (!personId) return;
        void start.run({ personId }).then((result) => {
          setOpen(false);
          if (result.ok) navigate(`/chats/${encodeURIComponent(result.value.chatId)}`);
          else notifyFailure('Could not start the chat', result.error);
        });
      }}
      onDropdownClose={() => {
        setOpen(false);
      }}
    />
  );
}

/** The person's chats, most recent first, with the last message and how many are unread. */
export function ChatListPane({ currentId }: { readonly currentId: string | undefined }) {
  const list = useLiveQuery('chats.list', {});
  const { role } = useSession();
  return (
    <nav className={classes.pane} aria-label="Chats">
      <Stack
        gap="xs"
        p="sm"
        style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}
      >
        <Text fw={600} size="sm">
          Chats
          {list.status === 'ready' && list.value.unreadTotal > 0
            ? ` (${String(list.value.unreadTotal)} unread)`
            : ''}
        </Text>
        <Group gap={6}>
          <NewDirectChat />
          <NewGroupButton />
          {(role === 'admin' || role === 'manager') && <NewBroadcastButton />}
        </Group>
      </Stack>
      <div className={classes.list} data-testid="chat-list">
        <QueryView state={list}>
          {(value) =>
            value.rows.length === 0 ? (
              <Text c="dimmed" size="sm" p="md">
                No chats yet: start one with New chat.
              </Text>
            ) : (
              value.rows.map((row) => (
                <ChatLink key={row.id} row={row} current={row.id === currentId} />
              ))
            )
          }
        </QueryView>
      </div>
    </nav>
  );
}
