import { HostFailure } from '../../../shared/contract';
import { reportSubmittedDrafts, transition } from '../../../shared/domain';
import { submitRefusal } from '../../../shared/domain/reports';
import type { ReportDoc } from '../../../shared/schema';
import type { Feature } from '../host/registry';
import {
  ensureCan,
  getDoc,
  insertDoc,
  nameOf,
  programmeManagerIds,
  removeDoc,
  requireWorkspace,
  unwrap,
  updateDoc,
} from '../workspace';
import type { Workspace } from '../workspace';
import { notify } from '../notifications/notify';
import type { FeatureDeps } from '../workspace';
import { authorsDraft, checkedSubject, readableReport, storedTaskId } from './report-access';
import {
  clearHeldText,
  heldTextRefusal,
  holdText,
  readHeldText,
  releaseHeldText,
} from './held-text';
import { exportReportPdf } from './report-export';
import { reportLiveQueries } from './report-queries';

const ensureSaysSomething = (report: Parameters<typeof submitRefusal>[0]) => {
  const refusal = submitRefusal(report);
  if (refusal !== null) {
    throw new HostFailure('invalid_input', refusal, [{ path: 'achievements', message: refusal }]);
  }
};

/**
 * Programme and task reports (DESIGN §1–2): written as drafts on this machine — offline too, since
 * every write goes to the local database and syncs later — saved as the author types, submitted
 * once (final afterwards), read by admins and the programme's managers, exported to PDF here.
 */
export const createReportsFeatures = (deps: FeatureDeps): Feature[] => {
  /** A submitted report tells its programme's managers (never its author). */
  const notifySubmitted = async (workspace: Workspace, report: ReportDoc) => {
    const programme = await getDoc(workspace, 'programmes', report.programmeId, 'programme');
    const managers = await programmeManagerIds(workspace, programme);
    const author = await nameOf(workspace, report.createdBy);
    await notify(
      workspace,
      deps.logger,
      reportSubmittedDrafts(report, managers, author, programme),
    );
  };
  return [
    {
      name: 'reports',
      commands: {
        'reports.write': async ({ type, programmeId, taskId, submit, ...text }) => {
          const workspace = requireWorkspace(deps);
          ensureCan(workspace, 'reports.write', [workspace.actor.id]);
          await checkedSubject(workspace, type, programmeId, taskId);
          if (submit) ensureSaysSomething(text);
          const now = workspace.now();
          const report: ReportDoc = {
            id: workspace.newId(),
            type,
            programmeId,
            taskId: storedTaskId(taskId),
            title: text.title,
            achievements: text.achievements,
            blockers: text.blockers,
            recommendations: text.recommendations,
            state: submit ? 'submitted' : 'draft',
            ...(submit ? { submittedAt: now } : {}),
            dateCreated: now,
            createdBy: workspace.actor.id,
            createdAt: now,
            updatedAt: now,
          };
          const written = await insertDoc(workspace, 'reports', report);
          if (written.state === 'submitted') await notifySubmitted(workspace, written);
          return written;
        },
        'reports.edit': async ({ reportId, ...changes }) => {
          const workspace = requireWorkspace(deps);
          await authorsDraft(workspace, reportId, 'edit');
          const saved = await updateDoc(
            workspace,
            'reports',
            reportId,
            (current) => {
              // Checked again on the latest version: a pull may have just brought the submitted one.
              if (current.state !== 'draft') {
                throw new HostFailure('conflict', 'This report was submitted: it is final.');
              }
              return { ...current, ...changes, updatedAt: workspace.now() };
            },
            'report',
          );
          // A field saved within its limit no longer needs its over-long text held back.
          await releaseHeldText(workspace.database, reportId, Object.keys(changes));
          return saved;
        },
        'reports.holdText': async ({ reportId, field, text }) => {
          const workspace = requireWorkspace(deps);
          await authorsDraft(workspace, reportId, 'edit');
          await holdText(workspace.database, reportId, field, text);
          return null;
        },
        'reports.submit': async ({ reportId }) => {
          const workspace = requireWorkspace(deps);
          await authorsDraft(workspace, reportId, 'submit');
          // What is held back is part of what the author wrote: the report is not sent without it.
          const held = await readHeldText(workspace.database, reportId);
          const heldRefusal = heldTextRefusal(held);
          if (heldRefusal !== null) {
            const field = Object.keys(held)[0] ?? '(input)';
            throw new HostFailure('invalid_input', heldRefusal, [
              { path: field, message: heldRefusal },
            ]);
          }
          const submitted = await updateDoc(
            workspace,
            'reports',
            reportId,
            (current) => {
              ensureSaysSomething(current);
              return unwrap(
                transition('report', current, 'submitted', {
                  by: workspace.actor.id,
                  at: workspace.now(),
                }),
              );
            },
            'report',
          );
          await notifySubmitted(workspace, submitted);
          return submitted;
        },
        'reports.discardDraft': async ({ reportId }) => {
          const workspace = requireWorkspace(deps);
          await authorsDraft(workspace, reportId, 'discard');
          await removeDoc(workspace, 'reports', reportId, 'report');
          await clearHeldText(workspace.database, reportId);
          return null;
        },
        'reports.exportPdf': async ({ reportId }) => {
          const workspace = requireWorkspace(deps);
          const report = await readableReport(workspace, reportId);
          return exportReportPdf(workspace, report, deps);
        },
      },
      liveQueries: reportLiveQueries(deps),
    },
  ];
};
