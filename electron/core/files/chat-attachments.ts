import { HostFailure } from '../../../shared/contract';
import type { StoredFile } from '../../../shared/contract';
import { isBroadcastChatId, mayWriteChat } from '../../../shared/domain/conversations';
import { databaseOf, uploadScopeOf } from '../../../shared/sync/layout';
import { loadChatForMember } from '../chats/chat-access';
import type { Workspace } from '../workspace';
import { getDoc } from '../workspace';
import type { FileStore } from './file-store';
import type { UploadQueue } from './upload-queue';

/**
 * Chat attachments (docs/FILES.md): a file goes into the database of its chat's messages
 * (shared/sync/layout `attachmentScopeOf`), so the chat's members — and nobody else — read it;
 * it is read from there only.
 */

/** The chat a file is attached in, checked: the caller writes in it, and it takes files. */
export const chatForAttachment = async (workspace: Workspace, chatId: string): Promise<string> => {
  if (isBroadcastChatId(chatId)) {
    throw new HostFailure('invalid_input', 'A broadcast carries no files.');
  }
  const { chat } = await loadChatForMember(workspace, chatId);
  if (chat && !mayWriteChat(workspace.actor, chat)) {
    throw new HostFailure('forbidden', 'Only its sender writes in a broadcast.');
  }
  return chatId;
};

/**
 * The file a message carries, for someone who may read the message's chat (others get
 * `forbidden`, as for the chat): its chat, and its name and type as sent.
 */
export const attachmentOf = async (
  workspace: Workspace,
  messageId: string,
  ref: string,
): Promise<{ readonly chatId: string; readonly file: StoredFile }> => {
  const message = await getDoc(workspace, 'messages', messageId, 'message');
  await loadChatForMember(workspace, message.chatId);
  const file = message.attachments?.find((each) => each.ref === ref);
  if (!file) throw new HostFailure('not_found', 'This message carries no such file.');
  return { chatId: message.chatId, file };
};

/**
 * Before a message carrying files is written: each is on this machine (attached here, through
 * `files.upload`), and is queued for the chat's database — only now, so a file taken off before
 * sending never leaves the machine.
 */
export const queueAttachments = async (
  deps: { readonly store: FileStore; readonly queue: UploadQueue; readonly kick: () => void },
  workspace: Workspace,
  chatId: string,
  files: readonly StoredFile[],
): Promise<void> => {
  if (files.length === 0) return;
  await chatForAttachment(workspace, chatId);
  const database = databaseOf(uploadScopeOf('attachment', workspace.actor.id, chatId));
  const queued = await deps.queue.list();
  for (const file of files) {
    if (!(await deps.store.has(file.ref))) {
      throw new HostFailure(
        'invalid_input',
        `${file.name} is not on this machine: attach it again.`,
      );
    }
    if (queued.some((entry) => entry.ref === file.ref && entry.database === database)) continue;
    await deps.queue.add({
      ref: file.ref,
      database,
      serverUrl: workspace.serverUrl,
      createdBy: workspace.actor.id,
      name: file.name,
      mimeType: file.mimeType,
      size: file.size,
      queuedAt: workspace.now(),
    });
  }
  deps.kick();
};
