import { Anchor, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useEffect, useRef } from 'react';
import type { NotificationAlert } from '../../../../shared/contract';
import { hostClient } from '../../host/host-client';
import { useCommandResult } from '../../host/use-host';
import { hrefOf, navigate } from '../../shell/router';

/** Opens what a notification is about through the host, which marks it read and asks us to go. */
const openNotification = (id: string) => {
  void hostClient.call('notifications.open', { notificationId: id });
};

/** The browser's own notification when it allows them, else a toast inside the app. */
const showInBrowser = (alert: NotificationAlert) => {
  const summary = alert.id.includes(',');
  if (typeof Notification !== 'undefined' && Notification.permission === 'granted') {
    const shown = new Notification(alert.title, { body: alert.body, tag: alert.id });
    shown.onclick = () => {
      window.focus();
      if (summary) navigate('/notifications');
      else openNotification(alert.id);
      shown.close();
    };
    return;
  }
  notifications.show({
    title: alert.title,
    autoClose: 8000,
    message: (
      <>
        {/* Mantine's description grey is below 4.5:1: the theme's dimmed colour is not. */}
        {alert.body !== '' && (
          <Text size="sm" c="dimmed">
            {alert.body}
          </Text>
        )}
        {(alert.path !== null || summary) && (
          <Anchor
            size="sm"
            href={hrefOf(summary ? '/notifications' : (alert.path ?? '/'))}
            onClick={(event) => {
              if (summary) return;
              event.preventDefault();
              openNotification(alert.id);
            }}
          >
            Open
          </Anchor>
        )}
      </>
    ),
  });
};

/**
 * Desktop notifications, as the window sees them. The desktop app shows them from its main process
 * (electron/main/desktop-notifications.ts) and, when one is clicked, the host asks the window to
 * open its screen: this follows those requests. In browser mode this also shows the alerts.
 */
export function DesktopAlerts() {
  const info = useCommandResult('app.info', {});
  const inBrowser = info.status === 'ready' && info.value.mode === 'browser';
  const lastRequest = useRef<number | null>(null);

  useEffect(
    () =>
      hostClient.watch('notifications.openRequests', {}, (result) => {
        if (!result.ok) return;
        const request = result.value;
        const sequence = request?.sequence ?? 0;
        // The request standing when the window opened was for an earlier window: not followed.
        if (lastRequest.current !== null && request && sequence > lastRequest.current) {
          navigate(request.path);
        }
        lastRequest.current = sequence;
      }),
    [],
  );

  useEffect(() => {
    if (!inBrowser) return undefined;
    return hostClient.watch('notifications.alerts', {}, (result) => {
      if (result.ok) for (const alert of result.value) showInBrowser(alert);
    });
  }, [inBrowser]);

  return null;
}
