import { map } from 'rxjs';
import type { Observable } from 'rxjs';
import { isReadMarker, readMarkerId } from '../../../shared/domain/conversations';
import { READ_MARKER_TITLE } from '../../../shared/domain/notifications';
import { collectionOf, findDoc, insertDoc, updateDoc } from '../workspace';
import type { Workspace } from '../workspace';

/**
 * How far a person has read each chat and forum thread (shared/domain/conversations: a
 * notification to themselves, which syncs to their other machines and nobody else's).
 */
export type ReadKind = 'chat' | 'thread';
const kinds = {
  chat: { kind: 'message', collection: 'chats' },
  thread: { kind: 'forum_reply', collection: 'forumPosts' },
} as const;

/** Records that the person has read `targetId` up to `upTo`; never moves back. */
export const markReadUpTo = async (
  workspace: Workspace,
  what: ReadKind,
  targetId: string,
  upTo: string,
): Promise<void> => {
  const me = workspace.actor.id;
  const id = readMarkerId(me, targetId);
  const marker = await findDoc(workspace, 'notifications', id);
  const now = workspace.now();
  if (!marker) {
    await insertDoc(workspace, 'notifications', {
      id,
      recipientId: me,
      kind: kinds[what].kind,
      title: READ_MARKER_TITLE,
      body: '',
      link: { collection: kinds[what].collection, id: targetId },
      // A read marker is born read (checkWrite's read-marker rule): it only says how far.
      read: true,
      readAt: upTo,
      createdBy: me,
      createdAt: now,
      updatedAt: now,
    });
    return;
  }
  if (marker.read && (marker.readAt ?? '') >= upTo) return;
  await updateDoc(workspace, 'notifications', id, (current) => ({
    ...current,
    read: true,
    // Never backwards: another machine may have read further already.
    readAt: (current.readAt ?? '') > upTo ? current.readAt : upTo,
    updatedAt: now,
  }));
};

/** This person's read markers of one kind: chat or thread id → read up to. */
export const watchReadMarks = (
  workspace: Workspace,
  what: ReadKind,
): Observable<ReadonlyMap<string, string>> =>
  collectionOf(workspace, 'notifications')
    .find({ selector: { recipientId: workspace.actor.id, kind: kinds[what].kind } })
    .$.pipe(
      map(
        (docs) =>
          new Map(
            docs
              .map((doc) => doc.toJSON())
              .filter((doc) => isReadMarker(doc) && doc.createdBy === workspace.actor.id)
              .map((doc) => [doc.link?.id ?? '', doc.readAt ?? ''] as const),
          ),
      ),
    );
