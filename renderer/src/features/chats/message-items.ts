import type { MessageDoc } from '../../../../shared/schema';

/** What the history shows, in order: a day's separator, then that day's messages. */
export type HistoryItem =
  | { readonly kind: 'day'; readonly key: string; readonly label: string }
  | { readonly kind: 'message'; readonly key: string; readonly message: MessageDoc };

const dayFormat = new Intl.DateTimeFormat(undefined, {
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
});

/** The local calendar day of an instant, `YYYY-MM-DD`. */
export const localDay = (iso: string): string => {
  const date = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${String(date.getFullYear())}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
};

/** "Today", "Yesterday", or the day written out. */
export const dayLabel = (iso: string, now: Date): string => {
  const day = localDay(iso);
  if (day === localDay(now.toISOString())) return 'Today';
  const yesterday = new Date(now);
  yesterday.setDate(now.getDate() - 1);
  if (day === localDay(yesterday.toISOString())) return 'Yesterday';
  return dayFormat.format(new Date(iso));
};

/** Messages (oldest first) with a separator before the first message of each day. */
export const historyItems = (messages: readonly MessageDoc[], now: Date): HistoryItem[] => {
  const items: HistoryItem[] = [];
  let previousDay = '';
  for (const message of messages) {
    const day = localDay(message.createdAt);
    if (day !== previousDay) {
      items.push({ kind: 'day', key: `day-${day}`, label: dayLabel(message.createdAt, now) });
      previousDay = day;
    }
    items.push({ kind: 'message', key: message.id, message });
  }
  return items;
};
