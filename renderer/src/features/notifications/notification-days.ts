import type { NotificationItem } from '../../../../shared/contract';

export interface NotificationDay {
  /** `Today`, `Yesterday`, or the date as people read it. */
  readonly label: string;
  readonly items: readonly NotificationItem[];
}

const dayKey = (date: Date): string => `${date.getFullYear()}-${date.getMonth()}-${date.getDate()}`;

const dayFormat = new Intl.DateTimeFormat(undefined, {
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
});

/** Notifications (newest first) grouped by the local day they were made, newest day first. */
export const groupByDay = (
  items: readonly NotificationItem[],
  now: Date = new Date(),
): NotificationDay[] => {
  const today = dayKey(now);
  const yesterday = dayKey(new Date(now.getFullYear(), now.getMonth(), now.getDate() - 1));
  const days: { key: string; label: string; items: NotificationItem[] }[] = [];
  for (const item of items) {
    const made = new Date(item.createdAt);
    const key = Number.isNaN(made.getTime()) ? 'unknown' : dayKey(made);
    let day = days.at(-1);
    if (day?.key !== key) {
      const label =
        key === today
          ? 'Today'
          : key === yesterday
            ? 'Yesterday'
            : key === 'unknown'
              ? 'Earlier'
              : dayFormat.format(made);
      day = { key, label, items: [] };
      days.push(day);
    }
    day.items.push(item);
  }
  return days.map(({ label, items: dayItems }) => ({ label, items: dayItems }));
};

const timeFormat = new Intl.DateTimeFormat(undefined, { timeStyle: 'short' });

export const timeOf = (iso: string): string => {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '' : timeFormat.format(date);
};
