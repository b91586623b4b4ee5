import {
  Alert,
  Anchor,
  Button,
  Divider,
  Drawer,
  Group,
  Paper,
  Stack,
  Text,
  ThemeIcon,
  Title,
} from '@mantine/core';
import { IconPlayerPause, IconPlayerPlay } from '@tabler/icons-react';
import type { OutboxEntry, SyncStatus } from '../../../../shared/contract';
import { OUTBOX_LIST_LIMIT } from '../../../../shared/contract';
import { collectionLabel, documentPath } from '../../../../shared/domain/document-title';
import type { CollectionName } from '../../../../shared/schema';
import { notifyFailure, useCommand } from '../../host/use-command';
import { useLiveQuery } from '../../host/use-host';
import { hrefOf } from '../../shell/router';
import { useSyncStore } from '../../shell/sync-store';
import { formatDateTime } from '../../ui/dates';
import { FilesOutbox } from './FilesOutbox';
import { AllClear, PanelSection } from './panel-parts';
import { SyncIssues } from './SyncIssues';
import { syncLooks, timeAgo, useNow } from './sync-looks';

function StateSection({ status }: { readonly status: SyncStatus | null }) {
  const now = useNow();
  const pause = useCommand('sync.pause');
  const resume = useCommand('sync.resume');
  const state = status?.state ?? 'connecting';
  const look = syncLooks[state];
  const Icon = look.icon;
  const paused = state === 'paused';
  const toggle = async () => {
    const result = paused ? await resume.run({}) : await pause.run({});
    if (!result.ok)
      notifyFailure(paused ? 'Could not resume sync' : 'Could not pause sync', result.error);
  };
  return (
    <Paper withBorder radius="md" p="md" data-testid="sync-state">
      <Stack gap="sm">
        <Group justify="space-between" wrap="nowrap" align="flex-start">
          <Group gap="sm" wrap="nowrap">
            <ThemeIcon variant="light" color={look.color} size="lg" radius="md">
              <Icon size={20} />
            </ThemeIcon>
            <div>
              <Text fw={600} data-testid="sync-state-label">
                {look.label}
              </Text>
              <Text size="xs" c="dimmed" data-testid="sync-last-synced">
                {status?.lastSyncedAt
                  ? `Last synced ${timeAgo(status.lastSyncedAt, now)} (${formatDateTime(status.lastSyncedAt)})`
                  : 'Not synced yet in this session'}
              </Text>
            </div>
          </Group>
          <Button
            variant="default"
            size="xs"
            leftSection={paused ? <IconPlayerPlay size={14} /> : <IconPlayerPause size={14} />}
            loading={pause.pending || resume.pending}
            style={{ flexShrink: 0 }}
            onClick={() => void toggle()}
          >
            {paused ? 'Resume sync' : 'Pause sync'}
          </Button>
        </Group>
        <Text size="sm">{look.explanation}</Text>
        {status?.error && (
          <Alert
            color={state === 'offline' ? 'orange' : 'red'}
            variant="light"
            p="xs"
            data-testid="sync-error"
          >
            <Text size="xs" style={{ overflowWrap: 'anywhere' }}>
              {status.error}
            </Text>
          </Alert>
        )}
      </Stack>
    </Paper>
  );
}

function OutboxSection({
  status,
  onNavigate,
}: {
  readonly status: SyncStatus | null;
  readonly onNavigate: () => void;
}) {
  const entries = useLiveQuery('sync.outbox', {});
  const total = status?.outboxTotal ?? 0;
  const listed = entries.status === 'ready' ? entries.value : [];
  const byCollection = new Map<CollectionName, OutboxEntry[]>();
  for (const entry of listed) {
    byCollection.set(entry.collection, [...(byCollection.get(entry.collection) ?? []), entry]);
  }
  const counts = Object.entries(status?.outbox ?? {}) as [CollectionName, number][];
  return (
    <PanelSection title="Waiting to sync" count={total} testId="sync-outbox">
      {total === 0 ? (
        <AllClear>Everything is on the server.</AllClear>
      ) : (
        <Stack gap="sm">
          <Text size="sm" c="dimmed">
            Saved on this machine; {total === 1 ? 'it goes' : 'they go'} to the server when sync can
            reach it.
          </Text>
          {counts.map(([collection, count]) => (
            <div key={collection} data-testid="sync-outbox-collection" data-collection={collection}>
              <Text size="sm" fw={600}>
                {collectionLabel[collection]} ({count})
              </Text>
              <Stack gap={2} pl="sm" mt={2}>
                {(byCollection.get(collection) ?? []).map((entry) => {
                  const path = documentPath(entry.collection, entry.id);
                  return path ? (
                    <Anchor
                      key={entry.id}
                      href={hrefOf(path)}
                      size="sm"
                      lineClamp={1}
                      onClick={onNavigate}
                    >
                      {entry.title}
                    </Anchor>
                  ) : (
                    <Text key={entry.id} size="sm" lineClamp={1}>
                      {entry.title}
                    </Text>
                  );
                })}
                {count > OUTBOX_LIST_LIMIT && (
                  <Text size="xs" c="dimmed">
                    and {count - OUTBOX_LIST_LIMIT} more
                  </Text>
                )}
              </Stack>
            </div>
          ))}
        </Stack>
      )}
    </PanelSection>
  );
}

/** Everything about sync in one place: its state, what waits, and what needs the person. */
export function SyncPanel({
  opened,
  onClose,
}: {
  readonly opened: boolean;
  readonly onClose: () => void;
}) {
  const status = useSyncStore((store) => store.status);
  return (
    <Drawer
      opened={opened}
      onClose={onClose}
      position="right"
      size="md"
      title={
        <Title order={2} size="h4">
          Sync
        </Title>
      }
      data-testid="sync-panel"
    >
      {opened && (
        <Stack gap="lg" data-testid="sync-panel-body">
          <StateSection status={status} />
          <OutboxSection status={status} onNavigate={onClose} />
          <FilesOutbox />
          <Divider />
          <SyncIssues onNavigate={onClose} />
        </Stack>
      )}
    </Drawer>
  );
}
