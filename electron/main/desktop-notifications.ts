// Desktop notifications in the desktop app: Electron's Notification, shown from the main process
// for what the host announces (`notifications.alerts`); a click brings the window forward and asks
// the host to open the notification (`notifications.open`), which the window follows. The choice
// of what to announce (new, unread, for this person, wanted on the desktop) is the core's.
import type { NotificationConstructorOptions } from 'electron';
import type { HostResult, NotificationAlert } from '../../shared/contract';
import type { Host } from '../core/host/host';
import type { Logger } from '../core/platform/logger';

/** The part of an Electron Notification used here. */
export interface ShownNotification {
  on(event: 'click' | 'close', listener: () => void): unknown;
  show(): void;
}

export interface DesktopNotificationDeps {
  readonly host: Pick<Host, 'watch' | 'call'>;
  /** Electron's `Notification.isSupported()`. */
  readonly isSupported: () => boolean;
  /** `new Notification(options)`. */
  readonly create: (options: NotificationConstructorOptions) => ShownNotification;
  /** Brings the main window forward (opening one if none is open). */
  readonly showWindow: () => void;
  readonly logger: Logger;
}

const context = { transport: 'memory' } as const;

/** Starts announcing; returns how to stop. */
export const startDesktopNotifications = (deps: DesktopNotificationDeps): (() => void) => {
  if (!deps.isSupported()) {
    deps.logger.info('notifications: this system shows no desktop notifications');
    return () => undefined;
  }
  // Electron drops a notification's click handler once the object is garbage collected: keep
  // each one until it is clicked or closed.
  const live = new Set<ShownNotification>();
  const show = (alert: NotificationAlert) => {
    const shown = deps.create({ title: alert.title, body: alert.body });
    live.add(shown);
    shown.on('close', () => live.delete(shown));
    shown.on('click', () => {
      live.delete(shown);
      deps.showWindow();
      // A summary of several has no single screen: the window alone comes forward.
      if (alert.id.includes(',')) return;
      void deps.host
        .call('notifications.open', { notificationId: alert.id }, context)
        .then((result) => {
          if (!result.ok) deps.logger.warn(`notifications: open failed: ${result.error.message}`);
        });
    });
    shown.show();
  };
  return deps.host.watch('notifications.alerts', {}, context, (result: HostResult<unknown>) => {
    if (!result.ok) {
      deps.logger.warn(`notifications: alerts stopped: ${result.error.message}`);
      return;
    }
    for (const alert of result.value as readonly NotificationAlert[]) show(alert);
  });
};
