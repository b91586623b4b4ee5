import { combineLatest, filter, map } from 'rxjs';
import type { Observable } from 'rxjs';
import type {
  NotificationAlert,
  NotificationCentre,
  NotificationItem,
} from '../../../shared/contract';
import {
  deliveriesOf,
  deliveryOf,
  notificationKindRules,
  notificationPath,
} from '../../../shared/domain';
import { isReadMarker } from '../../../shared/domain/conversations';
import type { NotificationDoc, UserDoc } from '../../../shared/schema';
import { watchDoc, watchDocs, watchPeopleNames } from '../workspace';
import type { PeopleNames, Workspace } from '../workspace';

/** The bell lists this many; older ones stay in the database (and count while unread). */
export const CENTRE_SIZE = 200;
/** More alerts than this at once (a week offline, then a sync) become one summary alert. */
export const ALERTS_AT_ONCE = 3;

type Preferences = UserDoc['notificationPreferences'];

const shown = (preferences: Preferences) => (doc: NotificationDoc) =>
  !isReadMarker(doc) && deliveryOf(preferences, doc.kind) !== 'off';

/**
 * A person's notifications from others. Their read markers (how far they read each chat and
 * thread, shared/domain/conversations) are the only notifications they write to themselves, so
 * leaving out their own keeps markers out of the bell's page, count and alerts at the query.
 */
export const fromOthers = (me: string) => ({ recipientId: me, createdBy: { $ne: me } });

const itemOf = (doc: NotificationDoc, names: PeopleNames): NotificationItem => ({
  id: doc.id,
  kind: doc.kind,
  category: notificationKindRules[doc.kind].category,
  title: doc.title,
  body: doc.body,
  path: notificationPath(doc),
  read: doc.read,
  createdAt: doc.createdAt,
  fromName: names.get(doc.createdBy) ?? doc.createdBy,
});

/** The signed-in person's bell: their notifications, newest first, and what is unread. */
export const watchNotificationCentre = (workspace: Workspace): Observable<NotificationCentre> => {
  const me = workspace.actor.id;
  return combineLatest([
    watchDocs(workspace, 'notifications', {
      selector: fromOthers(me),
      sort: [{ createdAt: 'desc' }],
      limit: CENTRE_SIZE,
    }),
    watchDocs(workspace, 'notifications', { selector: { ...fromOthers(me), read: false } }),
    watchDoc(workspace, 'users', me),
    watchPeopleNames(workspace),
  ]).pipe(
    map(([latest, unread, profile, names]) => {
      const preferences = profile?.notificationPreferences;
      const visible = shown(preferences);
      return {
        items: latest.filter(visible).map((doc) => itemOf(doc, names)),
        unread: unread.filter(visible).length,
        preferences: deliveriesOf(preferences),
      };
    }),
  );
};

/**
 * What to show on the desktop: unread notifications for the signed-in person that appear in the
 * local database after the watch began — brought by sync, or written on this machine by someone
 * else's command (never one's own: nobody is notified of their own action) — in a category they
 * want on the desktop. The ones there at the start were there before: they are in the bell.
 */
export const watchNotificationAlerts = (
  workspace: Workspace,
): Observable<readonly NotificationAlert[]> => {
  const me = workspace.actor.id;
  const seen = new Set<string>();
  let primed = false;
  return combineLatest([
    watchDocs(workspace, 'notifications', {
      selector: { ...fromOthers(me), read: false },
      sort: [{ createdAt: 'asc' }],
    }),
    watchDoc(workspace, 'users', me),
  ]).pipe(
    map(([unread, profile]): readonly NotificationAlert[] | null => {
      const fresh = unread.filter((doc) => !seen.has(doc.id));
      for (const doc of fresh) seen.add(doc.id);
      if (!primed) {
        primed = true;
        return [];
      }
      const alerts = fresh
        .filter(
          (doc) =>
            doc.createdBy !== me &&
            !isReadMarker(doc) &&
            deliveryOf(profile?.notificationPreferences, doc.kind) === 'desktop',
        )
        .map((doc) => ({
          id: doc.id,
          title: doc.title,
          body: doc.body,
          path: notificationPath(doc),
        }));
      if (alerts.length === 0) return null;
      return alerts.length <= ALERTS_AT_ONCE
        ? alerts
        : [
            {
              id: alerts
                .map((alert) => alert.id)
                .join(',')
                .slice(0, 64),
              title: `${alerts.length} new notifications`,
              body: 'Open the bell to see them.',
              path: null,
            },
          ];
    }),
    filter((alerts): alerts is readonly NotificationAlert[] => alerts !== null),
  );
};
