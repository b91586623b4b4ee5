import { Anchor, Group, Loader, Stack, Text, ThemeIcon } from '@mantine/core';
import {
  IconAlertTriangle,
  IconCheck,
  IconDeviceFloppy,
  IconInfoCircle,
} from '@tabler/icons-react';
import { SyncMark } from '../../ui/SyncMark';
import { fieldList } from './draft-text';
import type { SaveStatus } from './use-draft-autosave';

const timeFormat = new Intl.DateTimeFormat(undefined, { timeStyle: 'short' });

/**
 * Where the draft stands: saving, saved on this machine (and "not synced yet" until the server has
 * it), or why it is not saved — the text stays in the editor either way.
 */
export function DraftSaveState({
  status,
  reportId,
  onRetry,
}: {
  readonly status: SaveStatus;
  readonly reportId: string | null;
  readonly onRetry: () => void;
}) {
  const savedAt = status.savedAt ? ` at ${timeFormat.format(status.savedAt)}` : '';
  let content: React.ReactNode;
  switch (status.phase) {
    case 'idle':
      content = (
        <>
          <ThemeIcon variant="light" color="gray" size="sm" radius="xl">
            <IconDeviceFloppy size={14} />
          </ThemeIcon>
          <Text size="sm" c="dimmed">
            Saved on this machine as you type.
          </Text>
        </>
      );
      break;
    case 'waiting':
    case 'saving':
      content = (
        <>
          <Loader size={14} />
          <Text size="sm" c="dimmed">
            Saving…
          </Text>
        </>
      );
      break;
    case 'saved':
      content = (
        <>
          <ThemeIcon variant="light" color="teal" size="sm" radius="xl">
            <IconCheck size={14} />
          </ThemeIcon>
          <Text size="sm" c="dimmed">
            {status.savedAt ? `Saved on this machine${savedAt}` : 'Saved on this machine'}
            {status.message ? ` — ${status.message}` : ''}
          </Text>
          {reportId !== null && <SyncMark collection="reports" id={reportId} />}
        </>
      );
      break;
    case 'blocked':
      content = (
        <>
          <ThemeIcon variant="light" color="yellow" size="sm" radius="xl">
            <IconInfoCircle size={14} />
          </ThemeIcon>
          <Text size="sm" c="dimmed">
            {reportId === null ? 'Not saved yet: ' : ''}
            {status.message}
          </Text>
        </>
      );
      break;
    case 'error':
      content = (
        <>
          <ThemeIcon variant="light" color="red" size="sm" radius="xl">
            <IconAlertTriangle size={14} />
          </ThemeIcon>
          <Text size="sm" c="red">
            Not saved: {status.message} Your text is still here.
          </Text>
          <Anchor component="button" type="button" size="sm" onClick={onRetry}>
            Try again
          </Anchor>
        </>
      );
      break;
    default: {
      const unknownPhase: never = status.phase;
      content = String(unknownPhase);
    }
  }
  const held = status.held;
  return (
    <Stack gap={4} role="status" aria-live="polite">
      <Group gap={8} wrap="wrap" mih={28} data-testid="draft-save-state" data-state={status.phase}>
        {content}
      </Group>
      {held.length > 0 && (
        <Group gap={8} wrap="nowrap" align="flex-start" data-testid="draft-held">
          <ThemeIcon variant="light" color="orange" size="sm" radius="xl">
            <IconAlertTriangle size={14} />
          </ThemeIcon>
          <Text size="sm" c="orange">
            {fieldList(held)} {held.length === 1 ? 'is' : 'are'} over the limit: kept on this
            machine only, not in the report, until you shorten {held.length === 1 ? 'it' : 'them'}.
          </Text>
        </Group>
      )}
    </Stack>
  );
}
