import { z } from 'zod';
import { TEXT_MAX, TITLE_MAX } from '../../schema/fields';
import { reportTypes } from '../../schema/reports';
import { dayInput, idInput, idListInput, textInput, titleInput } from './fields';

/** Tasks and reports. */
export const createTaskInput = z.strictObject({
  programmeId: idInput,
  title: titleInput,
  description: textInput,
  assignees: idListInput.optional(),
  dueDate: dayInput.optional(),
});

export const editTaskInput = z.strictObject({
  taskId: idInput,
  title: titleInput.optional(),
  description: textInput.optional(),
  /** null clears the due date. */
  dueDate: dayInput.nullable().optional(),
});

export const assignTaskInput = z.strictObject({ taskId: idInput, assignees: idListInput });

export const setTaskStatusInput = z.strictObject({
  taskId: idInput,
  status: z.enum(['in_progress', 'completed'], 'A task is started or completed.'),
});

/** A programme's managers reopen a completed task; its assignee may take completing it back. */
export const reopenTaskInput = z.strictObject({ taskId: idInput });

const reportText = {
  title: titleInput,
  achievements: textInput,
  blockers: textInput,
  recommendations: textInput,
};

/** A new report, a draft unless `submit` says to send it at once. */
export const writeReportInput = z
  .strictObject({
    type: z.enum(reportTypes, 'A report is about a programme or a task.'),
    programmeId: idInput,
    taskId: idInput.optional(),
    ...reportText,
    submit: z.boolean().optional(),
  })
  .refine((report) => (report.type === 'task') === (report.taskId !== undefined), {
    message: 'A task report names its task; a programme report names none.',
    path: ['taskId'],
  });

export const editReportInput = z.strictObject({
  reportId: idInput,
  title: titleInput.optional(),
  achievements: textInput.optional(),
  blockers: textInput.optional(),
  recommendations: textInput.optional(),
});

export const submitReportInput = z.strictObject({ reportId: idInput });

/** The parts of a report a person writes, and how long each may be. */
export const reportTextLimits = {
  title: TITLE_MAX,
  achievements: TEXT_MAX,
  blockers: TEXT_MAX,
  recommendations: TEXT_MAX,
} as const;
export type ReportTextField = keyof typeof reportTextLimits;
export const reportTextFields = Object.keys(reportTextLimits) as ReportTextField[];

/**
 * Text held back from a draft because it is over its limit: kept on this machine until shortened
 * (reports.holdText). Bounded so a runaway paste cannot fill the disk; a 100 KB paste fits.
 */
export const HELD_TEXT_MAX = 1_000_000;

export const holdReportTextInput = z.strictObject({
  reportId: idInput,
  field: z.enum(reportTextFields),
  /** null lets it go (the field was shortened and saved, or emptied). */
  text: z
    .string()
    .max(
      HELD_TEXT_MAX,
      'That is more text than this app keeps for one field (1,000,000 characters).',
    )
    .nullable(),
});
