import { z } from 'zod';
import {
  broadcastInput,
  markNotificationReadInput,
  setNotificationDeliveryInput,
} from '../domain/inputs/index';
import type { NotificationCategory, NotificationDelivery, NotificationKind } from '../schema/index';
import { command, liveQuery } from './define';

/** The notification centre (the bell), preferences, and alerts on the desktop. */

export interface NotificationItem {
  readonly id: string;
  readonly kind: NotificationKind;
  readonly category: NotificationCategory;
  readonly title: string;
  readonly body: string;
  /** Where it leads in the app (`/tasks/…`), or null when it has nowhere to go yet. */
  readonly path: string | null;
  readonly read: boolean;
  readonly createdAt: string;
  /** Who caused it, by name. */
  readonly fromName: string;
}

export interface NotificationCentre {
  /** Newest first; the categories the person turned off are left out. */
  readonly items: readonly NotificationItem[];
  readonly unread: number;
  /** Every category with the delivery that applies (the person's choice or the default). */
  readonly preferences: Readonly<Record<NotificationCategory, NotificationDelivery>>;
}

/** A notification to show on the desktop: it arrived (by sync, or made here) while watched. */
export interface NotificationAlert {
  readonly id: string;
  readonly title: string;
  readonly body: string;
  readonly path: string | null;
}

/** A place the person asked to open from outside the window (a desktop notification's click). */
export interface OpenRequest {
  /** Counts up, so the same path asked twice is two requests. */
  readonly sequence: number;
  readonly path: string;
  readonly notificationId: string;
}

const noInput = z.object({}).strict();

export const notificationsContract = {
  'notifications.centre': liveQuery<NotificationCentre>()(
    noInput,
    'The signed-in person’s notifications (the latest 200), the unread count and their preferences.',
  ),
  'notifications.markRead': command<null>()(
    markNotificationReadInput,
    'Marks one of the caller’s notifications read (on every machine of theirs, once synced).',
  ),
  'notifications.markAllRead': command<number>()(
    noInput,
    'Marks all of the caller’s notifications read; answers how many changed.',
  ),
  'notifications.setDelivery': command<null>()(
    setNotificationDeliveryInput,
    'Sets how one category of notifications reaches the caller: in the app, on the desktop too, or off.',
  ),
  'notifications.broadcast': command<number>()(
    broadcastInput,
    'An admin tells everyone something: one notification per person; answers how many.',
  ),
  'notifications.alerts': liveQuery<readonly NotificationAlert[]>()(
    noInput,
    'Unread notifications for the desktop that arrived since the watch began (by sync or made on this machine), oldest first: [] at first.',
  ),
  'notifications.open': command<null>()(
    z.object({ notificationId: z.string().min(1).max(64) }).strict(),
    'Asks the window to open what a notification is about (a desktop notification was clicked).',
  ),
  'notifications.openRequests': liveQuery<OpenRequest | null>()(
    noInput,
    'The latest request to open a notification’s screen, for the window to follow.',
  ),
} as const;
