import type {
  ApplicationDoc,
  CertificateDoc,
  ChatDoc,
  ForumPostDoc,
  MessageDoc,
  ProgrammeDoc,
  ReportDoc,
  TaskDoc,
  UserDetailsDoc,
} from '../schema/index';
import { draftsFor, type NotificationDraft } from './notifications';

/**
 * Who hears of each event, and what they read (issue 16). Pure: the commands pass the documents
 * and the people (a programme's managers...) they looked up, and write what comes back with
 * electron/core/notifications/notify. Whoever caused the event is never among the recipients.
 */

type Named = Pick<ProgrammeDoc, 'name'>;

/** A short excerpt of what someone wrote, for a notification's body. */
const excerpt = (body: string, max = 140): string => {
  const line = body.replace(/\s+/g, ' ').trim();
  return line.length <= max ? line : `${line.slice(0, max - 1)}…`;
};

/** People newly given a task (created with them, or assigned since): each hears once. */
export const taskAssignedDrafts = (
  task: Pick<TaskDoc, 'id' | 'title' | 'programmeId'>,
  newAssignees: readonly string[],
  by: string,
  at: string,
  programme: Named,
): NotificationDraft[] =>
  draftsFor(newAssignees, by, {
    kind: 'task_assigned',
    entityId: task.id,
    programmeId: task.programmeId,
    // Each assignment is its own event: assigned, taken off and assigned again is heard twice.
    event: `assigned ${at}`,
    title: `New task for you: ${task.title}`,
    body: `In ${programme.name}.`,
  });

/** Who was not on the task before and is now. */
export const newlyAssigned = (
  before: readonly string[],
  after: readonly string[],
): readonly string[] => after.filter((person) => !before.includes(person));

/**
 * A task's managers hear it is completed. The event is which completion it is (the first, or the
 * second after a reopen), not when: the same task completed offline on two machines is one
 * completion once merged, and one notification.
 */
export const taskCompletedDrafts = (
  task: Pick<TaskDoc, 'id' | 'title' | 'transitions' | 'programmeId'>,
  managerIds: readonly string[],
  by: string,
  byName: string,
): NotificationDraft[] =>
  draftsFor(managerIds, by, {
    kind: 'task_completed',
    entityId: task.id,
    programmeId: task.programmeId,
    event: `completed ${Math.max(1, (task.transitions ?? []).filter((step) => step.to === 'completed').length)}`,
    title: `Task completed: ${task.title}`,
    body: `${byName} marked it completed.`,
  });

export const applicationReceivedDrafts = (
  application: Pick<ApplicationDoc, 'id' | 'programmeId'>,
  managerIds: readonly string[],
  applicantName: string,
  programme: Named,
  by: string,
): NotificationDraft[] =>
  draftsFor(managerIds, by, {
    kind: 'application_received',
    entityId: application.id,
    programmeId: application.programmeId,
    event: 'received',
    title: `New application to ${programme.name}`,
    body: `${applicantName} applied. It waits for a decision in Approvals.`,
  });

export const applicationDecidedDrafts = (
  application: Pick<ApplicationDoc, 'id' | 'userId' | 'status' | 'programmeId'>,
  programme: Named,
  by: string,
): NotificationDraft[] =>
  draftsFor([application.userId], by, {
    kind: 'application_decided',
    entityId: application.id,
    programmeId: application.programmeId,
    // An application is decided once: two managers deciding it offline is one event.
    event: 'decided',
    title:
      application.status === 'approved'
        ? `Your application to ${programme.name} was approved`
        : `Your application to ${programme.name} was declined`,
    body:
      application.status === 'approved'
        ? 'You are now a mentor in the programme.'
        : 'You may apply again with new answers.',
  });

export const reportSubmittedDrafts = (
  report: Pick<ReportDoc, 'id' | 'title' | 'createdBy' | 'programmeId'>,
  managerIds: readonly string[],
  authorName: string,
  programme: Named,
): NotificationDraft[] =>
  draftsFor(managerIds, report.createdBy, {
    kind: 'report_submitted',
    entityId: report.id,
    programmeId: report.programmeId,
    event: 'submitted',
    title: `Report submitted: ${report.title}`,
    body: `${authorName} submitted it in ${programme.name}.`,
  });

export const detailsDecidedDrafts = (
  details: Pick<UserDetailsDoc, 'id' | 'userId'>,
  by: string,
): NotificationDraft[] =>
  draftsFor([details.userId], by, {
    kind: 'details_decided',
    entityId: details.id,
    event: 'approved',
    title: 'Your mentor details were approved',
    body: 'You can now apply to programmes as an approved mentor.',
  });

export const certificateDecidedDrafts = (
  certificate: Pick<CertificateDoc, 'id' | 'userId' | 'programmeId'>,
  decision: 'approved' | 'revoked',
  programme: Named,
  by: string,
  reason?: string,
): NotificationDraft[] =>
  draftsFor([certificate.userId], by, {
    kind: decision === 'approved' ? 'certificate_approved' : 'certificate_revoked',
    entityId: certificate.id,
    programmeId: certificate.programmeId,
    event: decision,
    title:
      decision === 'approved'
        ? `Your certificate for ${programme.name} is approved`
        : `Your certificate for ${programme.name} was revoked`,
    body:
      decision === 'approved'
        ? 'You can print it from My certificates.'
        : `Reason: ${excerpt(reason ?? '')}`,
  });

/**
 * A new direct message tells the other member (chats.send). A group's or a channel's message
 * notifies nobody: a message to many is not a notification each (issue 15).
 */
export const directMessageDrafts = (
  chat: Pick<ChatDoc, 'id' | 'kind' | 'memberIds'>,
  message: Pick<MessageDoc, 'id' | 'createdBy' | 'body'>,
  senderName: string,
): NotificationDraft[] =>
  chat.kind === 'direct'
    ? draftsFor(chat.memberIds, message.createdBy, {
        kind: 'message',
        entityId: chat.id,
        event: message.id,
        title: `New message from ${senderName}`,
        body: excerpt(message.body),
      })
    : [];

/** A reply in a thread tells whoever started the thread (forum.reply). */
export const threadReplyDrafts = (
  thread: Pick<ForumPostDoc, 'id' | 'title' | 'createdBy'>,
  reply: Pick<ForumPostDoc, 'id' | 'createdBy' | 'body'>,
  replierName: string,
): NotificationDraft[] =>
  draftsFor([thread.createdBy], reply.createdBy, {
    kind: 'forum_reply',
    entityId: thread.id,
    event: reply.id,
    title: `${replierName} replied to “${thread.title}”`,
    body: excerpt(reply.body),
  });

/** A broadcast: everyone but the admin who sends it, one notification each. */
export const broadcastDrafts = (
  broadcastId: string,
  everyone: readonly string[],
  by: string,
  title: string,
  body: string,
): NotificationDraft[] =>
  draftsFor(everyone, by, {
    kind: 'broadcast',
    entityId: broadcastId,
    event: broadcastId,
    title,
    body,
  });
