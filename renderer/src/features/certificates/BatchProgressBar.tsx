import { Button, Group, Paper, Progress, Stack, Text } from '@mantine/core';
import { useEffect } from 'react';
import type { BatchProgress } from '../../../../shared/contract';
import { notifyFailure, useCommand } from '../../host/use-command';
import { useLiveQuery } from '../../host/use-host';

const verbs = { generate: 'Generating', render: 'Rendering' } as const;

function describe(batch: BatchProgress): string {
  switch (batch.state) {
    case 'running':
      return `${verbs[batch.kind]} certificate ${String(Math.min(batch.done + 1, batch.total))} of ${String(batch.total)}…`;
    case 'done':
      return `Done: ${String(batch.done)} certificate${batch.done === 1 ? '' : 's'}. The PDFs are in ${batch.folder}.`;
    case 'cancelled':
      return `Cancelled after ${String(batch.done)} of ${String(batch.total)}; what was made is kept in ${batch.folder}.`;
    case 'failed':
      return `Stopped after ${String(batch.done)} of ${String(batch.total)}: ${batch.message ?? 'an error'}.`;
  }
}

/** A batch's progress, live, with a Cancel button while it runs. */
export function BatchProgressBar({
  batchId,
  onFinished,
}: {
  readonly batchId: string;
  readonly onFinished?: (batch: BatchProgress) => void;
}) {
  const state = useLiveQuery('certificates.batch', { batchId });
  const cancel = useCommand('certificates.cancelBatch');
  const batch = state.status === 'ready' ? state.value : null;
  const finished = batch !== null && batch.state !== 'running';
  useEffect(() => {
    if (batch && finished) onFinished?.(batch);
  }, [batch, finished, onFinished]);
  if (!batch) return null;
  const percent = batch.total === 0 ? 100 : Math.round((batch.done / batch.total) * 100);
  return (
    <Paper withBorder p="md" radius="md" data-testid="batch-progress" data-state={batch.state}>
      <Stack gap="xs">
        <Group justify="space-between" wrap="nowrap">
          <Text size="sm" role="status" aria-live="polite">
            {describe(batch)}
          </Text>
          {batch.state === 'running' && (
            <Button
              size="xs"
              variant="default"
              loading={cancel.pending}
              onClick={() => {
                void cancel.run({ batchId }).then((result) => {
                  if (!result.ok) notifyFailure('Could not cancel', result.error);
                });
              }}
            >
              Cancel
            </Button>
          )}
        </Group>
        <Progress
          value={percent}
          color={batch.state === 'failed' ? 'red' : batch.state === 'cancelled' ? 'gray' : 'teal'}
          aria-label={`${String(batch.done)} of ${String(batch.total)} certificates`}
          animated={batch.state === 'running'}
        />
      </Stack>
    </Paper>
  );
}
