import { Progress, Stack, Text } from '@mantine/core';
import type { FileUploadRow } from '../../../../shared/contract';
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
      return `not taken by the server: ${file.reason ?? ''}`;
  }
};

/**
 * Files uploaded here and not yet on the server (docs/FILES.md): "CV.pdf — waiting", "CV.pdf —
 * sending, 40 %" with a bar, or refused with the server's reason. Nothing shows when none wait.
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
          </Stack>
        ))}
      </Stack>
    </PanelSection>
  );
}
