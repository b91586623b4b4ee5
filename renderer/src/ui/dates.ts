/** Dates as people read them, in their own locale. */
const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const dateTimeFormat = new Intl.DateTimeFormat(undefined, {
  dateStyle: 'medium',
  timeStyle: 'short',
});

const valid = (value: string | null | undefined): Date | undefined => {
  if (!value) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
};

export const formatDate = (value: string | null | undefined): string => {
  const date = valid(value);
  return date ? dateFormat.format(date) : '—';
};

export const formatDateTime = (value: string | null | undefined): string => {
  const date = valid(value);
  return date ? dateTimeFormat.format(date) : '—';
};

/** A calendar day `YYYY-MM-DD` (due dates, certificate days) shown without a time-zone shift. */
export const formatDay = (day: string | null | undefined): string => {
  if (!day || !/^\d{4}-\d{2}-\d{2}$/.test(day)) return '—';
  const [year, month, date] = day.split('-').map(Number);
  return dateFormat.format(new Date(year ?? 1970, (month ?? 1) - 1, date ?? 1));
};
