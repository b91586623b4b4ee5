import type { ReportType } from '../../../../shared/schema';

export const reportTypeLabel: Record<ReportType, string> = {
  task: 'Task report',
  programme: 'Programme report',
};

/** The three parts of every report, in the order they are written and read. */
export const reportSections = [
  {
    field: 'achievements',
    label: 'Achievements',
    hint: 'What got done, learnt or delivered.',
  },
  {
    field: 'blockers',
    label: 'Blockers',
    hint: 'What is in the way, and what would unblock it.',
  },
  {
    field: 'recommendations',
    label: 'Recommendations',
    hint: 'What should happen next, and who should do it.',
  },
] as const;

export type ReportSectionField = (typeof reportSections)[number]['field'];
