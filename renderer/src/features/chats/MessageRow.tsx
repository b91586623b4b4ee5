import { ActionIcon, Button, Group, Menu, Stack, Text, Textarea } from '@mantine/core';
import { IconDots } from '@tabler/icons-react';
import { memo, useState } from 'react';
import type { MessageDoc } from '../../../../shared/schema';
import { notifyFailure, useCommand } from '../../host/use-command';
import { useIsPending, useIssueFor } from '../../shell/sync-store';
import { MessageAttachments } from './Attachments';
import { MessageText } from './MessageText';
import classes from './Chats.module.css';

const timeFormat = new Intl.DateTimeFormat(undefined, { timeStyle: 'short' });

/**
 * Where one's own message stands: waiting on this machine, sent, or refused by the server (with
 * its reason, and Resend once the cause is dealt with).
 */
function DeliveryState({ message }: { readonly message: MessageDoc }) {
  const pending = useIsPending('messages', message.id);
  const issue = useIssueFor('messages', message.id);
  const retry = useCommand('sync.retryIssue');
  if (issue?.kind === 'rejected') {
    return (
      <Group gap={6} data-testid="message-state" data-state="failed">
        <Text size="xs" c="red.8" fw={600}>
          Not sent: {issue.message}
        </Text>
        <Button
          size="compact-xs"
          variant="light"
          color="red"
          loading={retry.pending}
          onClick={() => {
            void retry.run({ id: issue.id }).then((result) => {
              if (!result.ok) notifyFailure('Could not resend', result.error);
            });
          }}
        >
          Resend
        </Button>
      </Group>
    );
  }
  return (
    <Text
      size="xs"
      c="dimmed"
      data-testid="message-state"
      data-state={pending ? 'waiting' : 'sent'}
      title={pending ? 'On this machine; it goes out when you are online.' : 'On the server.'}
    >
      {pending ? 'Waiting to send' : 'Sent'}
    </Text>
  );
}

function EditForm({
  message,
  onDone,
}: {
  readonly message: MessageDoc;
  readonly onDone: () => void;
}) {
  const [body, setBody] = useState(message.body);
  const edit = useCommand('chats.editMessage');
  const save = async () => {
    const result = await edit.run({ messageId: message.id, body });
    if (result.ok) onDone();
  };
  return (
    <Stack gap={4}>
      <Textarea
        aria-label="Edit your message"
        value={body}
        autosize
        minRows={1}
        maxRows={8}
        error={edit.error?.message}
        onChange={(event) => {
          setBody(event.currentTarget.value);
        }}
        onKeyDown={(event) => {
          if (event.key === 'Escape') onDone();
          if (event.key === 'Enter' && !event.shiftKey) {
            event.preventDefault();
            void save();
          }
        }}
        data-autofocus
      />
      <Group gap="xs">
        <Button size="compact-sm" onClick={() => void save()} loading={edit.pending}>
          Save
        </Button>
        <Button size="compact-sm" variant="default" onClick={onDone}>
          Cancel
        </Button>
      </Group>
    </Stack>
  );
}

/** One message: who, when, the text (as text), edited/deleted, and one's own message's state. */
export const MessageRow = memo(function MessageRow({
  message,
  authorName,
  mine,
  focused,
}: {
  readonly message: MessageDoc;
  readonly authorName: string;
  readonly mine: boolean;
  readonly focused: boolean;
}) {
  const [editing, setEditing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const remove = useCommand('chats.deleteMessage');
  const deleted = message.deletedAt !== undefined;
  const time = timeFormat.format(new Date(message.createdAt));
  return (
    <div
      className={`${classes.message} ${mine ? classes.mine : ''} ${focused ? classes.focused : ''}`}
      data-testid="message"
      data-message-id={message.id}
      data-mine={mine}
    >
      <Group justify="space-between" gap="xs" wrap="nowrap">
        <Group gap={8} wrap="nowrap" style={{ minWidth: 0 }}>
          <Text size="sm" fw={600} truncate>
            {mine ? 'You' : authorName}
          </Text>
          <Text size="xs" c="dimmed" component="time" dateTime={message.createdAt}>
            {time}
          </Text>
          {message.editedAt !== undefined && !deleted && (
            <Text size="xs" c="dimmed" data-testid="message-edited">
              (edited)
            </Text>
          )}
        </Group>
        {mine && !deleted && !editing && (
          <Menu position="bottom-end" withinPortal>
            <Menu.Target>
              <ActionIcon
                variant="subtle"
                color="gray"
                aria-label={`Actions for your message at ${time}`}
              >
                <IconDots size={16} />
              </ActionIcon>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Item
                onClick={() => {
                  setEditing(true);
                }}
              >
                Edit
              </Menu.Item>
              <Menu.Item
                color="red"
                onClick={() => {
                  setConfirming(true);
                }}
              >
                Delete
              </Menu.Item>
            </Menu.Dropdown>
          </Menu>
        )}
      </Group>
      {editing ? (
        <EditForm
          message={message}
          onDone={() => {
            setEditing(false);
          }}
        />
      ) : deleted ? (
        <Text size="sm" c="dimmed" fs="italic" data-testid="message-deleted">
          This message was deleted.
        </Text>
      ) : (
        <>
          {message.body !== '' && (
            <Text size="sm" className={classes.body} data-testid="message-body">
              <MessageText body={message.body} />
            </Text>
          )}
          {message.attachments && message.attachments.length > 0 && (
            <MessageAttachments messageId={message.id} files={message.attachments} />
          )}
        </>
      )}
      {confirming && (
        <Group gap="xs" mt={4}>
          <Text size="sm">Delete this message for everyone?</Text>
          <Button
            size="compact-sm"
            color="red"
            loading={remove.pending}
            onClick={() => {
              void remove.run({ messageId: message.id }).then((result) => {
                setConfirming(false);
                if (!result.ok) notifyFailure('Could not delete the message', result.error);
              });
            }}
          >
            Delete
          </Button>
          <Button
            size="compact-sm"
            variant="default"
            onClick={() => {
              setConfirming(false);
            }}
          >
            Keep it
          </Button>
        </Group>
      )}
      {mine && <DeliveryState message={message} />}
    </div>
  );
});
