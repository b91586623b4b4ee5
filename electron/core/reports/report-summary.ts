import type { ReportSummary } from '../../../shared/contract';
import type { ReportDoc } from '../../../shared/schema';

/** How lists show a report: its own fields and the names of what it is about and who wrote it. */
export const reportSummaryOf = (
  report: ReportDoc,
  names: {
    readonly programmeName: string;
    readonly taskTitle: string | null;
    readonly authorName: string;
  },
): ReportSummary => ({
  id: report.id,
  type: report.type,
  title: report.title,
  state: report.state,
  programmeId: report.programmeId,
  taskId: report.taskId,
  createdBy: report.createdBy,
  dateCreated: report.dateCreated,
  ...(report.submittedAt === undefined ? {} : { submittedAt: report.submittedAt }),
  updatedAt: report.updatedAt,
  ...names,
});
