import {
  ActionIcon,
  CloseButton,
  Group,
  Loader,
  Text,
  Tooltip,
  UnstyledButton,
} from '@mantine/core';
import { IconFile, IconPaperclip } from '@tabler/icons-react';
import { memo, useEffect, useRef, useState } from 'react';
import { fileLimits } from '../../../../shared/contract';
import type { StoredFile } from '../../../../shared/contract';
import { MAX_ATTACHMENTS } from '../../../../shared/domain/files';
import { hostClient } from '../../host/host-client';
import { downloadFile } from '../../ui/exported-files';
import { readAsBase64 } from '../../ui/FileUpload';
import classes from './Chats.module.css';

const limits = fileLimits.attachment;

/** `1.2 MB`, `340 KB`: a file's size as people read it. */
export const sizeOf = (bytes: number): string =>
  bytes >= 1024 * 1024
    ? `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`
    : `${Math.max(1, Math.round(bytes / 1024))} KB`;

const isPicture = (mimeType: string) => mimeType.startsWith('image/');

/** A file chosen in the composer: uploading, ready (its reference), or refused (why). */
export type Draft =
  | { readonly key: string; readonly name: string; readonly state: 'uploading' }
  | {
      readonly key: string;
      readonly name: string;
      readonly state: 'ready';
      readonly file: StoredFile;
    }
  | {
      readonly key: string;
      readonly name: string;
      readonly state: 'refused';
      readonly reason: string;
    };

/**
 * The composer's paperclip: picks files and uploads each at once (`files.upload`, into the
 * chat's database), so they are on their way while the message is written. Limits are checked
 * here first for a quick answer, and again in the core.
 */
export function AttachButton({
  chatId,
  count,
  onChange,
}: {
  readonly chatId: string;
  readonly count: number;
  readonly onChange: (update: (drafts: readonly Draft[]) => readonly Draft[]) => void;
}) {
  const input = useRef<HTMLInputElement>(null);
  const full = count >= MAX_ATTACHMENTS;
  const upload = async (file: File) => {
    const key = `${file.name}-${file.size}-${Math.random()}`;
    const settle = (draft: Draft) => {
      onChange((drafts) => drafts.map((each) => (each.key === key ? draft : each)));
    };
    onChange((drafts) => [...drafts, { key, name: file.name, state: 'uploading' }]);
    if (!limits.mimeTypes.includes(file.type)) {
      settle({ key, name: file.name, state: 'refused', reason: `Choose ${limits.what}.` });
      return;
    }
    if (file.size > limits.maxBytes) {
      const reason = `It is ${sizeOf(file.size)}; at most ${sizeOf(limits.maxBytes)}.`;
      settle({ key, name: file.name, state: 'refused', reason });
      return;
    }
    try {
      const result = await hostClient.call('files.upload', {
        purpose: 'attachment',
        chatId,
        name: file.name,
        mimeType: file.type,
        dataBase64: await readAsBase64(file),
      });
      settle(
        result.ok
          ? { key, name: result.value.name, state: 'ready', file: result.value }
          : { key, name: file.name, state: 'refused', reason: result.error.message },
      );
    } catch (error) {
      const reason = error instanceof Error ? error.message : 'The file could not be read.';
      settle({ key, name: file.name, state: 'refused', reason });
    }
  };
  return (
    <>
      <input
        ref={input}
        type="file"
        multiple
        hidden
        accept={limits.mimeTypes.join(',')}
        data-testid="attach-input"
        onChange={(event) => {
          const files = [...(event.currentTarget.files ?? [])].slice(0, MAX_ATTACHMENTS - count);
          event.currentTarget.value = '';
          for (const file of files) void upload(file);
        }}
      />
      <Tooltip
        label={full ? `At most ${MAX_ATTACHMENTS} files per message` : 'Attach files'}
        withArrow
      >
        <ActionIcon
          size="lg"
          variant="default"
          aria-label={full ? `Attach files (at most ${MAX_ATTACHMENTS})` : 'Attach files'}
          disabled={full}
          onClick={() => input.current?.click()}
        >
          <IconPaperclip size={18} />
        </ActionIcon>
      </Tooltip>
    </>
  );
}

/** The files chosen for the next message, each removable before it is sent. */
export function DraftChips({
  drafts,
  onRemove,
}: {
  readonly drafts: readonly Draft[];
  readonly onRemove: (key: string) => void;
}) {
  if (drafts.length === 0) return null;
  return (
    <ul className={classes.chips} aria-label="Files to send">
      {drafts.map((draft) => (
        <li
          key={draft.key}
          className={`${classes.chip} ${draft.state === 'refused' ? classes.chipRefused : ''}`}
          data-testid="attachment-chip"
          data-state={draft.state}
        >
          {draft.state === 'uploading' ? <Loader size={12} /> : <IconFile size={14} aria-hidden />}
          <Text size="xs" truncate maw={220} span>
            <bdi>{draft.name}</bdi>
          </Text>
          <Text size="xs" c={draft.state === 'refused' ? 'red.8' : 'dimmed'} span>
            {draft.state === 'ready'
              ? sizeOf(draft.file.size)
              : draft.state === 'uploading'
                ? 'adding…'
                : draft.reason}
          </Text>
          <CloseButton
            size="xs"
            aria-label={`Remove ${draft.name}`}
            onClick={() => {
              onRemove(draft.key);
            }}
          />
        </li>
      ))}
    </ul>
  );
}

/** Opens an attached file: the core reads it from here, or from the chat's database. */
const download = async (messageId: string, file: StoredFile): Promise<string | null> => {
  const result = await hostClient.call('files.read', { ref: file.ref, messageId });
  if (!result.ok) return result.error.message;
  downloadFile({ ...result.value, fileName: file.name, mimeType: file.mimeType });
  return null;
};

/** A picture's thumbnail, once its bytes are here (they are fetched ahead for recent messages). */
function Thumbnail({ messageId, file }: { readonly messageId: string; readonly file: StoredFile }) {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    let current = true;
    void hostClient.call('files.read', { ref: file.ref, messageId }).then((result) => {
      // Shown only as the picture types chats take (never another type under an image's name).
      if (current && result.ok && limits.mimeTypes.includes(result.value.mimeType)) {
        if (isPicture(result.value.mimeType)) {
          setUrl(`data:${result.value.mimeType};base64,${result.value.dataBase64}`);
        }
      }
    });
    return () => {
      current = false;
    };
  }, [messageId, file.ref]);
  return (
    <span className={classes.thumbnail}>
      {url ? <img src={url} alt="" /> : <IconFile size={28} aria-hidden />}
    </span>
  );
}

/** The files a message carries: name and size, a thumbnail for pictures; a click opens one. */
export const MessageAttachments = memo(function MessageAttachments({
  messageId,
  files,
}: {
  readonly messageId: string;
  readonly files: readonly StoredFile[];
}) {
  const [problem, setProblem] = useState<string | null>(null);
  return (
    <div>
      <Group gap={6} mt={4} wrap="wrap" data-testid="message-attachments">
        {files.map((file) => (
          <UnstyledButton
            key={file.ref}
            className={classes.attachment}
            data-testid="message-attachment"
            aria-label={`Open ${file.name}, ${sizeOf(file.size)}`}
            onClick={() => {
              void download(messageId, file).then(setProblem);
            }}
          >
            {isPicture(file.mimeType) ? (
              <Thumbnail messageId={messageId} file={file} />
            ) : (
              <IconFile size={16} aria-hidden />
            )}
            <span className={classes.attachmentText}>
              <Text size="xs" fw={600} truncate maw={200} span>
                <bdi>{file.name}</bdi>
              </Text>
              <Text size="xs" c="dimmed" span>
                {sizeOf(file.size)}
              </Text>
            </span>
          </UnstyledButton>
        ))}
      </Group>
      {problem && (
        <Text size="xs" c="red.8" role="status" data-testid="attachment-problem">
          {problem}
        </Text>
      )}
    </div>
  );
});
