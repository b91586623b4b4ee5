import { BehaviorSubject } from 'rxjs';
import type { OpenRequest } from '../../../shared/contract';
import { HostFailure } from '../../../shared/contract';
import { broadcastDrafts, deliveriesOf, notificationPath } from '../../../shared/domain';
import { isReadMarker } from '../../../shared/domain/conversations';
import type { NotificationDoc } from '../../../shared/schema';
import type { Feature } from '../host/registry';
import {
  ensureCan,
  findDoc,
  getDoc,
  queryDocs,
  requireWorkspace,
  updateDoc,
  watchWorkspace,
} from '../workspace';
import type { FeatureDeps, Workspace } from '../workspace';
import { notify } from './notify';
import {
  fromOthers,
  watchNotificationAlerts,
  watchNotificationCentre,
} from './notification-queries';

/**
 * Notifications (issue 16): the bell, read state, preferences, broadcasts and desktop alerts.
 * The notifications themselves are written by the commands of the events (notify.ts).
 */

const markRead = async (workspace: Workspace, id: string): Promise<boolean> => {
  const doc = await getDoc(workspace, 'notifications', id, 'notification');
  if (doc.recipientId !== workspace.actor.id) {
    throw new HostFailure('forbidden', 'That notification is someone else’s.');
  }
  // A read marker moves only as its chat or thread is read (chats/read-markers).
  if (isReadMarker(doc)) return false;
  if (doc.read) return false;
  await updateDoc(
    workspace,
    'notifications',
    id,
    (current): NotificationDoc => {
      const now = workspace.now();
      return current.read ? current : { ...current, read: true, readAt: now, updatedAt: now };
    },
    'notification',
  );
  return true;
};

export const createNotificationsFeatures = (deps: FeatureDeps): Feature[] => {
  // The window follows the latest request (a desktop notification clicked in the main process).
  const openRequests = new BehaviorSubject<OpenRequest | null>(null);
  return [
    {
      name: 'notifications',
      commands: {
        'notifications.markRead': async ({ notificationId }) => {
          await markRead(requireWorkspace(deps), notificationId);
          return null;
        },
        'notifications.markAllRead': async () => {
          const workspace = requireWorkspace(deps);
          const unread = await queryDocs(workspace, 'notifications', {
            selector: { ...fromOthers(workspace.actor.id), read: false },
          });
          let changed = 0;
          for (const doc of unread) if (await markRead(workspace, doc.id)) changed += 1;
          return changed;
        },
        'notifications.setDelivery': async ({ category, delivery }) => {
          const workspace = requireWorkspace(deps);
          if (!(await findDoc(workspace, 'users', workspace.actor.id))) {
            throw new HostFailure(
              'conflict',
              'Create your profile first (My profile): these settings are kept with it.',
            );
          }
          await updateDoc(
            workspace,
            'users',
            workspace.actor.id,
            (current) => ({
              ...current,
              notificationPreferences: { ...current.notificationPreferences, [category]: delivery },
              updatedAt: workspace.now(),
            }),
            'profile',
          );
          return null;
        },
        'notifications.broadcast': async ({ title, body }) => {
          const workspace = requireWorkspace(deps);
          ensureCan(workspace, 'notifications.broadcast');
          const people = await queryDocs(workspace, 'users', {});
          const everyone = people.map((person) => person.id);
          return notify(
            workspace,
            deps.logger,
            broadcastDrafts(workspace.newId(), everyone, workspace.actor.id, title, body),
          );
        },
        'notifications.open': async ({ notificationId }) => {
          const workspace = requireWorkspace(deps);
          const doc = await getDoc(workspace, 'notifications', notificationId, 'notification');
          await markRead(workspace, notificationId);
          openRequests.next({
            sequence: (openRequests.value?.sequence ?? 0) + 1,
            path: notificationPath(doc) ?? '/',
            notificationId,
          });
          return null;
        },
      },
      liveQueries: {
        'notifications.centre': () =>
          watchWorkspace(deps, watchNotificationCentre, {
            items: [],
            unread: 0,
            preferences: deliveriesOf(undefined),
          }),
        'notifications.alerts': () => watchWorkspace(deps, watchNotificationAlerts, []),
        'notifications.openRequests': () => openRequests.asObservable(),
      },
    },
  ];
};
