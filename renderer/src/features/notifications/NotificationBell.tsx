import {
  ActionIcon,
  Anchor,
  Button,
  Group,
  Indicator,
  Popover,
  ScrollArea,
  Text,
  Title,
} from '@mantine/core';
import { IconBell } from '@tabler/icons-react';
import { useState } from 'react';
import { useLiveQuery } from '../../host/use-host';
import { notifyFailure } from '../../host/use-command';
import { hostClient } from '../../host/host-client';
import { hrefOf } from '../../shell/router';
import { NotificationList } from './NotificationList';

/** Shown in the popover; the full list and the preferences are on /notifications. */
const IN_POPOVER = 30;

/**
 * The header's bell: the unread count, and the latest notifications grouped by day. `data-unread`
 * is always the current count, for tests and for anyone inspecting the page.
 */
export function NotificationBell() {
  const centre = useLiveQuery('notifications.centre', {});
  const [opened, setOpened] = useState(false);
  const unread = centre.status === 'ready' ? centre.value.unread : 0;
  const items = centre.status === 'ready' ? centre.value.items.slice(0, IN_POPOVER) : [];
  const label = unread === 0 ? 'Notifications: none unread' : `Notifications: ${unread} unread`;
  const markAll = async () => {
    const result = await hostClient.call('notifications.markAllRead', {});
    if (!result.ok) notifyFailure('Not everything was marked read', result.error);
  };
  return (
    <Indicator
      disabled={unread === 0}
      color="red"
      size={16}
      label={unread > 99 ? '99+' : unread}
      offset={4}
      style={{ flexShrink: 0 }}
    >
      <Popover
        opened={opened}
        onChange={setOpened}
        position="bottom-end"
        width={380}
        shadow="md"
        withArrow
        trapFocus
        returnFocus
      >
        {/* The target gets aria-expanded and aria-controls from the popover: it must be the button. */}
        <Popover.Target>
          <ActionIcon
            variant="light"
            size="lg"
            aria-label={label}
            data-testid="notification-bell"
            data-unread={unread}
            onClick={() => {
              setOpened((open) => !open);
            }}
          >
            <IconBell size={20} aria-hidden />
          </ActionIcon>
        </Popover.Target>
        <Popover.Dropdown p="sm" role="dialog" aria-label="Notifications">
          <Group justify="space-between" mb="xs" wrap="nowrap">
            <Title order={2} size="h5">
              Notifications
            </Title>
            <Button
              size="compact-sm"
              variant="subtle"
              disabled={unread === 0}
              onClick={() => void markAll()}
              data-testid="notifications-mark-all"
            >
              Mark all read
            </Button>
          </Group>
          <ScrollArea.Autosize mah="60vh" type="auto" offsetScrollbars>
            {centre.status === 'error' ? (
              <Text size="sm" c="red">
                {centre.error.message}
              </Text>
            ) : (
              <NotificationList
                items={items}
                onOpen={() => {
                  setOpened(false);
                }}
              />
            )}
          </ScrollArea.Autosize>
          <Anchor
            href={hrefOf('/notifications')}
            size="sm"
            display="block"
            mt="xs"
            onClick={() => {
              setOpened(false);
            }}
          >
            All notifications and settings
          </Anchor>
        </Popover.Dropdown>
      </Popover>
    </Indicator>
  );
}
