import type { InputOf, ReportSummary } from '../../../../shared/contract';
import { reportStates, reportTypes } from '../../../../shared/schema';
import type { ReportState, ReportType } from '../../../../shared/schema';

/**
 * The report list's filters live in the address (`/reports?state=draft&type=task&mine=1`), so a
 * filtered list survives a reload and can be linked to. Type, state and "mine" are asked of the
 * core; the programme and the typed text narrow the rows here, so the programme choices are the
 * programmes the other filters leave.
 */
export interface ReportFilters {
  readonly type: ReportType | null;
  readonly state: ReportState | null;
  readonly programmeId: string | null;
  readonly mine: boolean;
}

const oneOf = <T extends string>(values: readonly T[], value: string | null): T | null =>
  value !== null && (values as readonly string[]).includes(value) ? (value as T) : null;

export const filtersOf = (params: URLSearchParams): ReportFilters => ({
  type: oneOf(reportTypes, params.get('type')),
  state: oneOf(reportStates, params.get('state')),
  programmeId: params.get('programmeId') || null,
  mine: params.get('mine') === '1',
});

export const pathOf = (filters: ReportFilters): string => {
  const params = new URLSearchParams();
  if (filters.type) params.set('type', filters.type);
  if (filters.state) params.set('state', filters.state);
  if (filters.programmeId) params.set('programmeId', filters.programmeId);
  if (filters.mine) params.set('mine', '1');
  const query = params.toString();
  return query ? `/reports?${query}` : '/reports';
};

export const queryOf = (filters: ReportFilters): InputOf<'reports.list'> => ({
  ...(filters.type ? { type: filters.type } : {}),
  ...(filters.state ? { state: filters.state } : {}),
  ...(filters.mine ? { mine: true } : {}),
});

export const hasFilters = (filters: ReportFilters): boolean =>
  filters.type !== null || filters.state !== null || filters.programmeId !== null || filters.mine;

/** The rows the programme filter and the typed text leave. */
export const shownReports = (
  rows: readonly ReportSummary[],
  programmeId: string | null,
  text: string,
): readonly ReportSummary[] => {
  const words = text.toLocaleLowerCase().split(/\s+/).filter(Boolean);
  return rows.filter((row) => {
    if (programmeId && row.programmeId !== programmeId) return false;
    if (words.length === 0) return true;
    const haystack = [row.title, row.programmeName, row.taskTitle ?? '', row.authorName]
      .join(' ')
      .toLocaleLowerCase();
    return words.every((word) => haystack.includes(word));
  });
};

/** The programmes of the rows, by name, for the programme filter. */
export const programmeChoices = (
  rows: readonly ReportSummary[],
): { value: string; label: string }[] =>
  [...new Map(rows.map((row) => [row.programmeId, row.programmeName])).entries()]
    .map(([value, label]) => ({ value, label }))
    .sort((a, b) => a.label.localeCompare(b.label, undefined, { sensitivity: 'base' }));
