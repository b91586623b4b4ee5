import { Button, Group, Progress, Stack, Text } from '@mantine/core';
import type { FileUploadRow } from '../../../../shared/contract';
import { notifyDone, notifyFailure, useCommand } from '../../host/use-command';
import { useLiveQuery } from '../../host/use-host';
import { PanelSection } from './panel-parts';

const megabytes = (bytes: number) =>
  `${Math.max(0.1, Math.round((bytes / 1024 / 1024) * 10) / 10)} MB`;

const percentOf = (file: FileUploadRow) => Math.round((file.progress ?? 0) * 100);

const stateOf = (file: FileUploadRow) => {
  switch (file.state) {
    case 'waiting':
      return 'waiting';
    case 'sending':
      return `sending, ${String(percentOf(file))} %`;
    case 'refused':
      return `not sent: ${file.reason ?? ''}`;
  }
};

/**
 * A refused file waits for its person: sent again (room freed under the quota, or allowed now), or
 * given up (it stays on this machine; only the server never gets it).
 */
function RefusedFileActions({ file }: { readonly file: FileUploadRow }) {
  const sendAgain = useCommand('files.sendAgain');
  const drop = useCommand('files.dropUpload');
  return (
    <Group gap="xs" justify="flex-end">
      <Button
        size="xs"
        variant="default"
        loading={drop.pending}
        aria-label={`Stop sending ${file.name}`}
        onClick={() =>
          void drop.run({ ref: file.ref }).then((result) => {
            if (!result.ok) notifyFailure(`Could not stop sending ${file.name}`, result.error);
            else notifyDone(`${file.name} stays on this machine only.`);
          })
        }
      >
        Stop sending
      </Button>
      <Button
        size="xs"
        loading={sendAgain.pending}
        aria-label={`Send ${file.name} again`}
        onClick={() =>
          void sendAgain.run({ ref: file.ref }).then((result) => {
            if (!result.ok) notifyFailure(`${file.name} was not sent`, result.error);
          })
        }
      >
        Send again
      </Button>
    </Group>
  );
}

/**
 * Files uploaded here and not yet on the server (docs/FILES.md): "CV.pdf — waiting", "CV.pdf —
 * sending, 40 %" with a bar, or refused with the server's reason and what can be done about it.
 * Nothing shows when none wait.
 */
export function FilesOutbox() {
  const files = useLiveQuery('files.outbox', {});
  const rows = files.status === 'ready' ? files.value : [];
  if (rows.length === 0) return null;
  return (
    <PanelSection title="Files waiting to upload" count={rows.length} testId="sync-files-outbox">
      <Stack gap={6}>
        {rows.map((file) => (
          <Stack key={file.ref} gap={2} data-testid="sync-file" data-state={file.state}>
            <Text size="sm" lineClamp={2} c={file.state === 'refused' ? 'red.8' : undefined}>
              {file.name} ({megabytes(file.size)}) — {stateOf(file)}
            </Text>
            {file.state === 'sending' && (
              <Progress
                value={percentOf(file)}
                size="sm"
                aria-label={`${file.name} uploaded`}
                data-testid="sync-file-progress"
              />
            )}
            {file.state === 'refused' && <RefusedFileActions file={file} />}
          </Stack>
        ))}
      </Stack>
    </PanelSection>
  );
}
