import { ActionIcon, Group, Stack, Textarea } from '@mantine/core';
import { IconSend } from '@tabler/icons-react';
import { useState } from 'react';
import { useCommand } from '../../host/use-command';
import { AttachButton, DraftChips } from './Attachments';
import type { Draft } from './Attachments';

/**
 * Where a message is written. Enter sends, Shift+Enter starts a new line. Sending works offline:
 * the message is written here at once and waits for the server; what the command refuses (too
 * long, not in the chat) is said under the box and the text stays. Files are attached with the
 * paperclip (uploaded at once, removable until sent); a message may be files alone.
 */
export function Composer({
  chatId,
  chatTitle,
}: {
  readonly chatId: string;
  readonly chatTitle: string;
}) {
  const [body, setBody] = useState('');
  const [drafts, setDrafts] = useState<readonly Draft[]>([]);
  const send = useCommand('chats.send');
  const ready = drafts.flatMap((draft) => (draft.state === 'ready' ? [draft.file] : []));
  const uploading = drafts.some((draft) => draft.state === 'uploading');
  const submit = async () => {
    if (send.pending || uploading || (body.trim() === '' && ready.length === 0)) return;
    const result = await send.run({
      chatId,
      body,
      ...(ready.length > 0 ? { attachments: ready } : {}),
    });
    if (result.ok) {
      setBody('');
      setDrafts([]);
    }
  };
  return (
    <Stack gap={0} style={{ borderTop: '1px solid var(--mantine-color-default-border)' }}>
      <DraftChips
        drafts={drafts}
        onRemove={(key) => {
          setDrafts((current) => current.filter((draft) => draft.key !== key));
        }}
      />
      <Group p="sm" gap="xs" align="flex-end" wrap="nowrap">
        <AttachButton chatId={chatId} count={drafts.length} onChange={setDrafts} />
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
        <ActionIcon
          size="lg"
          aria-label="Send"
          onClick={() => void submit()}
          loading={send.pending}
          disabled={uploading}
        >
          <IconSend size={18} />
        </ActionIcon>
      </Group>
    </Stack>
  );
}
