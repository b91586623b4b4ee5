import { z } from 'zod';
import {
  assignTaskInput,
  createTaskInput,
  editReportInput,
  editTaskInput,
  holdReportTextInput,
  reopenTaskInput,
  setTaskStatusInput,
  submitReportInput,
  writeReportInput,
} from '../domain/inputs/index';
import { reportStates, reportTypes, taskStatuses } from '../schema/index';
import type { ReportTextField } from '../domain/inputs/index';
import type { ProgrammeDoc, ReportDoc, TaskDoc, TaskStatus } from '../schema/index';
import { command, liveQuery } from './define';
import type { PersonRef } from './programmes';

/** Tasks and reports: the daily work. */

const idInput = z.string().min(1).max(64);

/**
 * One row of the task list. Kept small because a programme may have thousands: names are looked up
 * in the list's `people` and `programmes` maps rather than repeated on every row.
 */
export interface TaskRow {
  readonly id: string;
  readonly title: string;
  readonly status: TaskDoc['status'];
  readonly programmeId: string;
  readonly assignees: readonly string[];
  readonly dueDate: string | null;
  readonly dateCreated: string;
}

export interface TaskList {
  readonly rows: readonly TaskRow[];
  /**
   * Person id → display name, for every assignee in `rows` and every member of `programmes`: the
   * assignee filter's choices do not shrink as the filters narrow the rows.
   */
  readonly people: Readonly<Record<string, string>>;
  /**
   * Programme id → name, for every programme in `rows` and every programme the caller belongs to
   * (admins: all): the programme filter's choices.
   */
  readonly programmes: Readonly<Record<string, string>>;
  /** Whether the caller may create tasks somewhere (a "New task" button). */
  readonly canCreate: boolean;
}

/** A programme the caller may create tasks in, and who its tasks may go to. */
export interface TaskProgrammeChoice {
  readonly id: string;
  readonly name: string;
  readonly status: ProgrammeDoc['status'];
  /** Its managers and mentors, by name. */
  readonly candidates: readonly PersonRef[];
}

/** One move of a task (its `transitions`), with the person named. */
export interface TaskMove {
  readonly from: TaskStatus;
  readonly to: TaskStatus;
  readonly by: PersonRef;
  readonly at: string;
}

export interface TaskPermissions {
  readonly edit: boolean;
  readonly assign: boolean;
  /** Move it to in progress / completed (assignees, the programme's managers). */
  readonly updateStatus: boolean;
  /** Reopen it once completed (the programme's managers, admins). */
  readonly reopen: boolean;
  readonly writeReport: boolean;
}

export interface TaskDetail {
  readonly task: TaskDoc;
  readonly programme: Pick<ProgrammeDoc, 'id' | 'name' | 'status'>;
  readonly assignees: readonly PersonRef[];
  /** Who it may be assigned to: the programme's managers and mentors. */
  readonly candidates: readonly PersonRef[];
  readonly reports: readonly ReportSummary[];
  readonly createdBy: PersonRef;
  /** The moves it went through, oldest first: who started it, completed it... and when. */
  readonly history: readonly TaskMove[];
  readonly can: TaskPermissions;
}

export type ReportSummary = Pick<
  ReportDoc,
  | 'id'
  | 'type'
  | 'title'
  | 'state'
  | 'programmeId'
  | 'taskId'
  | 'createdBy'
  | 'dateCreated'
  | 'submittedAt'
  | 'updatedAt'
> & {
  readonly programmeName: string;
  readonly taskTitle: string | null;
  readonly authorName: string;
};

export interface ReportDetail {
  readonly report: ReportDoc;
  readonly programme: Pick<ProgrammeDoc, 'id' | 'name' | 'status'>;
  readonly task: Pick<TaskDoc, 'id' | 'title' | 'status'> | null;
  readonly author: PersonRef;
  readonly can: { readonly edit: boolean; readonly submit: boolean; readonly discard: boolean };
  /**
   * The author's own text held back from this draft because it is over its limit, by field: kept
   * on this machine only (never synced) until shortened. Empty for everyone else.
   */
  readonly held: Readonly<Partial<Record<ReportTextField, string>>>;
}

export interface ExportedFile {
  /** Where the file was written on this machine. */
  readonly path: string;
  readonly fileName: string;
  readonly mimeType: string;
  /** The bytes, for browser mode to offer as a download. */
  readonly dataBase64: string;
}

/** What a person may report on: programmes they are in and tasks assigned to them. */
export interface ReportTargets {
  readonly programmes: readonly Pick<ProgrammeDoc, 'id' | 'name'>[];
  readonly tasks: readonly (Pick<TaskDoc, 'id' | 'title' | 'programmeId' | 'status'> & {
    readonly programmeName: string;
  })[];
}

export const tasksContract = {
  'tasks.create': command<TaskDoc>()(createTaskInput, 'Creates a task in a programme.'),
  'tasks.edit': command<TaskDoc>()(editTaskInput, 'Edits a task’s title, description or due date.'),
  'tasks.assign': command<TaskDoc>()(assignTaskInput, 'Assigns (or reassigns) a task.'),
  'tasks.setStatus': command<TaskDoc>()(
    setTaskStatusInput,
    'An assignee (or a manager of the programme) starts or completes a task.',
  ),
  'tasks.reopen': command<TaskDoc>()(
    reopenTaskInput,
    'Moves a completed task back to in progress: its programme’s managers at any time, its assignees within 2 minutes of completing it (an undo).',
  ),
  'tasks.list': liveQuery<TaskList>()(
    z
      .object({
        programmeId: idInput.optional(),
        status: z.enum(taskStatuses).optional(),
        assignee: idInput.optional(),
      })
      .strict(),
    'Tasks the caller can see, newest first, by programme, status and assignee.',
  ),
  'tasks.detail': liveQuery<TaskDetail | null>()(
    z.object({ taskId: idInput }).strict(),
    'One task with its assignees, candidates and reports; null when the caller may not see it.',
  ),
  'tasks.creatable': liveQuery<readonly TaskProgrammeChoice[]>()(
    z.object({}).strict(),
    'The programmes the caller may create tasks in (not archived), with their candidates.',
  ),
} as const;

export const reportsContract = {
  'reports.write': command<ReportDoc>()(
    writeReportInput,
    'Starts a report: a draft on this machine, or submitted at once.',
  ),
  'reports.edit': command<ReportDoc>()(
    editReportInput,
    'Saves a draft’s text (called as the author types).',
  ),
  'reports.submit': command<ReportDoc>()(submitReportInput, 'Submits a draft: final afterwards.'),
  'reports.holdText': command<null>()(
    holdReportTextInput,
    'Keeps (or lets go of) a draft field’s text that is over its limit, on this machine only.',
  ),
  'reports.discardDraft': command<null>()(
    z.object({ reportId: idInput }).strict(),
    'Deletes one of the caller’s drafts.',
  ),
  'reports.exportPdf': command<ExportedFile>()(
    z.object({ reportId: idInput }).strict(),
    'Renders a report to PDF and saves it to a file.',
  ),
  'reports.list': liveQuery<readonly ReportSummary[]>()(
    z
      .object({
        programmeId: idInput.optional(),
        taskId: idInput.optional(),
        type: z.enum(reportTypes).optional(),
        state: z.enum(reportStates).optional(),
        mine: z.boolean().optional(),
      })
      .strict(),
    'Reports the caller can read (submitted ones, and their own drafts), newest first.',
  ),
  'reports.detail': liveQuery<ReportDetail | null>()(
    z.object({ reportId: idInput }).strict(),
    'One report.',
  ),
  'reports.targets': liveQuery<ReportTargets>()(
    z.object({}).strict(),
    'The programmes and tasks the caller may write a report on.',
  ),
} as const;
