import { HostFailure } from '../../../shared/contract';
import { buildNotification } from '../../../shared/domain';
import type { NotificationDraft } from '../../../shared/domain';
import type { NotificationKind } from '../../../shared/schema';
import type { Logger } from '../platform/logger';
import { findDoc, insertDoc, queryDocs, updateDoc } from '../workspace';
import type { Workspace } from '../workspace';

/**
 * Writes the notifications of an event that a command just caused, one per recipient. They go
 * into the sender's local database like any change, so an event made offline notifies once it
 * syncs; from the sender's private database the server carries each one to its recipient's
 * (server/provision). The id comes from recipient, kind, entity and event: a notification that
 * exists already (the same event written again, or by another machine) is left as it is.
 *
 * The command's own change is made by then, so a notification that cannot be written is logged,
 * never thrown: the person's work must not look failed because a notice about it was not sent.
 */
export const notify = async (
  workspace: Workspace,
  logger: Logger,
  drafts: readonly NotificationDraft[],
): Promise<number> => {
  let written = 0;
  for (const draft of drafts) {
    if (draft.recipientId === workspace.actor.id) continue;
    const doc = buildNotification(draft, workspace.actor.id, workspace.now());
    try {
      if (await findDoc(workspace, 'notifications', doc.id)) continue;
      await insertDoc(workspace, 'notifications', doc);
      written += 1;
    } catch (error) {
      if (error instanceof HostFailure && error.code === 'conflict') continue;
      logger.error(`notifications: ${draft.kind} for ${draft.recipientId} was not written`, error);
    }
  }
  return written;
};

/**
 * Reading a chat or a thread reads what the bell said about it (new messages, replies): the bell
 * follows what the person has seen, on this machine and, through sync, on their others.
 */
export const markReadAbout = async (
  workspace: Workspace,
  kind: Extract<NotificationKind, 'message' | 'forum_reply'>,
  entityId: string,
): Promise<void> => {
  const me = workspace.actor.id;
  const unread = await queryDocs(workspace, 'notifications', {
    selector: { recipientId: me, createdBy: { $ne: me }, kind, read: false },
  });
  for (const doc of unread) {
    if (doc.link?.id !== entityId) continue;
    await updateDoc(workspace, 'notifications', doc.id, (current) => {
      const now = workspace.now();
      return current.read ? current : { ...current, read: true, readAt: now, updatedAt: now };
    });
  }
};
