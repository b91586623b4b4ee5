import { ActionIcon, Group, Textarea } from '@mantine/core';
import { IconSend } from '@tabler/icons-react';
import { useState } from 'react';
import { useCommand } from '../../host/use-command';

/**
 * Where a message is written. Enter sends, Shift+Enter starts a new line. Sending works offline:
 * the message is written here at once and waits for the server; what the command refuses (too
 * long, not in the chat) is said under the box and the text stays.
 */
export function Composer({
  chatId,
  chatTitle,
}: {
  readonly chatId: string;
  readonly chatTitle: string;
}) {
  const [body, setBody] = useState('');
  const send = useCommand('chats.send');
  const submit = async () => {
    if (send.pending || body.trim() === '') return;
    const result = await send.run({ chatId, body });
    if (result.ok) setBody('');
  };
  return (
    <Group
      p="sm"
      gap="xs"
      align="flex-end"
      wrap="nowrap"
      style={{ borderTop: '1px solid var(--mantine-color-default-border)' }}
    >
      <Textarea
        style={{ flex: 1 }}
        aria-label={`Message ${chatTitle}`}
        placeholder="Write a message"
        autosize
        minRows={1}
        maxRows={6}
        value={body}
        error={send.error?.message}
        onChange={(event) => {
          setBody(event.currentTarget.value);
        }}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
            event.preventDefault();
            void submit();
          }
        }}
        data-testid="composer"
      />
      <ActionIcon size="lg" aria-label="Send" onClick={() => void submit()} loading={send.pending}>
        <IconSend size={18} />
      </ActionIcon>
    </Group>
  );
}
