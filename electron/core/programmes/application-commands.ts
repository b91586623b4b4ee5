import { HostFailure } from '../../../shared/contract';
import {
  applicationDecidedDrafts,
  applicationReceivedDrafts,
  transition,
  validateAnswers,
} from '../../../shared/domain';
import { membershipId } from '../../../shared/schema';
import type { ApplicationDoc, ApplicationStatus } from '../../../shared/schema';
import type { CommandHandler } from '../host/registry';
import {
  ensureCan,
  ensureNotArchived,
  findDoc,
  getDoc,
  insertDoc,
  nameOf,
  programmeManagerIds,
  queryDocs,
  requireWorkspace,
  unwrap,
  updateDoc,
} from '../workspace';
import type { FeatureDeps } from '../workspace';
import { isLiveApplication } from './programme-access';
import { notify } from '../notifications/notify';
import { addMembership } from './member-commands';

/** Applying to a programme, and deciding an application. */

const decidedWords: Record<ApplicationStatus, string> = {
  pending: 'is waiting for a decision',
  approved: 'was approved',
  declined: 'was declined',
};

/**
 * One application per person and programme while it counts: a second one is refused while the
 * first waits or was approved. After a decline the person may apply again (with better answers);
 * the declined one stays as the record of that decision.
 */
const apply =
  (deps: FeatureDeps): CommandHandler<'applications.apply'> =>
  async ({ programmeId, answers }) => {
    const workspace = requireWorkspace(deps);
    const me = workspace.actor.id;
    ensureCan(workspace, 'applications.submit', [me]);
    const programme = await getDoc(workspace, 'programmes', programmeId, 'programme');
    ensureNotArchived(programme);
    if (programme.status !== 'active') {
      throw new HostFailure(
        'conflict',
        `“${programme.name}” is completed: it takes no more applications.`,
      );
    }
    if (await findDoc(workspace, 'programmeMembers', membershipId(programmeId, me))) {
      throw new HostFailure('conflict', `You are in “${programme.name}” already.`);
    }
    const mine = await queryDocs(workspace, 'applications', {
      selector: { programmeId, userId: me },
    });
    const standing = mine.find(isLiveApplication);
    if (standing) {
      throw new HostFailure(
        'conflict',
        `You applied to “${programme.name}” already: your application ${decidedWords[standing.status]}.`,
      );
    }
    const checked = validateAnswers(programme.criteria, answers);
    if (!checked.ok) {
      throw new HostFailure(
        'invalid_input',
        checked.issues.length === 1
          ? 'One answer needs attention.'
          : `${checked.issues.length} answers need attention.`,
        checked.issues.map((issue) => ({
          path: issue.fieldId === '' ? 'answers' : issue.fieldId,
          message: issue.message,
        })),
      );
    }
    const now = workspace.now();
    const application = await insertDoc(workspace, 'applications', {
      id: workspace.newId(),
      programmeId,
      userId: me,
      answers: checked.answers,
      status: 'pending',
      createdAt: now,
      updatedAt: now,
    });
    const managers = await programmeManagerIds(workspace, programme);
    const drafts = applicationReceivedDrafts(
      application,
      managers,
      await nameOf(workspace, me),
      programme,
      me,
    );
    await notify(workspace, deps.logger, drafts);
    return application;
  };

/** Decided once: approving makes the applicant a mentor of the programme. */
const decide =
  (deps: FeatureDeps): CommandHandler<'applications.decide'> =>
  async ({ applicationId, decision, note }) => {
    const workspace = requireWorkspace(deps);
    const application = await getDoc(workspace, 'applications', applicationId, 'application');
    const programme = await getDoc(workspace, 'programmes', application.programmeId, 'programme');
    ensureCan(workspace, 'applications.decide', await programmeManagerIds(workspace, programme));
    ensureNotArchived(programme);
    const decided = await updateDoc(
      workspace,
      'applications',
      applicationId,
      (current): ApplicationDoc => {
        if (current.status !== 'pending') {
          throw new HostFailure('conflict', `That application ${decidedWords[current.status]}.`);
        }
        return unwrap(
          transition('application', current, decision, {
            by: workspace.actor.id,
            at: workspace.now(),
            ...(note ? { reason: note } : {}),
          }),
        );
      },
      'application',
    );
    if (decision === 'approved') {
      const memberId = membershipId(programme.id, application.userId);
      if (!(await findDoc(workspace, 'programmeMembers', memberId))) {
        await addMembership(workspace, programme, application.userId, 'mentor');
      }
    }
    await notify(
      workspace,
      deps.logger,
      applicationDecidedDrafts(decided, programme, workspace.actor.id),
    );
    return decided;
  };

export const applicationCommands = (deps: FeatureDeps) => ({
  'applications.apply': apply(deps),
  'applications.decide': decide(deps),
});
