import { Stack, Text } from '@mantine/core';
import { useLiveQuery } from '../../host/use-host';
import { PanelSection } from './panel-parts';

const megabytes = (bytes: number) =>
  `${Math.max(0.1, Math.round((bytes / 1024 / 1024) * 10) / 10)} MB`;

/**
 * Files uploaded here and not yet on the server (docs/FILES.md): "CV.pdf — waiting", or refused
 * with the server's reason. Nothing shows when none wait.
 */
export function FilesOutbox() {
  const files = useLiveQuery('files.outbox', {});
  const rows = files.status === 'ready' ? files.value : [];
  if (rows.length === 0) return null;
  return (
    <PanelSection title="Files waiting to upload" count={rows.length} testId="sync-files-outbox">
      <Stack gap={2}>
        {rows.map((file) => (
          <Text
            key={file.ref}
            size="sm"
            lineClamp={2}
            data-testid="sync-file"
            data-state={file.state}
            c={file.state === 'refused' ? 'red.8' : undefined}
          >
            {file.name} ({megabytes(file.size)}) —{' '}
            {file.state === 'waiting' ? 'waiting' : `not taken by the server: ${file.reason ?? ''}`}
          </Text>
        ))}
      </Stack>
    </PanelSection>
  );
}
