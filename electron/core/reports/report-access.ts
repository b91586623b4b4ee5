import { HostFailure } from '../../../shared/contract';
import { mayReadReport, reportSubjectRefusal } from '../../../shared/domain/reports';
import type { ReportSubject } from '../../../shared/domain/reports';
import { NONE } from '../../../shared/schema/fields';
import type { ReportDoc, ReportType } from '../../../shared/schema';
import {
  allows,
  ensureNotArchived,
  findDoc,
  getDoc,
  programmeManagerIds,
  programmeMemberIds,
} from '../workspace';
import type { Workspace } from '../workspace';

/** Who may report on what, and read which report, with the programme's people looked up here. */

/** The programme (and task) a new report is about, checked for the caller. */
export const checkedSubject = async (
  workspace: Workspace,
  type: ReportType,
  programmeId: string,
  taskId: string | undefined,
): Promise<ReportSubject> => {
  const programme = await getDoc(workspace, 'programmes', programmeId, 'programme');
  ensureNotArchived(programme);
  const task = taskId === undefined ? undefined : await getDoc(workspace, 'tasks', taskId, 'task');
  const subject: ReportSubject = {
    type,
    programme,
    ...(task ? { task } : {}),
    managerIds: await programmeManagerIds(workspace, programme),
    memberIds: await programmeMemberIds(workspace, programme),
  };
  const refusal = reportSubjectRefusal(workspace.actor, subject);
  if (refusal !== null) {
    const wrongProgramme = task !== undefined && task.programmeId !== programme.id;
    throw new HostFailure(
      wrongProgramme ? 'invalid_input' : 'forbidden',
      refusal,
      wrongProgramme ? [{ path: 'taskId', message: refusal }] : undefined,
    );
  }
  return subject;
};

/**
 * A report the caller may change: their own draft, in a programme that is not archived. Everyone
 * else is refused in words that say why; the matrix's `reports.write` is "own" for every role.
 */
export const authorsDraft = async (
  workspace: Workspace,
  reportId: string,
  doing: 'edit' | 'submit' | 'discard',
): Promise<ReportDoc> => {
  const report = await getDoc(workspace, 'reports', reportId, 'report');
  if (!allows(workspace, 'reports.write', [report.createdBy])) {
    throw new HostFailure('forbidden', `Only its author can ${doing} this report.`);
  }
  if (report.state === 'submitted') {
    throw new HostFailure(
      'conflict',
      `This report was submitted: it is final and cannot be ${doing === 'edit' ? 'edited' : doing === 'submit' ? 'submitted again' : 'discarded'}.`,
    );
  }
  if (doing === 'submit') {
    // Submitted, it goes to its programme's database, where only the programme's people (and the
    // task's assignees) may write: someone taken off it since the draft was written is told so
    // here, rather than by the server later. The draft stays theirs to keep or throw away.
    await checkedSubject(
      workspace,
      report.type,
      report.programmeId,
      report.taskId === NONE ? undefined : report.taskId,
    );
  } else if (doing === 'edit') {
    // A draft in an archived programme can no longer change, but its author may still throw it away.
    const programme = await findDoc(workspace, 'programmes', report.programmeId);
    if (programme) ensureNotArchived(programme);
  }
  return report;
};

/** A report the caller may read, or `not_found` (another person's draft does not exist for them). */
export const readableReport = async (
  workspace: Workspace,
  reportId: string,
): Promise<ReportDoc> => {
  const report = await getDoc(workspace, 'reports', reportId, 'report');
  const programme = await findDoc(workspace, 'programmes', report.programmeId);
  const managerIds = programme ? await programmeManagerIds(workspace, programme) : [];
  if (!mayReadReport(workspace.actor, report, managerIds)) {
    throw new HostFailure(
      report.state === 'draft' ? 'not_found' : 'forbidden',
      report.state === 'draft'
        ? 'There is no such report.'
        : 'You may not read this report: it belongs to a programme you do not manage.',
    );
  }
  return report;
};

/** The task id a report document stores: NONE for a programme report. */
export const storedTaskId = (taskId: string | undefined): string => taskId ?? NONE;
