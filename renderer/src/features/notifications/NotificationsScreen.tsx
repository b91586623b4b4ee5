import {
  Button,
  Card,
  Group,
  SegmentedControl,
  Stack,
  Table,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { categoryLabels } from '../../../../shared/domain/notifications';
import type { NotificationCategory, NotificationDelivery } from '../../../../shared/schema';
import { notificationCategories } from '../../../../shared/schema';
import { useCommand, notifyDone, notifyFailure } from '../../host/use-command';
import { useCommandResult, useLiveQuery } from '../../host/use-host';
import { useSession } from '../../shell/session';
import { PageHeader } from '../../ui/PageHeader';
import { QueryView } from '../../ui/QueryView';
import { NotificationList } from './NotificationList';

const deliveryChoices: { value: NotificationDelivery; label: string }[] = [
  { value: 'inApp', label: 'In the app' },
  { value: 'desktop', label: 'Desktop too' },
  { value: 'off', label: 'Off' },
];

function Preferences({
  preferences,
}: {
  readonly preferences: Readonly<Record<NotificationCategory, NotificationDelivery>>;
}) {
  const setDelivery = useCommand('notifications.setDelivery');
  return (
    <Table data-testid="notification-preferences">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>What</Table.Th>
          <Table.Th>How you hear of it</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {notificationCategories.map((category) => (
          <Table.Tr key={category}>
            <Table.Td id={`category-${category}`}>{categoryLabels[category]}</Table.Td>
            <Table.Td>
              <SegmentedControl
                size="xs"
                aria-labelledby={`category-${category}`}
                data={deliveryChoices}
                value={preferences[category]}
                onChange={(value) => {
                  void setDelivery.run({ category, delivery: value }).then((result) => {
                    if (!result.ok) notifyFailure('The setting was not saved', result.error);
                  });
                }}
              />
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/** Browser mode shows desktop notifications only once the browser allows them. */
function BrowserPermission() {
  const info = useCommandResult('app.info', {});
  const [permission, setPermission] = useState(() =>
    typeof Notification === 'undefined' ? 'unsupported' : Notification.permission,
  );
  if (info.status !== 'ready' || info.value.mode !== 'browser') return null;
  const said =
    permission === 'granted'
      ? 'This browser shows your desktop notifications.'
      : permission === 'denied'
        ? 'This browser blocks notifications from the app: they appear inside the app instead. Allow them in the browser’s site settings to see them on the desktop.'
        : permission === 'unsupported'
          ? 'This browser has no desktop notifications: they appear inside the app instead.'
          : 'Desktop notifications appear inside the app until you allow this browser to show them.';
  return (
    <Group gap="sm">
      <Text size="sm">{said}</Text>
      {permission === 'default' && (
        <Button
          size="xs"
          variant="light"
          onClick={() => {
            void Notification.requestPermission().then(setPermission);
          }}
        >
          Allow desktop notifications
        </Button>
      )}
    </Group>
  );
}

function Broadcast() {
  const broadcast = useCommand('notifications.broadcast');
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  return (
    <Card withBorder padding="md">
      <Stack gap="sm">
        <Title order={3} size="h4">
          Broadcast to everyone
        </Title>
        <TextInput label="Title" value={title} onChange={(e) => setTitle(e.currentTarget.value)} />
        <Textarea
          label="Message"
          autosize
          minRows={2}
          value={body}
          onChange={(e) => setBody(e.currentTarget.value)}
        />
        <Group>
          <Button
            loading={broadcast.pending}
            onClick={() => {
              void broadcast.run({ title, body }).then((result) => {
                if (!result.ok) {
                  notifyFailure('The broadcast was not sent', result.error);
                  return;
                }
                notifyDone(`Sent to ${result.value} people.`);
                setTitle('');
                setBody('');
              });
            }}
          >
            Send to everyone
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

/** Every notification of the person, their preferences and, for admins, broadcasting. */
export function NotificationsScreen() {
  const centre = useLiveQuery('notifications.centre', {});
  const { role } = useSession();
  const markAll = useCommand('notifications.markAllRead');
  return (
    <Stack gap="lg" maw={860}>
      <PageHeader
        title="Notifications"
        description="What changed for you, newest first. Read state follows you to your other machines."
        actions={
          <Button
            variant="light"
            loading={markAll.pending}
            disabled={centre.status !== 'ready' || centre.value.unread === 0}
            onClick={() => void markAll.run({})}
          >
            Mark all read
          </Button>
        }
      />
      <QueryView state={centre}>
        {(value) => (
          <Stack gap="lg">
            <NotificationList items={value.items} />
            <Card withBorder padding="md">
              <Stack gap="sm">
                <Title order={3} size="h4">
                  Settings
                </Title>
                <Text size="sm" c="dimmed">
                  Kept with your profile, so they follow you to your other machines.
                </Text>
                <BrowserPermission />
                <Preferences preferences={value.preferences} />
              </Stack>
            </Card>
          </Stack>
        )}
      </QueryView>
      {role === 'admin' && <Broadcast />}
    </Stack>
  );
}
