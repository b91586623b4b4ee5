import { Anchor, Box, Button, Group, Stack, Text } from '@mantine/core';
import { memo } from 'react';
import type { NotificationItem } from '../../../../shared/contract';
import { notifyFailure } from '../../host/use-command';
import { hostClient } from '../../host/host-client';
import { hrefOf } from '../../shell/router';
import { groupByDay, timeOf } from './notification-days';

/** Marks one read; a failure is shown, never thrown (the bell must keep working). */
export const markRead = async (notificationId: string): Promise<void> => {
  const result = await hostClient.call('notifications.markRead', { notificationId });
  if (!result.ok) notifyFailure('The notification was not marked read', result.error);
};

const Row = memo(function Row({
  item,
  onOpen,
}: {
  readonly item: NotificationItem;
  readonly onOpen?: () => void;
}) {
  const text = (
    <Stack gap={2} style={{ minWidth: 0, flex: 1 }}>
      <Text size="sm" fw={item.read ? 400 : 700} style={{ overflowWrap: 'anywhere' }}>
        {item.title}
      </Text>
      {item.body !== '' && (
        <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
          {item.body}
        </Text>
      )}
      <Text size="xs" c="dimmed">
        {item.fromName} · {timeOf(item.createdAt)}
        {item.read ? '' : ' · unread'}
      </Text>
    </Stack>
  );
  const dot = (
    <Box
      aria-hidden
      w={8}
      h={8}
      mt={6}
      style={{
        borderRadius: 4,
        flexShrink: 0,
        background: item.read ? 'transparent' : 'var(--mantine-color-blue-filled)',
      }}
    />
  );
  return (
    <Group
      gap="xs"
      wrap="nowrap"
      align="flex-start"
      py={6}
      data-testid="notification-item"
      data-read={item.read}
    >
      {dot}
      {item.path !== null ? (
        <Anchor
          href={hrefOf(item.path)}
          underline="never"
          c="inherit"
          style={{ flex: 1, minWidth: 0 }}
          onClick={() => {
            if (!item.read) void markRead(item.id);
            onOpen?.();
          }}
        >
          {text}
        </Anchor>
      ) : (
        text
      )}
      {item.path === null && !item.read && (
        <Button size="compact-xs" variant="subtle" onClick={() => void markRead(item.id)}>
          Mark read
        </Button>
      )}
    </Group>
  );
});

/** Notifications grouped by day, each leading to what it is about (and read once opened). */
export function NotificationList({
  items,
  onOpen,
}: {
  readonly items: readonly NotificationItem[];
  readonly onOpen?: () => void;
}) {
  if (items.length === 0) {
    return (
      <Text size="sm" c="dimmed" py="sm">
        Nothing yet. You will hear here when something changes for you.
      </Text>
    );
  }
  return (
    <Stack gap="xs">
      {groupByDay(items).map((day) => (
        <section key={day.label} aria-label={day.label}>
          <Text size="xs" fw={700} tt="uppercase" c="dimmed" component="h3" m={0}>
            {day.label}
          </Text>
          {day.items.map((item) => (
            <Row key={item.id} item={item} {...(onOpen ? { onOpen } : {})} />
          ))}
        </section>
      ))}
    </Stack>
  );
}
