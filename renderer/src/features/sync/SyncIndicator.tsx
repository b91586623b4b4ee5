import { Badge, Button, Group, Indicator, Text, Tooltip } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useSyncStore } from '../../shell/sync-store';
import { SyncPanel } from './SyncPanel';
import { syncLooks, timeAgo, useNow } from './sync-looks';

/**
 * The header's sync state: an icon and a word, the outbox count when something waits, and the
 * last sync in its tooltip. It opens the sync panel. `data-state` and `data-outbox` are always the
 * current values, for tests and for anyone inspecting the page.
 */
export function SyncIndicator() {
  const status = useSyncStore((store) => store.status);
  const issueCount = useSyncStore((store) => store.issues.length);
  const [opened, { open, close }] = useDisclosure(false);
  const now = useNow();
  const state = status?.state ?? 'connecting';
  const look = syncLooks[state];
  const outbox = status?.outboxTotal ?? 0;
  const Icon = look.icon;
  const lastSynced = status?.lastSyncedAt
    ? `Last synced ${timeAgo(status.lastSyncedAt, now)}`
    : 'Not synced yet';
  const tooltip = [
    `${look.label}. ${lastSynced}.`,
    outbox > 0 ? `${outbox} ${outbox === 1 ? 'change' : 'changes'} to sync.` : '',
    issueCount > 0 ? `${issueCount} ${issueCount === 1 ? 'issue needs' : 'issues need'} you.` : '',
  ]
    .filter(Boolean)
    .join(' ');
  return (
    <>
      <Tooltip label={tooltip} multiline maw={260} withArrow>
        <Indicator
          disabled={issueCount === 0}
          color="red"
          size={16}
          label={issueCount > 99 ? '99+' : issueCount}
          offset={4}
          data-testid="sync-issues-count"
          style={{ flexShrink: 0 }}
        >
          <Button
            variant="light"
            color={look.color}
            size="sm"
            px="xs"
            onClick={open}
            data-testid="sync-indicator"
            data-state={state}
            data-outbox={outbox}
            aria-label={`Sync: ${look.label}${outbox > 0 ? `, ${outbox} to sync` : ''}. ${lastSynced}. Open the sync panel.`}
            leftSection={<Icon size={18} aria-hidden />}
          >
            <Group gap={6} wrap="nowrap">
              <Text size="sm" fw={500} visibleFrom="md" span>
                {look.label}
              </Text>
              {outbox > 0 && (
                <>
                  <Badge
                    size="sm"
                    color={look.color}
                    variant="filled"
                    visibleFrom="md"
                    tt="none"
                    data-testid="sync-outbox-count"
                  >
                    {outbox} to sync
                  </Badge>
                  <Badge size="sm" color={look.color} variant="filled" hiddenFrom="md" tt="none">
                    {outbox}
                  </Badge>
                </>
              )}
            </Group>
          </Button>
        </Indicator>
      </Tooltip>
      <SyncPanel opened={opened} onClose={close} />
    </>
  );
}
